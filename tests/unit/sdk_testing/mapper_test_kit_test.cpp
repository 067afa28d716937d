// The SDK's mapper test kit, on a mapper defined here exactly as a partner defines one: a class
// and LEDGERSYNC_MAPPER in the test executable. This executable exports that one mapper.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>
#include <ledgersync/sdk/testing/mapper_test_kit.hpp>

#include "temp_dir.hpp"

namespace {

using namespace ledgersync;

/// Splits an invoice into one record per line ("fan_out"), drops drafts, refuses a negative
/// total, and on request breaks the canonical schema (to prove the kit checks output).
class LineSplitter final : public sdk::Mapper {
public:
    LineSplitter(sdk::HostServices host, const nlohmann::json& config) : host_(host) {
        sdk::ConfigProblems problems;
        sdk::ConfigReader reader(config, problems);
        fan_out_ = reader.value_or<bool>("fan_out", false, "true to emit one record per line");
        break_schema_ = reader.value_or<bool>("break_schema", false, "true to emit an invalid record");
        reader.finish();
        problems.throw_if_any();
    }

    std::vector<sdk::Record> map(sdk::Record record) const override {
        host_.log(sdk::LogLevel::info, "mapping " + record.identity.id);
        std::vector<sdk::Record> out;
        if (record.body.value("status", "") == "draft") return out;
        if (record.body["totals"].value("total", "").rfind('-', 0) == 0) {
            throw sdk::Error(sdk::Outcome::data("invoice " + record.identity.id + " has a negative total",
                                                "issue a credit note instead"));
        }
        if (break_schema_) record.body["totals"]["total"] = 12.5;  // a binary float: never valid
        if (!fan_out_) {
            out.push_back(std::move(record));
            return out;
        }
        for (std::size_t i = 0; i < record.body["lines"].size(); ++i) {
            sdk::Record copy = record;
            copy.identity.id += "-" + std::to_string(i);
            out.push_back(std::move(copy));
        }
        return out;
    }

private:
    sdk::HostServices host_;
    bool fan_out_ = false;
    bool break_schema_ = false;
};

}  // namespace

LEDGERSYNC_MAPPER(LineSplitter, "line_splitter", "1.0.0")

namespace ledgersync::sdk::testing {
namespace {

using ::testing::HasSubstr;

const char* kInvoice = R"({"identity":{"system":"shop","connection":"shop","type":"invoice","id":"7"},"operation":"upsert","version":"1","schema":{"id":"ledgersync.invoice","version":1},"body":{"number":"7","status":"STATUS","currency":"USD","issue_date":"2026-02-01","customer":{"type":"customer","id":"c-1"},"source_system":"shop","updated_at":"2026-02-01T10:00:00Z","lines":[{"kind":"item","description":"A","quantity":"1","unit_price":"1.10","amount":"1.10"},{"kind":"item","description":"B","quantity":"2","unit_price":"0.45","amount":"0.90"}],"totals":{"subtotal":"2.00","discount":"0.00","tax":"0.00","total":"TOTAL","amount_paid":"0.00","balance_due":"TOTAL"}},"links":[]})";

nlohmann::json invoice(const std::string& status = "open", const std::string& total = "2.00") {
    std::string text = kInvoice;
    text.replace(text.find("STATUS"), 6, status);
    for (std::size_t at; (at = text.find("TOTAL")) != std::string::npos;) text.replace(at, 5, total);
    return sdk::parse_json_exact(text);
}

TEST(MapperTestKit, maps_through_the_plugins_entry_point_and_keeps_amounts_exact) {
    MapperTestKit mapper;
    EXPECT_EQ(mapper.id(), "line_splitter");
    const MapResult result = mapper.map(invoice());
    ASSERT_TRUE(result.ok()) << result.failure->reason;
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].body["lines"][1]["unit_price"], "0.45");
    EXPECT_EQ(mapper.log(), std::vector<std::string>{"mapping 7"});
}

TEST(MapperTestKit, reports_fan_out_and_filtering_as_the_records_produced) {
    MapperTestKit splitter({{"fan_out", true}});
    const MapResult split = splitter.map(invoice());
    ASSERT_TRUE(split.ok());
    ASSERT_EQ(split.records.size(), 2u);
    EXPECT_EQ(split.records[1].identity.id, "7-1");
    const MapResult dropped = splitter.map(invoice("draft"));
    EXPECT_TRUE(dropped.ok());
    EXPECT_TRUE(dropped.records.empty());
}

TEST(MapperTestKit, returns_a_data_failure_with_its_reason_and_fix) {
    MapperTestKit mapper;
    const MapResult result = mapper.map(invoice("open", "-2.00"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->kind, OutcomeClass::data);
    EXPECT_EQ(result.failure->reason, "invoice 7 has a negative total");
    EXPECT_EQ(result.failure->fix_hint, "issue a credit note instead");
    EXPECT_TRUE(result.records.empty());
}

TEST(MapperTestKit, fails_output_that_breaks_the_canonical_schemas_with_the_path) {
    MapperTestKit mapper({{"break_schema", true}});
    const MapResult result = mapper.map(invoice());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->kind, OutcomeClass::fatal);
    ASSERT_FALSE(result.schema_problems.empty());
    EXPECT_EQ(result.schema_problems.all()[0].path, "/0/body/totals/total");
}

TEST(MapperTestKit, refuses_a_config_naming_each_problem) {
    try {
        MapperTestKit mapper({{"fan_uot", true}, {"break_schema", "yes"}});
        FAIL() << "the config was accepted";
    } catch (const MapperConfigRejected& e) {
        EXPECT_THAT(e.what(), HasSubstr("/fan_uot: unknown key; did you mean \"fan_out\"?"));
        EXPECT_THAT(e.what(), HasSubstr("/break_schema: expected true or false"));
    }
}

TEST(MapperTestKit, maps_a_jsonl_file_and_names_the_line_of_a_bad_one) {
    ::ledgersync::testing::TempDir dir;
    const auto good = dir.write("good.jsonl", invoice().dump() + "\n\n" + invoice("draft").dump() + "\n");
    MapperTestKit mapper;
    const auto results = mapper.map_file(good);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].records.size(), 1u);
    EXPECT_TRUE(results[1].records.empty());

    const auto bad = dir.write("bad.jsonl", invoice().dump() + "\n{\"identity\": 3}\n");
    try {
        (void)read_jsonl(bad);
        FAIL() << "a line that is not a record was read";
    } catch (const RecordFileError& e) {
        EXPECT_THAT(e.what(), HasSubstr(bad.string() + ":2: not a record"));
    }
}

}  // namespace
}  // namespace ledgersync::sdk::testing
