#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ledgersync/sdk/config_instant.hpp>
#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::sdk {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

TEST(ConfigReaderTest, reads_values_and_defaults) {
    ConfigProblems problems;
    const json config = json::parse(R"({"realm_id": "42", "minorversion": 70, "sandbox": true, "scopes": ["a"]})");
    ConfigReader reader(config, problems);
    EXPECT_EQ(reader.required<std::string>("realm_id", "an id"), "42");
    EXPECT_EQ(reader.integer_in("minorversion", 75, 1, 200, "an integer"), 70);
    EXPECT_TRUE(reader.value_or<bool>("sandbox", false, "a flag"));
    EXPECT_EQ(reader.value_or<std::vector<std::string>>("scopes", {}, "scopes"), std::vector<std::string>{"a"});
    EXPECT_EQ(reader.value_or<std::string>("absent", "fallback", "text"), "fallback");
    reader.finish();
    EXPECT_TRUE(problems.empty()) << problems.to_string();
}

TEST(ConfigReaderTest, collects_every_problem_with_path_and_fix) {
    ConfigProblems problems;
    const json config = json::parse(R"({"minorversoin": 70, "environment": "prod", "limits": {"rpm": "fast"}})");
    ConfigReader reader(config, problems, "/connections/qbo/config");
    reader.required<std::string>("realm_id", "the QuickBooks company id");
    reader.one_of("environment", "production", {"production", "sandbox"}, "the Intuit environment");
    reader.integer_in("minorversion", 75, 1, 200, "an integer");
    ConfigReader limits(*reader.raw("limits"), problems, reader.path_of("limits"));
    limits.value_or<std::int64_t>("rpm", 500, "requests per minute");
    limits.finish();
    reader.finish();
    const std::string text = problems.to_string();
    EXPECT_EQ(problems.all().size(), 4u) << text;
    EXPECT_THAT(text, HasSubstr("/connections/qbo/config/realm_id: required key is missing; set it to the QuickBooks company id."));
    EXPECT_THAT(text, HasSubstr("/connections/qbo/config/environment: \"prod\" is not allowed; use one of production, sandbox"));
    EXPECT_THAT(text, HasSubstr("/connections/qbo/config/limits/rpm: expected an integer, got string \"fast\""));
    EXPECT_THAT(text, HasSubstr("/connections/qbo/config/minorversoin: unknown key; did you mean \"minorversion\"?"));
}

TEST(ConfigReaderTest, throw_if_any_raises_a_fatal_error_listing_all_problems) {
    ConfigProblems problems;
    problems.add("/a", "first");
    problems.add("/b", "second");
    try {
        problems.throw_if_any();
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.outcome().kind, OutcomeClass::fatal);
        EXPECT_EQ(e.outcome().reason, "/a: first\n/b: second");
    }
}

TEST(ConfigReaderTest, rejects_a_non_object_and_escapes_pointer_tokens) {
    ConfigProblems problems;
    const json config = json::parse(R"({"a/b": 1, "c~d": 2})");
    ConfigReader reader(config, problems, "/x");
    reader.finish();
    EXPECT_THAT(problems.to_string(), HasSubstr("/x/a~1b: unknown key"));
    EXPECT_THAT(problems.to_string(), HasSubstr("/x/c~0d: unknown key"));

    ConfigProblems more;
    ConfigReader array_reader(json::array(), more, "/y");
    array_reader.required<std::string>("z", "text");
    array_reader.finish();
    ASSERT_EQ(more.all().size(), 1u);
    EXPECT_THAT(more.to_string(), HasSubstr("/y: expected a JSON object, got array []"));
}

}  // namespace
}  // namespace ledgersync::sdk

namespace ledgersync::sdk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using nlohmann::json;

enum class TaxMode { automatic, codes };

TEST(ConfigReaderHelpers, strings_reports_each_bad_element_at_its_index) {
    ConfigProblems problems;
    const json config = json::parse(R"({"streams": ["invoice", "", 7, "refund"], "writes": "invoice"})");
    ConfigReader reader(config, problems, "/c");
    EXPECT_THAT(reader.strings("streams", {}, "a stream name"), ElementsAre("invoice", "refund"));
    EXPECT_THAT(reader.strings("writes", {"payment"}, "a canonical type"), ElementsAre("payment"));
    EXPECT_THAT(reader.strings("absent", {"x"}, "anything"), ElementsAre("x"));
    reader.finish();
    const std::string text = problems.to_string();
    EXPECT_THAT(text, HasSubstr("/c/streams/1: expected a non-empty string"));
    EXPECT_THAT(text, HasSubstr("/c/streams/2: expected a non-empty string, got number 7"));
    EXPECT_THAT(text, HasSubstr("/c/writes: expected an array of strings"));
    EXPECT_EQ(problems.all().size(), 3u);
}

TEST(ConfigReaderHelpers, strings_can_restrict_elements_to_allowed_values) {
    ConfigProblems problems;
    const json config = json::parse(R"({"types": ["invoice", "invoices"]})");
    ConfigReader reader(config, problems);
    EXPECT_THAT(reader.strings("types", {}, "a canonical type", {"invoice", "payment"}), ElementsAre("invoice"));
    EXPECT_THAT(problems.to_string(), HasSubstr("/types/1: \"invoices\" is not allowed; use one of invoice, payment"));
}

TEST(ConfigReaderHelpers, enumeration_maps_names_to_values_and_lists_the_allowed_ones) {
    const std::vector<std::pair<std::string, TaxMode>> names = {{"automatic", TaxMode::automatic}, {"codes", TaxMode::codes}};
    ConfigProblems problems;
    const json config = json::parse(R"({"tax_mode": "codes", "other_mode": "manual"})");
    ConfigReader reader(config, problems);
    EXPECT_EQ(reader.enumeration("tax_mode", TaxMode::automatic, names, "how tax is computed"), TaxMode::codes);
    EXPECT_EQ(reader.enumeration("other_mode", TaxMode::automatic, names, "how tax is computed"), TaxMode::automatic);
    EXPECT_EQ(reader.enumeration("absent", TaxMode::codes, names, "how tax is computed"), TaxMode::codes);
    EXPECT_THAT(problems.to_string(), HasSubstr("/other_mode: \"manual\" is not allowed; use one of automatic, codes"));
    EXPECT_EQ(problems.all().size(), 1u);
}

TEST(ConfigReaderHelpers, currency_accepts_iso_4217_codes_only) {
    ConfigProblems problems;
    const json config = json::parse(R"({"home": "JPY", "lower": "eur", "made_up": "XYZ", "number": 840})");
    ConfigReader reader(config, problems);
    EXPECT_EQ(reader.currency("home"), "JPY");
    EXPECT_EQ(reader.currency("lower"), std::nullopt);
    EXPECT_EQ(reader.currency("made_up"), std::nullopt);
    EXPECT_EQ(reader.currency("number"), std::nullopt);
    EXPECT_EQ(reader.currency("absent"), std::nullopt);
    const std::string text = problems.to_string();
    EXPECT_THAT(text, HasSubstr("/lower: \"eur\" is not an ISO 4217 currency code; write it in upper case: \"EUR\""));
    EXPECT_THAT(text, HasSubstr("/made_up: \"XYZ\" is not an ISO 4217 currency code; use an ISO 4217 code"));
    EXPECT_THAT(text, HasSubstr("/number: expected a string"));
    EXPECT_EQ(problems.all().size(), 3u);
}

TEST(ConfigReaderHelpers, an_instant_is_a_date_at_midnight_utc_or_an_rfc_3339_instant) {
    ConfigProblems problems;
    const json config = json::parse(
        R"({"date": "2026-01-01", "instant": "2026-01-01T09:30:00+02:00", "nonsense": "last week", "bad_day": "2026-02-30"})");
    ConfigReader reader(config, problems);
    EXPECT_EQ(read_config_instant(reader, "date")->epoch_seconds(), 1767225600);
    EXPECT_EQ(read_config_instant(reader, "instant")->epoch_seconds(), 1767225600 + 7 * 3600 + 30 * 60);
    EXPECT_EQ(read_config_instant(reader, "nonsense"), std::nullopt);
    EXPECT_EQ(read_config_instant(reader, "bad_day"), std::nullopt);
    EXPECT_EQ(read_config_instant(reader, "absent"), std::nullopt);
    EXPECT_THAT(problems.to_string(), HasSubstr("/nonsense: \"last week\" is neither a date (2026-01-01) nor an RFC 3339 instant"));
    EXPECT_THAT(problems.to_string(), HasSubstr("/bad_day: \"2026-02-30\" is neither"));
    EXPECT_EQ(problems.all().size(), 2u);
}

}  // namespace
}  // namespace ledgersync::sdk
