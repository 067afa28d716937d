// The memo_prefix mapper under the SDK's mapper test kit: no host, no framework, the same C
// entry point and wire format the host uses. Run by `ctest` (see ../../CMakeLists.txt).
#include <cstdlib>
#include <iostream>
#include <string>

#include <ledgersync/sdk/testing/mapper_test_kit.hpp>

namespace kit = ledgersync::sdk::testing;

namespace {

int failures = 0;

void expect(bool condition, const std::string& what) {
    if (!condition) {
        std::cerr << "FAILED: " << what << "\n";
        ++failures;
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string records = argc > 1 ? argv[1] : "records.jsonl";

    // Every record of the file is mapped, its memo prefixed, and stays a valid invoice.
    kit::MapperTestKit mapper({{"prefix", "HS: "}});
    const auto results = mapper.map_file(records);
    expect(results.size() == 2, "two records mapped");
    for (const auto& result : results) {
        expect(result.ok(), "mapped without failure: " + (result.failure ? result.failure->reason : std::string()));
    }
    if (results.size() == 2 && results[0].ok() && results[1].ok()) {
        expect(results[0].records.at(0).body["memo"] == "HS: March retainer", "an existing memo is prefixed");
        expect(results[1].records.at(0).body["memo"] == "HS: ", "a missing memo becomes the prefix");
        expect(results[1].records.at(0).body["totals"]["total"] == "19.99", "amounts are untouched and exact");
    }

    // A memo that is not text is a data failure with a fix, never a silent change.
    auto odd = kit::read_jsonl(records).at(0);
    odd.body["memo"] = 42;
    const auto refused = mapper.map(odd);
    expect(!refused.ok() && refused.failure->kind == ledgersync::sdk::OutcomeClass::data, "a numeric memo is a data failure");
    expect(!refused.ok() && !refused.failure->fix_hint.empty(), "the failure says how to fix it");

    // A config without its required key is refused, naming the key.
    try {
        kit::MapperTestKit unconfigured(nlohmann::json::object());
        expect(false, "a config without \"prefix\" is refused");
    } catch (const kit::MapperConfigRejected& e) {
        expect(std::string(e.what()).find("/prefix") != std::string::npos, "the refusal names /prefix");
    }

    if (failures == 0) std::cout << "memo_prefix: all checks passed\n";
    return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
