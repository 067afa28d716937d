// Payouts and disputes, starting from Stripe's own fixtures, into canonical payouts and
// disputes: a payout's contents without its own balance transaction, nets that sum to the
// payout exactly (or an untranslated record saying why not), dispute fees and reinstatements.

#include <gtest/gtest.h>

#include "stripe_fixtures.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::stripe {
namespace {

using nlohmann::json;
using sdk::model::BalanceTransactionType;
using sdk::model::DisputeReason;
using sdk::model::DisputeStatus;
using sdk::model::PayoutKind;
using sdk::model::PayoutStatus;
using testing::stripe_fixture;

/// Stripe's balance transaction fixture as `id`, of `type`, moving `amount` with `fee`.
json transaction(const std::string& id, const std::string& type, std::int64_t amount, std::int64_t fee,
                 const std::string& source, const std::string& category = "") {
    json t = stripe_fixture("balance_transaction");
    t["id"] = id;
    t["type"] = type;
    t["reporting_category"] = category.empty() ? type : category;
    t["amount"] = amount;
    t["fee"] = fee;
    t["net"] = amount - fee;
    t["source"] = source;
    t["fee_details"] = fee == 0 ? json::array()
                                : json::array({{{"amount", fee}, {"application", nullptr}, {"currency", "usd"},
                                                {"description", "Stripe processing fees"}, {"type", "stripe_fee"}}});
    return t;
}

/// Stripe's payout fixture (automatic, 11.00 usd) and what ?payout= lists for it, newest first:
/// its own payout transaction, a refund and two charges whose nets sum to 11.00.
struct FixturePayout {
    json payout = stripe_fixture("payout");
    json contents = json::array({transaction(payout.at("balance_transaction"), "payout", -1100, 0, payout.at("id")),
                                 transaction("txn_refund", "refund", -500, 0, "re_1"),
                                 transaction("txn_charge_2", "charge", 1000, 59, "ch_2"),
                                 transaction("txn_charge_1", "charge", 700, 41, "ch_1")});
};

TEST(StripeTranslatePayout, fixture_payout_holds_its_contents_without_its_own_transaction) {
    const FixturePayout f;
    const auto payout = payout_from_stripe(f.payout, f.contents);
    EXPECT_EQ(payout.processor, "stripe");
    EXPECT_EQ(payout.status, PayoutStatus::in_transit);
    EXPECT_EQ(payout.kind, PayoutKind::automatic);
    EXPECT_EQ(payout.amount.to_string(), "11.00");
    EXPECT_EQ(payout.currency, "USD");
    EXPECT_EQ(payout.date, "2009-02-13");
    EXPECT_EQ(payout.arrival_date, "2009-02-13");
    EXPECT_EQ(payout.processor_ids.at("stripe_payout"), f.payout.at("id"));
    EXPECT_EQ(payout.processor_ids.at("balance_transaction"), f.payout.at("balance_transaction"));
    ASSERT_TRUE(payout.transactions);
    ASSERT_EQ(payout.transactions->size(), 3u);
    const auto& refund = (*payout.transactions)[0];
    EXPECT_EQ(refund.id, "txn_refund");
    EXPECT_EQ(refund.type, BalanceTransactionType::refund);
    EXPECT_EQ(refund.source_id, "re_1");
    EXPECT_EQ(refund.gross.to_string(), "-5.00");
    const auto& charge = (*payout.transactions)[1];
    EXPECT_EQ(charge.type, BalanceTransactionType::charge);
    EXPECT_EQ(charge.gross.to_string(), "10.00");
    EXPECT_EQ(charge.fee.to_string(), "0.59");
    EXPECT_EQ(charge.net.to_string(), "9.41");
    sdk::Decimal sum;
    for (const auto& t : *payout.transactions) sum += t.net;
    EXPECT_EQ(sum, payout.amount);
    EXPECT_TRUE(payout.validate().empty()) << payout.validate().to_string();
}

TEST(StripeTranslatePayout, contents_that_do_not_sum_to_the_amount_are_untranslated_with_the_reason) {
    FixturePayout f;
    f.contents.erase(1);  // the refund is missing
    std::vector<sdk::Record> records;
    std::vector<sdk::UntranslatedRecord> untranslated;
    translate_object("payout", f.payout, {}, "2026-12-05T07:00:00Z", records, untranslated, f.contents);
    EXPECT_TRUE(records.empty());
    ASSERT_EQ(untranslated.size(), 1u);
    EXPECT_EQ(untranslated[0].identity.type, "payout");
    EXPECT_EQ(untranslated[0].identity.id, f.payout.at("id"));
    EXPECT_NE(untranslated[0].reason.find("/amount: 11.00 does not equal the sum of the transactions' net"), std::string::npos)
        << untranslated[0].reason;
    EXPECT_NE(untranslated[0].reason.find("= 16.00"), std::string::npos) << untranslated[0].reason;
}

TEST(StripeTranslatePayout, an_automatic_payout_whose_contents_were_not_read_is_refused) {
    const FixturePayout f;
    EXPECT_THROW((void)payout_from_stripe(f.payout, json()), TranslationError);
}

TEST(StripeTranslatePayout, a_failed_payout_leaves_out_its_failure_and_a_later_payout_holds_it) {
    FixturePayout failed;
    failed.payout["status"] = "failed";
    failed.payout["failure_balance_transaction"] = "txn_failure";
    failed.contents.push_back(transaction("txn_failure", "payout_failure", 1100, 0, failed.payout.at("id"), "payout_reversal"));
    const auto first = payout_from_stripe(failed.payout, failed.contents);
    EXPECT_EQ(first.status, PayoutStatus::failed);
    EXPECT_EQ(first.transactions->size(), 3u);
    EXPECT_TRUE(first.validate().empty()) << first.validate().to_string();

    json later = stripe_fixture("payout");
    later["id"] = "po_later";
    later["balance_transaction"] = "txn_later";
    later["amount"] = 1100 + 2000 - 88;
    later["status"] = "paid";
    const json contents = json::array({transaction("txn_later", "payout", -(1100 + 2000 - 88), 0, "po_later"),
                                       transaction("txn_failure", "payout_failure", 1100, 0, failed.payout.at("id"), "payout_reversal"),
                                       transaction("txn_charge_3", "charge", 2000, 88, "ch_3")});
    const auto second = payout_from_stripe(later, contents);
    ASSERT_EQ(second.transactions->size(), 2u);
    EXPECT_EQ((*second.transactions)[0].type, BalanceTransactionType::payout_failure);
    EXPECT_EQ((*second.transactions)[0].source_id, failed.payout.at("id"));
    EXPECT_EQ(second.amount.to_string(), "30.12");
    EXPECT_TRUE(second.validate().empty()) << second.validate().to_string();
}

TEST(StripeTranslatePayout, a_manual_payout_has_no_contents) {
    json payout = stripe_fixture("payout");
    payout["automatic"] = false;
    payout["status"] = "pending";
    const auto result = payout_from_stripe(payout, json());
    EXPECT_EQ(result.kind, PayoutKind::manual);
    EXPECT_EQ(result.status, PayoutStatus::pending);
    EXPECT_FALSE(result.transactions);
    EXPECT_TRUE(result.validate().empty()) << result.validate().to_string();
}

TEST(StripeTranslateDispute, fixture_inquiry_names_its_payment_and_moved_no_money) {
    const json fixture = stripe_fixture("dispute");
    const auto dispute = dispute_from_stripe(fixture);
    EXPECT_EQ(dispute.payment.id, fixture.at("charge"));
    EXPECT_EQ(dispute.amount.to_string(), "10.00");
    EXPECT_EQ(dispute.currency, "USD");
    EXPECT_EQ(dispute.reason, DisputeReason::general);
    EXPECT_EQ(dispute.status, DisputeStatus::warning_needs_response);
    EXPECT_EQ(dispute.date, "2009-02-13");
    EXPECT_TRUE(dispute.transactions.empty());
    EXPECT_EQ(dispute.processor_ids.at("stripe_dispute"), fixture.at("id"));
    EXPECT_TRUE(dispute.validate().empty()) << dispute.validate().to_string();
}

TEST(StripeTranslateDispute, a_won_dispute_has_its_withdrawal_with_the_fee_then_its_reinstatement) {
    json fixture = stripe_fixture("dispute");
    fixture["status"] = "won";
    fixture["reason"] = "fraudulent";
    json withdrawal = transaction("txn_withdrawn", "adjustment", -1000, 1500, fixture.at("id"), "dispute");
    withdrawal["fee_details"][0]["description"] = "Dispute fee";
    json reinstated = transaction("txn_reinstated", "adjustment", 1000, 0, fixture.at("id"), "dispute_reversal");
    reinstated["created"] = withdrawal.at("created").get<std::int64_t>() + 86'400;
    fixture["balance_transactions"] = json::array({reinstated, withdrawal});  // as listed: newest first
    const auto dispute = dispute_from_stripe(fixture);
    ASSERT_EQ(dispute.transactions.size(), 2u);
    EXPECT_EQ(dispute.transactions[0].type, BalanceTransactionType::dispute);
    EXPECT_EQ(dispute.transactions[0].gross.to_string(), "-10.00");
    EXPECT_EQ(dispute.transactions[0].fee.to_string(), "15.00");
    EXPECT_EQ(dispute.transactions[0].net.to_string(), "-25.00");
    EXPECT_EQ(dispute.transactions[1].type, BalanceTransactionType::dispute_reversal);
    EXPECT_EQ(dispute.transactions[1].net.to_string(), "10.00");
    // Each movement on its own day (UTC of created): the reinstatement a day after the withdrawal.
    const auto day = [](std::int64_t seconds) { return sdk::Timestamp::from_epoch_seconds(seconds).date().to_string(); };
    EXPECT_EQ(dispute.transactions[0].date, day(withdrawal.at("created").get<std::int64_t>()));
    EXPECT_EQ(dispute.transactions[1].date, day(reinstated.at("created").get<std::int64_t>()));
    EXPECT_NE(dispute.transactions[0].date, dispute.transactions[1].date);
    EXPECT_EQ(dispute.fees().to_string(), "15.00");
    EXPECT_EQ(dispute.status, DisputeStatus::won);
    EXPECT_TRUE(dispute.validate().empty()) << dispute.validate().to_string();
}

TEST(StripeTranslateDispute, an_unknown_reason_is_other_and_an_unknown_status_is_untranslated) {
    json fixture = stripe_fixture("dispute");
    fixture["reason"] = "noncompliant";
    EXPECT_EQ(dispute_from_stripe(fixture).reason, DisputeReason::other);
    fixture["status"] = "prevented";
    std::vector<sdk::Record> records;
    std::vector<sdk::UntranslatedRecord> untranslated;
    translate_object("dispute", fixture, {}, "2026-12-05T07:00:00Z", records, untranslated);
    ASSERT_EQ(untranslated.size(), 1u);
    EXPECT_NE(untranslated[0].reason.find("has the status \"prevented\""), std::string::npos) << untranslated[0].reason;
}

}  // namespace
}  // namespace ledgersync::connectors::stripe
