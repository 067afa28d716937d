// fee_expense through the mapper test kit: the same C entry point and wire format the host uses,
// and every record it returns checked against the canonical schemas.

#include <string>

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>
#include <ledgersync/sdk/testing/mapper_test_kit.hpp>

namespace {

using nlohmann::json;
namespace kit = ledgersync::sdk::testing;
using ledgersync::sdk::OutcomeClass;

json config() {
    return {{"processors",
             {{"stripe", {{"vendor", {{"id", "56"}, {"name", "Stripe"}}}, {"clearing_account", "35"}}},
              {"hubspot_payments", {{"vendor", "57"}, {"clearing_account", "36"}}}}},
            {"expense_accounts", {{"processing", "70"}, {"platform", "71"}}}};
}

json fees(const std::string& processing, const std::string& platform, const std::string& tax) {
    return {{"processing", processing}, {"platform", platform}, {"tax_on_fees", tax}};
}

/// A Stripe payment record of 100.00 USD with `payment_fees` and the net they leave.
json payment_record(const json& payment_fees, const std::string& net, const std::string& source = "stripe",
                    const std::string& status = "succeeded", const std::string& version = "evt_1") {
    json body{{"amount", "100.00"},
              {"currency", "USD"},
              {"date", "2026-11-26"},
              {"status", status},
              {"source", source},
              {"processor_ids", {{"stripe_charge", "ch_1"}, {"balance_transaction", "txn_1"}}}};
    if (!payment_fees.is_null()) {
        body["fees"] = payment_fees;
        body["net"] = net;
    }
    if (status == "partially_refunded") body["refunded_amount"] = "40.00";
    return {{"identity", {{"system", source == "stripe" ? "stripe" : "hubspot_payments"}, {"connection", "pay"}, {"type", "payment"}, {"id", "ch_1"}}},
            {"operation", "upsert"},
            {"version", version},
            {"updated_at", "2026-11-26T14:03:20Z"},
            {"schema", {{"id", "ledgersync.payment"}, {"version", 1}}},
            {"body", body},
            {"raw", {{"id", "ch_1"}}},
            {"links", json::array()}};
}

TEST(FeeExpense, EachFeeTypeIsOneLineToItsAccountWithTheSourcesAmountExactly) {
    kit::MapperTestKit mapper(config());
    const auto result = mapper.map(payment_record(fees("3.20", "1.00", "0.29"), "95.51"));
    ASSERT_TRUE(result.ok()) << result.failure->reason << " " << result.schema_problems.to_string();
    ASSERT_EQ(result.records.size(), 1u);
    const auto& out = result.records[0];
    EXPECT_EQ(out.identity.type, "expense");
    EXPECT_EQ(out.identity.id, "fees-ch_1");
    EXPECT_EQ(out.identity.connection, "pay");
    const json& body = out.body;
    EXPECT_EQ(body["vendor"]["id"], "56");
    EXPECT_EQ(body["paid_from_account"]["id"], "35");
    EXPECT_EQ(body["date"], "2026-11-26");
    EXPECT_EQ(body["currency"], "USD");
    EXPECT_EQ(body["source_payment"]["id"], "ch_1");
    EXPECT_EQ(body["memo"], "Stripe fees on payment ch_1 (txn_1)");
    const json& lines = body["lines"];
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0]["fee_type"], "processing");
    EXPECT_EQ(lines[0]["account"]["id"], "70");
    EXPECT_EQ(lines[0]["amount"], "3.20");
    EXPECT_EQ(lines[1]["fee_type"], "platform");
    EXPECT_EQ(lines[1]["account"]["id"], "71");
    EXPECT_EQ(lines[1]["amount"], "1.00");
    EXPECT_EQ(lines[2]["fee_type"], "tax_on_fees");
    EXPECT_EQ(lines[2]["account"]["id"], "70") << "tax on fees defaults to the processing account";
    EXPECT_EQ(lines[2]["amount"], "0.29");
    EXPECT_TRUE(out.links.empty()) << "accounts and vendor are QuickBooks ids: nothing to resolve";
}

TEST(FeeExpense, EveryVersionOfAPaymentMapsToTheSameExpenseWithTheSameContent) {
    kit::MapperTestKit mapper(config());
    const auto first = mapper.map(payment_record(fees("3.20", "0.00", "0.00"), "96.80"));
    const auto refunded = mapper.map(payment_record(fees("3.20", "0.00", "0.00"), "96.80", "stripe", "partially_refunded", "evt_2"));
    ASSERT_TRUE(first.ok() && refunded.ok());
    ASSERT_EQ(first.records.size(), 1u);
    ASSERT_EQ(refunded.records.size(), 1u);
    EXPECT_EQ(first.records[0].identity, refunded.records[0].identity);
    EXPECT_EQ(first.records[0].body, refunded.records[0].body) << "a refund does not return the fee (Stripe keeps it)";
    EXPECT_EQ(first.records[0].body["lines"].size(), 1u) << "zero fee types make no line";
}

TEST(FeeExpense, PaymentsWithoutFeesOrNotYetSettledBookNothing) {
    kit::MapperTestKit mapper(config());
    for (const auto& record : {payment_record(json(), ""), payment_record(fees("0.00", "0.00", "0.00"), "100.00"),
                               payment_record(fees("3.20", "0.00", "0.00"), "96.80", "stripe", "pending"),
                               payment_record(fees("3.20", "0.00", "0.00"), "96.80", "stripe", "failed")}) {
        const auto result = mapper.map(record);
        ASSERT_TRUE(result.ok()) << result.failure->reason;
        EXPECT_TRUE(result.records.empty()) << record["body"].dump();
    }
}

TEST(FeeExpense, HubSpotPaymentsGetTheirOwnVendorAndClearingAccount) {
    kit::MapperTestKit mapper(config());
    const auto result = mapper.map(payment_record(fees("2.90", "0.50", "0.00"), "96.60", "hubspot_payments"));
    ASSERT_TRUE(result.ok()) << result.failure->reason;
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].body["vendor"]["id"], "57");
    EXPECT_EQ(result.records[0].body["paid_from_account"]["id"], "36");
    EXPECT_EQ(result.records[0].body["memo"], "HubSpot payments fees on payment ch_1 (txn_1)");
}

TEST(FeeExpense, AProcessorWithoutAccountsIsADataFailureNamingTheFix) {
    json only_stripe = config();
    only_stripe["processors"].erase("hubspot_payments");
    kit::MapperTestKit mapper(only_stripe);
    const auto result = mapper.map(payment_record(fees("2.90", "0.00", "0.00"), "97.10", "hubspot_payments"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->kind, OutcomeClass::data);
    EXPECT_NE(result.failure->reason.find("no accounts for hubspot_payments"), std::string::npos) << result.failure->reason;
    EXPECT_NE(result.failure->fix_hint.find("processors"), std::string::npos) << result.failure->fix_hint;
}

TEST(FeeExpense, ABadConfigIsRefusedWithEveryProblemAtItsPath) {
    try {
        kit::MapperTestKit mapper(json{{"processors", {{"paypal", {{"vendor", "1"}, {"clearing_account", "2"}}},
                                                       {"stripe", {{"vendor", ""}}}}},
                                       {"expense_accounts", {{"platform", "71"}}},
                                       {"colour", "red"}});
        FAIL() << "the config was accepted";
    } catch (const kit::MapperConfigRejected& e) {
        const std::string text = e.what();
        EXPECT_NE(text.find("/processors/paypal"), std::string::npos) << text;
        EXPECT_NE(text.find("/processors/stripe/vendor"), std::string::npos) << text;
        EXPECT_NE(text.find("/processors/stripe/clearing_account"), std::string::npos) << text;
        EXPECT_NE(text.find("/expense_accounts/processing"), std::string::npos) << text;
        EXPECT_NE(text.find("/colour"), std::string::npos) << text;
    }
}

}  // namespace
