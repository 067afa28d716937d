// refund_booking through the mapper test kit: the same C entry point and wire format the host
// uses, and every record it returns checked against the canonical schemas.

#include <string>

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>
#include <ledgersync/sdk/testing/mapper_test_kit.hpp>

namespace {

using nlohmann::json;
namespace kit = ledgersync::sdk::testing;

/// A Stripe refund record of 25.00 USD on ch_1.
json refund_record() {
    json body{{"amount", "25.00"},
              {"currency", "USD"},
              {"reason", "requested_by_customer"},
              {"status", "succeeded"},
              {"payment", {{"type", "payment"}, {"id", "ch_1"}}},
              {"date", "2026-11-28"},
              {"processor_ids", {{"stripe_refund", "re_1"}}}};
    return {{"identity", {{"system", "stripe"}, {"connection", "stripe"}, {"type", "refund"}, {"id", "re_1"}}},
            {"operation", "upsert"},
            {"version", "v1"},
            {"updated_at", "2026-11-28T10:00:00Z"},
            {"schema", {{"id", "ledgersync.refund"}, {"version", 1}}},
            {"body", body},
            {"raw", {{"id", "re_1"}}},
            {"links", json::array({{{"rel", "payment"}, {"type", "payment"}, {"id", "ch_1"}, {"path", "/payment"}}})}};
}

TEST(RefundBooking, EachRefundCarriesTheRoutesChoiceAndNothingElseChanges) {
    for (const std::string book_as : {"credit_memo", "refund_receipt"}) {
        kit::MapperTestKit mapper(json{{"book_as", book_as}});
        const auto result = mapper.map(refund_record());
        ASSERT_TRUE(result.ok()) << result.failure->reason << " " << result.schema_problems.to_string();
        ASSERT_EQ(result.records.size(), 1u);
        json expected = refund_record()["body"];
        expected["book_as"] = book_as;
        EXPECT_EQ(result.records[0].body, expected);
        EXPECT_EQ(result.records[0].identity.id, "re_1");
    }
}

TEST(RefundBooking, TheRoutesChoiceReplacesOneTheRecordCarried) {
    kit::MapperTestKit mapper(json{{"book_as", "credit_memo"}});
    json record = refund_record();
    record["body"]["book_as"] = "refund_receipt";
    const auto result = mapper.map(record);
    ASSERT_TRUE(result.ok()) << result.failure->reason;
    EXPECT_EQ(result.records.at(0).body["book_as"], "credit_memo");
}

TEST(RefundBooking, ARecordThatIsNotARefundIsRefused) {
    kit::MapperTestKit mapper(json{{"book_as", "credit_memo"}});
    json record = refund_record();
    record["identity"]["type"] = "payment";
    const auto result = mapper.map(record);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.failure->reason.find("is not a refund"), std::string::npos) << result.failure->reason;
}

TEST(RefundBooking, AMissingOrUnknownChoiceIsAConfigProblemAtItsPath) {
    for (const json& config : {json::object(), json{{"book_as", "creditmemo"}}, json{{"book_as", "credit_memo"}, {"as", "x"}}}) {
        try {
            kit::MapperTestKit mapper(config);
            FAIL() << "accepted " << config.dump();
        } catch (const kit::MapperConfigRejected& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(config.contains("as") ? "/as" : "/book_as"), std::string::npos) << what;
            if (config.value("book_as", "") == "creditmemo") {
                EXPECT_NE(what.find("credit_memo"), std::string::npos) << what;
            }
        }
    }
}

}  // namespace
