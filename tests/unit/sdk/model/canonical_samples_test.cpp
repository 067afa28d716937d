// The sample canonical documents of tests/data/canonical, read by the C++ model: the valid ones
// round-trip through the C++ types without loss and validate; the invalid ones are rejected at
// exactly the paths listed in invalid/expectations.json (which ajv is held to as well, by
// tests/tools/check_canonical_schemas.mjs).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/model/canonical_types.hpp>
#include <ledgersync/sdk/model/record_validation.hpp>
#include <ledgersync/sdk/record.hpp>

namespace ledgersync::sdk::model {
namespace {

namespace fs = std::filesystem;

const fs::path kSamples = fs::path(LEDGERSYNC_SOURCE_DIR) / "tests" / "data" / "canonical";

nlohmann::json read_exact(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return parse_json_exact(text.str());
}

struct Sample {
    std::string type;
    fs::path file;
    std::string key;  // "<type>/<file name>", as in expectations.json
};

std::vector<Sample> samples_in(const fs::path& dir) {
    std::vector<Sample> found;
    for (const auto& type_dir : fs::directory_iterator(dir)) {
        if (!type_dir.is_directory()) continue;
        for (const auto& file : fs::directory_iterator(type_dir.path())) {
            if (file.path().extension() != ".json") continue;
            const std::string type = type_dir.path().filename().string();
            found.push_back({type, file.path(), type + "/" + file.path().filename().string()});
        }
    }
    std::sort(found.begin(), found.end(), [](const Sample& a, const Sample& b) { return a.key < b.key; });
    return found;
}

/// from_json then to_json of the C++ type named `type`.
nlohmann::json round_trip(const std::string& type, const nlohmann::json& document) {
    static const std::map<std::string, std::function<nlohmann::json(const nlohmann::json&)>> kRoundTrips = {
        {"customer", [](const nlohmann::json& j) { return Customer::from_json(j).to_json(); }},
        {"product", [](const nlohmann::json& j) { return Product::from_json(j).to_json(); }},
        {"invoice", [](const nlohmann::json& j) { return Invoice::from_json(j).to_json(); }},
        {"payment", [](const nlohmann::json& j) { return Payment::from_json(j).to_json(); }},
        {"refund", [](const nlohmann::json& j) { return Refund::from_json(j).to_json(); }},
        {"expense", [](const nlohmann::json& j) { return Expense::from_json(j).to_json(); }},
        {"payout", [](const nlohmann::json& j) { return Payout::from_json(j).to_json(); }},
        {"dispute", [](const nlohmann::json& j) { return Dispute::from_json(j).to_json(); }},
        {"record", [](const nlohmann::json& j) { return Record::from_json(j).to_json(); }},
    };
    return kRoundTrips.at(type)(document);
}

ValidationProblems validate(const std::string& type, const nlohmann::json& document) {
    if (type == "record") return validate_record_json(document);
    const CanonicalType* canonical = find_canonical_type(type);
    if (canonical == nullptr) throw std::runtime_error("no canonical type " + type);
    return canonical->validate(document);
}

std::set<std::string> paths_of(const ValidationProblems& problems) {
    std::set<std::string> paths;
    for (const auto& p : problems) paths.insert(p.path);
    return paths;
}

TEST(CanonicalSamples, there_are_valid_and_invalid_samples_of_every_type) {
    std::set<std::string> valid_types, invalid_types;
    for (const auto& s : samples_in(kSamples / "valid")) valid_types.insert(s.type);
    for (const auto& s : samples_in(kSamples / "invalid")) invalid_types.insert(s.type);
    const std::set<std::string> all = {"customer", "dispute", "expense", "invoice", "payment",
                                       "payout",   "product", "record",  "refund"};
    EXPECT_EQ(valid_types, all);
    EXPECT_EQ(invalid_types, all);
}

TEST(CanonicalSamples, valid_samples_round_trip_through_the_cpp_types_without_loss) {
    for (const auto& sample : samples_in(kSamples / "valid")) {
        SCOPED_TRACE(sample.key);
        const nlohmann::json document = read_exact(sample.file);
        EXPECT_EQ(round_trip(sample.type, document), document);
    }
}

TEST(CanonicalSamples, valid_samples_have_no_problem) {
    for (const auto& sample : samples_in(kSamples / "valid")) {
        const ValidationProblems problems = validate(sample.type, read_exact(sample.file));
        EXPECT_TRUE(problems.empty()) << sample.key << ":\n" << problems.to_string();
    }
}

TEST(CanonicalSamples, invalid_samples_are_rejected_at_exactly_the_expected_paths) {
    const nlohmann::json expectations = read_exact(kSamples / "invalid" / "expectations.json");
    const auto samples = samples_in(kSamples / "invalid");
    ASSERT_FALSE(samples.empty());
    for (const auto& sample : samples) {
        SCOPED_TRACE(sample.key);
        ASSERT_TRUE(expectations.contains(sample.key)) << "add it to invalid/expectations.json";
        const auto& expected = expectations.at(sample.key);
        const ValidationProblems problems = validate(sample.type, read_exact(sample.file));
        const auto expected_paths = expected.at("paths").get<std::set<std::string>>();
        EXPECT_EQ(paths_of(problems), expected_paths) << problems.to_string();
        if (expected.contains("message_contains")) {
            for (const auto& [path, text] : expected.at("message_contains").items()) {
                const bool found = std::any_of(problems.begin(), problems.end(), [&](const ValidationProblem& p) {
                    return p.path == path && p.message.find(text.get<std::string>()) != std::string::npos;
                });
                EXPECT_TRUE(found) << "no problem at " << path << " says \"" << text.get<std::string>() << "\":\n"
                                   << problems.to_string();
            }
        }
    }
}

TEST(CanonicalSamples, from_json_refuses_documents_of_the_wrong_shape_listing_every_problem) {
    const nlohmann::json expectations = read_exact(kSamples / "invalid" / "expectations.json");
    for (const auto& sample : samples_in(kSamples / "invalid")) {
        if (sample.type == "record" || expectations.at(sample.key).at("tier") != "shape") continue;
        SCOPED_TRACE(sample.key);
        try {
            (void)round_trip(sample.type, read_exact(sample.file));
            ADD_FAILURE() << "from_json accepted a document of the wrong shape";
        } catch (const ModelError& e) {
            EXPECT_EQ(paths_of(e.problems()), expectations.at(sample.key).at("paths").get<std::set<std::string>>());
            for (const auto& p : e.problems()) EXPECT_THAT(e.what(), ::testing::HasSubstr(p.message));
        }
    }
}

TEST(CanonicalSamples, rule_breaking_samples_still_read_into_the_cpp_types) {
    // from_json checks the shape only; the rules are validate()'s: a mapper can read an invoice
    // whose totals are off and report it, rather than fail to see it at all.
    const nlohmann::json expectations = read_exact(kSamples / "invalid" / "expectations.json");
    for (const auto& sample : samples_in(kSamples / "invalid")) {
        if (sample.type == "record" || expectations.at(sample.key).at("tier") != "rules") continue;
        SCOPED_TRACE(sample.key);
        EXPECT_NO_THROW((void)round_trip(sample.type, read_exact(sample.file)));
    }
}

}  // namespace
}  // namespace ledgersync::sdk::model
