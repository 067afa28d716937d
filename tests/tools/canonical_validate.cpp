// canonical_validate: prints the problems the C++ SDK finds in canonical documents, as JSON, so
// that a test can compare them with what a JSON Schema validator (ajv) reports.
//
//   canonical_validate <type> <file> [<type> <file> ...]
//
// <type> is a canonical type ("invoice", ...) or "record". Output: one JSON array with, per
// file, {"file", "type", "problems": [{"path", "message"}]}. Exit status 0 when every file was
// read (whatever the problems), 2 for bad usage or an unreadable or malformed file.
//
// Built as C++17 with the project's strict warnings: it is also the proof that the SDK's model
// headers compile for a partner on C++17.

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/model/canonical_types.hpp>
#include <ledgersync/sdk/model/record_validation.hpp>

namespace {

using ledgersync::sdk::model::ValidationProblems;

int fail(const std::string& message) {
    std::cerr << "canonical_validate: " << message << "\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || (argc - 1) % 2 != 0) {
        return fail("usage: canonical_validate <type> <file> [<type> <file> ...]");
    }
    nlohmann::json results = nlohmann::json::array();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string type = argv[i];
        const std::string file = argv[i + 1];
        std::ifstream in(file, std::ios::binary);
        if (!in) return fail("cannot read " + file);
        std::stringstream text;
        text << in.rdbuf();
        nlohmann::json document;
        try {
            document = ledgersync::sdk::parse_json_exact(text.str());
        } catch (const ledgersync::sdk::JsonParseError& e) {
            return fail(file + " is not JSON: " + e.what());
        }
        ValidationProblems problems;
        if (type == "record") {
            problems = ledgersync::sdk::model::validate_record_json(document);
        } else if (const auto* canonical = ledgersync::sdk::model::find_canonical_type(type)) {
            problems = canonical->validate(document);
        } else {
            return fail("\"" + type + "\" is not a canonical type nor \"record\"");
        }
        nlohmann::json listed = nlohmann::json::array();
        for (const auto& p : problems) listed.push_back({{"path", p.path}, {"message", p.message}});
        results.push_back({{"file", file}, {"type", type}, {"problems", std::move(listed)}});
    }
    std::cout << results.dump(2) << "\n";
    return 0;
}
