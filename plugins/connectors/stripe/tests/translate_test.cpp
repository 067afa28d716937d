// Charges and refunds, starting from Stripe's own fixtures, into canonical payments and refunds:
// fees equal fee_details by type exactly, amounts converted exactly in every minor unit.

#include <gtest/gtest.h>

#include "stripe_amount.hpp"
#include "stripe_fixtures.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::stripe {
namespace {

using nlohmann::json;
using sdk::model::PaymentStatus;
using testing::stripe_fixture;

const TranslationSettings kSettings{};

/// Stripe's charge fixture, captured, with its balance transaction fixture expanded and given
/// `fee_details` (type -> minor units) over `amount`.
json captured_charge(std::int64_t amount, const std::vector<std::pair<std::string, std::int64_t>>& fee_details,
                     const std::string& currency = "usd") {
    json charge = stripe_fixture("charge");
    charge["amount"] = amount;
    charge["amount_captured"] = amount;
    charge["captured"] = true;
    charge["currency"] = currency;
    json transaction = stripe_fixture("balance_transaction");
    std::int64_t fee = 0;
    transaction["fee_details"] = json::array();
    for (const auto& [type, value] : fee_details) {
        transaction["fee_details"].push_back({{"amount", value}, {"currency", currency}, {"type", type}, {"application", nullptr},
                                              {"description", type}});
        fee += value;
    }
    transaction["amount"] = amount;
    transaction["currency"] = currency;
    transaction["fee"] = fee;
    transaction["net"] = amount - fee;
    charge["balance_transaction"] = transaction;
    return charge;
}

TEST(StripeTranslatePayment, fixture_charge_not_captured_is_a_pending_payment_without_fees) {
    const json charge = stripe_fixture("charge");
    const auto payment = payment_from_charge(charge, kSettings);
    EXPECT_EQ(payment.status, PaymentStatus::pending);
    EXPECT_EQ(payment.amount.to_string(), "1.00");
    EXPECT_EQ(payment.currency, "USD");
    EXPECT_EQ(payment.date, "2009-02-13");
    EXPECT_EQ(payment.source, sdk::model::PaymentSource::stripe);
    EXPECT_EQ(payment.method, sdk::model::PaymentMethod::card);
    EXPECT_FALSE(payment.fees);
    EXPECT_EQ(payment.processor_ids.at("stripe_charge"), charge.at("id"));
    EXPECT_EQ(payment.processor_ids.at("balance_transaction"), charge.at("balance_transaction"));
    EXPECT_TRUE(payment.validate().empty());
}

TEST(StripeTranslatePayment, fees_equal_fee_details_by_type_exactly) {
    const json charge = captured_charge(10000, {{"stripe_fee", 320}, {"application_fee", 100}, {"tax", 29}});
    const auto payment = payment_from_charge(charge, kSettings);
    ASSERT_TRUE(payment.fees);
    EXPECT_EQ(payment.status, PaymentStatus::succeeded);
    EXPECT_EQ(payment.amount.to_string(), "100.00");
    EXPECT_EQ(payment.fees->processing.to_string(), "3.20");
    EXPECT_EQ(payment.fees->platform.to_string(), "1.00");
    EXPECT_EQ(payment.fees->tax_on_fees.to_string(), "0.29");
    EXPECT_EQ(payment.net->to_string(), "95.51");
    EXPECT_EQ(payment.processor_ids.at("balance_transaction"), stripe_fixture("balance_transaction").at("id"));
    EXPECT_TRUE(payment.validate().empty()) << payment.validate().to_string();
}

TEST(StripeTranslatePayment, several_details_of_one_type_add_up) {
    const json charge = captured_charge(2000, {{"stripe_fee", 88}, {"stripe_fee", 10}});
    const auto payment = payment_from_charge(charge, kSettings);
    EXPECT_EQ(payment.fees->processing.to_string(), "0.98");
    EXPECT_EQ(payment.fees->platform.to_string(), "0.00");
    EXPECT_EQ(payment.net->to_string(), "19.02");
}

TEST(StripeTranslatePayment, zero_decimal_currency_amounts_are_whole_units) {
    const json charge = captured_charge(5000, {{"stripe_fee", 175}}, "jpy");
    const auto payment = payment_from_charge(charge, kSettings);
    EXPECT_EQ(payment.currency, "JPY");
    EXPECT_EQ(payment.amount.to_string(), "5000");
    EXPECT_EQ(payment.fees->processing.to_string(), "175");
    EXPECT_EQ(payment.net->to_string(), "4825");
    EXPECT_TRUE(payment.validate().empty()) << payment.validate().to_string();
}

TEST(StripeTranslatePayment, three_decimal_currency_amounts_keep_three_decimals) {
    const json charge = captured_charge(1500, {{"stripe_fee", 50}}, "kwd");
    const auto payment = payment_from_charge(charge, kSettings);
    EXPECT_EQ(payment.amount.to_string(), "1.500");
    EXPECT_EQ(payment.fees->processing.to_string(), "0.050");
    EXPECT_TRUE(payment.validate().empty()) << payment.validate().to_string();
}

TEST(StripeTranslatePayment, partial_and_full_refunds_set_the_status_and_refunded_amount) {
    json charge = captured_charge(10000, {{"stripe_fee", 320}});
    charge["amount_refunded"] = 2500;
    auto payment = payment_from_charge(charge, kSettings);
    EXPECT_EQ(payment.status, PaymentStatus::partially_refunded);
    EXPECT_EQ(payment.refunded_amount->to_string(), "25.00");
    EXPECT_TRUE(payment.validate().empty()) << payment.validate().to_string();

    charge["amount_refunded"] = 10000;
    charge["refunded"] = true;
    payment = payment_from_charge(charge, kSettings);
    EXPECT_EQ(payment.status, PaymentStatus::refunded);
    EXPECT_EQ(payment.refunded_amount->to_string(), "100.00");
    // Stripe keeps its fee on a refund: the payment's fees stay as they were.
    EXPECT_EQ(payment.fees->processing.to_string(), "3.20");
    EXPECT_TRUE(payment.validate().empty()) << payment.validate().to_string();
}

TEST(StripeTranslatePayment, a_partial_capture_is_the_captured_amount_and_the_release_is_no_refund) {
    json charge = captured_charge(6000, {{"stripe_fee", 204}});
    charge["amount"] = 10000;
    charge["amount_refunded"] = 4000;  // the uncaptured rest, as Stripe reports it
    const auto payment = payment_from_charge(charge, kSettings);
    EXPECT_EQ(payment.amount.to_string(), "60.00");
    EXPECT_EQ(payment.status, PaymentStatus::succeeded);
    EXPECT_FALSE(payment.refunded_amount);
}

TEST(StripeTranslatePayment, a_converted_charge_is_a_payment_in_the_settlement_currency) {
    json charge = captured_charge(1085, {{"stripe_fee", 72}});
    charge["currency"] = "eur";
    charge["amount"] = 1000;
    charge["amount_captured"] = 1000;
    charge["balance_transaction"]["exchange_rate"] = "1.085";
    const auto payment = payment_from_charge(charge, kSettings);
    EXPECT_EQ(payment.currency, "USD");
    EXPECT_EQ(payment.amount.to_string(), "10.85");
    EXPECT_EQ(payment.fees->processing.to_string(), "0.72");
    EXPECT_EQ(payment.net->to_string(), "10.13");
}

TEST(StripeTranslatePayment, a_failed_charge_is_a_failed_payment) {
    json charge = stripe_fixture("charge");
    charge["status"] = "failed";
    charge["balance_transaction"] = nullptr;
    EXPECT_EQ(payment_from_charge(charge, kSettings).status, PaymentStatus::failed);
}

TEST(StripeTranslatePayment, metadata_links_the_hubspot_invoice_and_the_customer) {
    json charge = captured_charge(10000, {{"stripe_fee", 320}});
    charge["metadata"] = {{"hubspot_invoice_id", "4711"}};
    charge["customer"] = "cus_123";
    std::vector<sdk::Record> records;
    std::vector<sdk::UntranslatedRecord> untranslated;
    translate_object("payment", charge, kSettings, "2026-12-05T07:00:00Z", records, untranslated);
    ASSERT_EQ(records.size(), 1u);
    const auto& record = records.front();
    EXPECT_EQ(record.identity.type, "payment");
    EXPECT_EQ(record.identity.id, charge.at("id"));
    EXPECT_EQ(record.body.at("invoices").at(0).at("id"), "4711");
    EXPECT_EQ(record.body.at("customer").at("id"), "cus_123");
    ASSERT_EQ(record.links.size(), 2u);
    EXPECT_EQ(record.links[1].rel, "invoice");
    EXPECT_EQ(record.links[1].path, "/invoices/0");
    EXPECT_FALSE(record.version.empty());
}

TEST(StripeTranslatePayment, the_same_state_is_the_same_version_and_a_change_a_new_one) {
    json charge = captured_charge(10000, {{"stripe_fee", 320}});
    std::vector<sdk::Record> records;
    std::vector<sdk::UntranslatedRecord> untranslated;
    translate_object("payment", charge, kSettings, "2026-12-05T07:00:00Z", records, untranslated);
    translate_object("payment", charge, kSettings, "2026-12-05T07:01:00Z", records, untranslated);
    charge["amount_refunded"] = 100;
    translate_object("payment", charge, kSettings, "2026-12-05T07:02:00Z", records, untranslated);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].version, records[1].version);
    EXPECT_NE(records[1].version, records[2].version);
}

TEST(StripeTranslatePayment, fees_that_do_not_add_up_are_untranslated_with_the_reason) {
    json charge = captured_charge(10000, {{"stripe_fee", 320}});
    charge["balance_transaction"]["fee"] = 321;
    std::vector<sdk::Record> records;
    std::vector<sdk::UntranslatedRecord> untranslated;
    translate_object("payment", charge, kSettings, "2026-12-05T07:00:00Z", records, untranslated);
    ASSERT_EQ(untranslated.size(), 1u);
    EXPECT_TRUE(records.empty());
    EXPECT_NE(untranslated[0].reason.find("fee 3.21 is not the sum of its fee_details 3.20"), std::string::npos) << untranslated[0].reason;
    EXPECT_EQ(untranslated[0].identity.id, charge.at("id"));
}

TEST(StripeTranslatePayment, an_unknown_fee_type_is_untranslated_not_dropped) {
    const json charge = captured_charge(10000, {{"stripe_fee", 320}, {"mystery_fee", 5}});
    EXPECT_THROW(
        {
            try {
                payment_from_charge(charge, kSettings);
            } catch (const TranslationError& e) {
                EXPECT_NE(std::string(e.what()).find("\"mystery_fee\""), std::string::npos);
                throw;
            }
        },
        TranslationError);
}

TEST(StripeTranslateRefund, fixture_refund_becomes_a_canonical_refund_of_its_charge) {
    const json refund = stripe_fixture("refund");
    const auto canonical = refund_from_stripe(refund);
    EXPECT_EQ(canonical.amount.to_string(), "1.00");
    EXPECT_EQ(canonical.currency, "USD");
    EXPECT_EQ(canonical.status, sdk::model::RefundStatus::succeeded);
    EXPECT_EQ(canonical.reason, sdk::model::RefundReason::other);
    EXPECT_EQ(canonical.payment.type, "payment");
    EXPECT_EQ(canonical.payment.id, refund.at("charge"));
    EXPECT_EQ(canonical.processor_ids.at("stripe_refund"), refund.at("id"));
    EXPECT_TRUE(canonical.validate().empty()) << canonical.validate().to_string();
}

TEST(StripeTranslateRefund, statuses_and_reasons_map_onto_the_canonical_lists) {
    json refund = stripe_fixture("refund");
    refund["status"] = "requires_action";
    refund["reason"] = "requested_by_customer";
    auto canonical = refund_from_stripe(refund);
    EXPECT_EQ(canonical.status, sdk::model::RefundStatus::pending);
    EXPECT_EQ(canonical.reason, sdk::model::RefundReason::requested_by_customer);
    refund["reason"] = "expired_uncaptured_charge";
    refund["status"] = "canceled";
    canonical = refund_from_stripe(refund);
    EXPECT_EQ(canonical.reason, sdk::model::RefundReason::other);
    EXPECT_EQ(canonical.status, sdk::model::RefundStatus::canceled);
}

TEST(StripeTranslateRefund, a_refund_without_a_charge_is_untranslated) {
    json refund = stripe_fixture("refund");
    refund["charge"] = nullptr;
    std::vector<sdk::Record> records;
    std::vector<sdk::UntranslatedRecord> untranslated;
    translate_object("refund", refund, kSettings, "2026-12-05T07:00:00Z", records, untranslated);
    ASSERT_EQ(untranslated.size(), 1u);
    EXPECT_NE(untranslated[0].reason.find("names no charge"), std::string::npos);
}

TEST(StripeAmount, converts_minor_units_both_ways_exactly) {
    EXPECT_EQ(from_minor_units(1099, "usd", "x").to_string(), "10.99");
    EXPECT_EQ(from_minor_units(500, "jpy", "x").to_string(), "500");
    EXPECT_EQ(from_minor_units(1234, "bhd", "x").to_string(), "1.234");
    EXPECT_EQ(to_minor_units(sdk::Decimal::parse("10.99"), "usd", "x"), 1099);
    EXPECT_EQ(to_minor_units(sdk::Decimal::parse("500"), "jpy", "x"), 500);
    EXPECT_EQ(to_minor_units(sdk::Decimal::parse("10.9"), "usd", "x"), 1090);
    EXPECT_THROW(to_minor_units(sdk::Decimal::parse("10.5"), "jpy", "x"), sdk::Error);
    EXPECT_THROW(from_minor_units(json("10.99"), "usd", "x"), TranslationError);
    EXPECT_THROW(from_minor_units(100, "xyz", "x"), TranslationError);
}

}  // namespace
}  // namespace ledgersync::connectors::stripe
