// dispute_movements through the mapper test kit: the same C entry point and wire format the host
// uses, and every record it returns checked against the canonical schemas. The dispute is the
// shape of tests/data/canonical/valid/dispute/stripe_dispute_won_with_fee_kept.json.

#include <string>

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>
#include <ledgersync/sdk/testing/mapper_test_kit.hpp>

namespace {

using nlohmann::json;
namespace kit = ledgersync::sdk::testing;
using ledgersync::sdk::OutcomeClass;

const char* kDispute = "dp_1NnnA0GPxmnHQRkJ7c0fXyZa";
const char* kWithdrawal = "txn_1NnnA1GPxmnHQRkJ8fLq2Dd1";
const char* kReinstatement = "txn_1NnqB2GPxmnHQRkJ1hRt5Ee2";

json withdrawal() {
    return {{"id", kWithdrawal}, {"type", "dispute"}, {"source_id", kDispute}, {"gross", "-100.00"}, {"fee", "15.00"},
            {"net", "-115.00"},  {"currency", "USD"}, {"date", "2026-11-28"}};
}

json reinstatement(const std::string& fee = "0", const std::string& net = "100.00") {
    return {{"id", kReinstatement}, {"type", "dispute_reversal"}, {"source_id", kDispute}, {"gross", "100.00"}, {"fee", fee},
            {"net", net},           {"currency", "USD"},          {"date", "2027-01-20"}};
}

/// A Stripe dispute record of 100.00 USD on ch_1 with `transactions`.
json dispute_record(const std::string& status, const json& transactions, const std::string& version = "v1") {
    json body{{"payment", {{"type", "payment"}, {"id", "ch_1"}}},
              {"amount", "100.00"},
              {"currency", "USD"},
              {"reason", "fraudulent"},
              {"status", status},
              {"date", "2026-11-28"},
              {"processor_ids", {{"stripe_dispute", kDispute}}}};
    if (!transactions.empty()) body["transactions"] = transactions;
    return {{"identity", {{"system", "stripe"}, {"connection", "stripe"}, {"type", "dispute"}, {"id", kDispute}}},
            {"operation", "upsert"},
            {"version", version},
            {"updated_at", "2026-11-28T10:00:00Z"},
            {"schema", {{"id", "ledgersync.dispute"}, {"version", 1}}},
            {"body", body},
            {"raw", {{"id", kDispute}}},
            {"links", json::array({{{"rel", "payment"}, {"type", "payment"}, {"id", "ch_1"}, {"path", "/payment"}}})}};
}

TEST(DisputeMovements, AnOpenedDisputeIsOneMovementNamedByItsBalanceTransaction) {
    kit::MapperTestKit mapper(json::object());
    const auto result = mapper.map(dispute_record("needs_response", json::array({withdrawal()})));
    ASSERT_TRUE(result.ok()) << result.failure->reason << " " << result.schema_problems.to_string();
    ASSERT_EQ(result.records.size(), 1u);
    const auto& out = result.records[0];
    EXPECT_EQ(out.identity.type, "dispute");
    EXPECT_EQ(out.identity.id, kWithdrawal);
    EXPECT_EQ(out.identity.connection, "stripe");
    ASSERT_EQ(out.body["transactions"].size(), 1u);
    EXPECT_EQ(out.body["transactions"][0], withdrawal()) << "the movement exactly as the source says";
    EXPECT_EQ(out.body["payment"]["id"], "ch_1");
    EXPECT_EQ(out.body["processor_ids"]["stripe_dispute"], kDispute);
    EXPECT_TRUE(out.links.empty()) << "the disputed charge need not be in QuickBooks for its dispute to be booked";
}

TEST(DisputeMovements, AWonDisputeAddsItsReinstatementAndKeepsTheWithdrawalsIdentity) {
    kit::MapperTestKit mapper(json::object());
    const auto opened = mapper.map(dispute_record("needs_response", json::array({withdrawal()})));
    const auto won = mapper.map(dispute_record("won", json::array({withdrawal(), reinstatement("-15.00", "115.00")}), "v2"));
    ASSERT_TRUE(opened.ok() && won.ok()) << (won.failure ? won.failure->reason : "");
    ASSERT_EQ(won.records.size(), 2u);
    EXPECT_EQ(won.records[0].identity, opened.records[0].identity) << "the withdrawal is the same object: booked once";
    EXPECT_EQ(won.records[1].identity.id, kReinstatement);
    EXPECT_EQ(won.records[1].body["transactions"], json::array({reinstatement("-15.00", "115.00")}));
    EXPECT_EQ(won.records[1].body["status"], "won");
}

TEST(DisputeMovements, AnInquiryOrADeletedDisputeMovesNothing) {
    kit::MapperTestKit mapper(json::object());
    const auto inquiry = mapper.map(dispute_record("warning_needs_response", json::array()));
    ASSERT_TRUE(inquiry.ok()) << inquiry.failure->reason;
    EXPECT_TRUE(inquiry.records.empty());
    json deleted = dispute_record("lost", json::array({withdrawal()}));
    deleted["operation"] = "delete";
    const auto gone = mapper.map(deleted);
    ASSERT_TRUE(gone.ok()) << gone.failure->reason;
    EXPECT_TRUE(gone.records.empty()) << "the money Stripe moved stays booked";
}

TEST(DisputeMovements, AMovementOfAnotherKindIsADataFailureNeverDropped) {
    kit::MapperTestKit mapper(json::object());
    json odd = reinstatement();
    odd["type"] = "adjustment";
    const auto result = mapper.map(dispute_record("won", json::array({withdrawal(), odd})));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->kind, OutcomeClass::data);
    EXPECT_NE(result.failure->reason.find("type adjustment"), std::string::npos) << result.failure->reason;
    EXPECT_NE(result.failure->reason.find(kReinstatement), std::string::npos) << result.failure->reason;
}

TEST(DisputeMovements, ARecordThatIsNotADisputeIsRefused) {
    kit::MapperTestKit mapper(json::object());
    json record = dispute_record("lost", json::array({withdrawal()}));
    record["identity"]["type"] = "payment";
    const auto result = mapper.map(record);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.failure->reason.find("is not a dispute"), std::string::npos) << result.failure->reason;
}

TEST(DisputeMovements, AnyConfigKeyIsRefused) {
    try {
        kit::MapperTestKit mapper(json{{"dispute_account", "92"}});
        FAIL() << "the config was accepted";
    } catch (const kit::MapperConfigRejected& e) {
        EXPECT_NE(std::string(e.what()).find("/dispute_account"), std::string::npos) << e.what();
    }
}

}  // namespace
