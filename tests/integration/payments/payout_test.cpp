// Payouts end to end: a Stripe payout holding 20 charges, 2 refunds and a dispute becomes one
// QuickBooks transfer of exactly its amount from the clearing account to the bank, with the fees
// of its charges and the dispute (shipped route stripe-disputes-to-qbo) booked from the clearing
// account; what the clearing account then holds equals Stripe's balance. A negative payout (the bank debited) is a transfer the other way, never a
// negative deposit; with payout_as "deposit" a positive payout is a bank deposit.

#include <gtest/gtest.h>

#include <ctime>
#include <map>
#include <thread>

#include <ledgersync/sdk.hpp>

#include "payment_books.hpp"

namespace ledgersync::testing {
namespace {

using nlohmann::json;

constexpr const char* kClearing = "91";  // "Stripe Clearing" of the sandbox company
constexpr const char* kBank = "35";      // "Checking"
// Where the dispute is booked: "Discounts given" (an income account of subtype
// DiscountsRefundsGiven, as docs/payments.md advises for chargebacks) and "Merchant Fees".
constexpr const char* kChargebacks = "54";
constexpr const char* kDisputeFees = "90";

json payout_books_mapping(const std::string& payout_as = "transfer") {
    return {{"payment_deposit_account_id", kClearing}, {"payout_bank_account_id", kBank}, {"payout_as", payout_as},
            {"dispute_account_id", kChargebacks},     {"dispute_fee_account_id", kDisputeFees}};
}

json shipped_routes(const std::string& file) {
    return sdk::parse_json_exact(read_file(std::string(LEDGERSYNC_SOURCE_DIR) + "/config/routes/" + file)).at("routes");
}

/// The fee and payout routes, and the dispute route of the payment routes.
json payout_routes() {
    json routes = shipped_fee_routes("2020-01-01");
    for (const auto& route : shipped_routes("payouts.json")) routes.push_back(route);
    for (const auto& route : shipped_routes("payment-sync.json")) {
        if (route.at("name") == "stripe-disputes-to-qbo") routes.push_back(route);
    }
    return routes;
}

sdk::Decimal cents(const json& minor) { return sdk::Decimal::from_parts(minor.get<std::int64_t>(), 2); }
sdk::Decimal dec(const json& value) { return sdk::Decimal::from_json(value); }

/// Stripe's payouts, oldest first.
std::vector<json> payouts_of(const PaymentBooks& books) {
    const json page = books.stripe().get("/v1/payouts?limit=100").json;
    std::vector<json> out(page.at("data").rbegin(), page.at("data").rend());
    return out;
}

/// What ledgersync moved through account `id` in QuickBooks: fees and disputes paid from it
/// (Purchases), transfers in and out, deposits from and to it.
sdk::Decimal booked_through(const PaymentBooks& books, const std::string& id) { return books.qbo().account_balance(id); }

/// Stripe's balance in USD: available and pending.
sdk::Decimal stripe_balance(const PaymentBooks& books) {
    const json balance = books.stripe().get("/v1/balance").json;
    sdk::Decimal sum;
    for (const char* part : {"available", "pending"}) {
        for (const auto& entry : balance.at(part)) sum += cents(entry.at("amount"));
    }
    return sum;
}

TEST(PayoutBooks, a_payout_of_20_charges_2_refunds_and_a_dispute_is_one_transfer_of_its_amount_and_clearing_equals_stripe) {
    PaymentBooks books(payout_routes(), payout_books_mapping());
    const std::int64_t day = (std::time(nullptr) / 86400 - 4) * 86400;  // 00:00 UTC four days ago
    books.freeze_stripe_clock(day + 10 * 3600);
    std::vector<std::string> charges;
    sdk::Decimal gross;
    for (int i = 0; i < 20; ++i) {
        const std::int64_t amount = 1000 + 137 * i;
        charges.push_back(books.stripe().pay(amount).at("latest_charge").at("id"));
        gross += sdk::Decimal::from_parts(amount, 2);
    }
    // The next day (nothing is available for a payout yet): two refunds and a dispute, which
    // are taken from the balance at once; the payout of the day after holds all of it.
    books.advance_stripe_days(1);
    ASSERT_EQ(books.stripe().post("/v1/refunds", {{"charge", charges[3]}, {"amount", "500"}}).status, 200);
    ASSERT_EQ(books.stripe().post("/v1/refunds", {{"charge", charges[7]}}).status, 200);
    const json dispute = books.stripe().control("POST", "/__sandbox/stripe/disputes", {{"charge", charges[11]}, {"reason", "fraudulent"}});
    const json& withdrawal = dispute.at("balance_transactions").at(0);
    books.advance_stripe_days(2);
    const auto payouts = payouts_of(books);
    ASSERT_EQ(payouts.size(), 1u) << books.stripe().get("/v1/payouts?limit=100").body;
    const json& payout = payouts.front();
    ASSERT_EQ(payout.at("status"), "paid");
    const json contents = books.stripe().get("/v1/balance_transactions?limit=100&payout=" + payout.at("id").get<std::string>()).json;
    std::map<std::string, int> types;
    for (const auto& t : contents.at("data")) ++types[t.at("type").get<std::string>()];
    EXPECT_EQ(types["charge"], 20);
    EXPECT_EQ(types["refund"], 2);
    EXPECT_EQ(types["adjustment"], 1) << "the dispute's withdrawal";

    books.start_host();
    const std::string dispute_id = dispute.at("id");
    ASSERT_TRUE(eventually([&] {
        return books.qbo().entities("Transfer").size() >= 1 && books.qbo().entities("Purchase").size() >= 21 &&
               !books.purchases_mentioning(dispute_id).empty();
    })) << books.log();
    const json transfers = books.qbo().entities("Transfer");
    ASSERT_EQ(transfers.size(), 1u);
    const json& transfer = transfers.at(0);
    EXPECT_EQ(dec(transfer.at("Amount")), cents(payout.at("amount")));
    EXPECT_EQ(transfer.at("FromAccountRef").at("value"), kClearing);
    EXPECT_EQ(transfer.at("ToAccountRef").at("value"), kBank);
    std::time_t arrival = payout.at("arrival_date").get<std::int64_t>();
    EXPECT_EQ(transfer.at("TxnDate"), utc_date(arrival)) << "dated the day the bank shows it";
    EXPECT_NE(transfer.at("PrivateNote").get<std::string>().find(payout.at("id").get<std::string>()), std::string::npos);

    // The dispute: one purchase from the clearing account of the disputed amount and its fee.
    const auto disputed = books.purchases_mentioning(dispute_id);
    ASSERT_EQ(disputed.size(), 1u);
    EXPECT_EQ(dec(disputed[0].at("TotalAmt")), -cents(withdrawal.at("net")));
    EXPECT_EQ(disputed[0].at("AccountRef").at("value"), kClearing);
    ASSERT_EQ(disputed[0].at("Line").size(), 2u);
    EXPECT_EQ(dec(disputed[0].at("Line").at(0).at("Amount")), -cents(withdrawal.at("amount")));
    EXPECT_EQ(disputed[0].at("Line").at(0).at("AccountBasedExpenseLineDetail").at("AccountRef").at("value"), kChargebacks);
    EXPECT_EQ(dec(disputed[0].at("Line").at(1).at("Amount")), cents(withdrawal.at("fee")));
    EXPECT_EQ(disputed[0].at("Line").at(1).at("AccountBasedExpenseLineDetail").at("AccountRef").at("value"), kDisputeFees);

    // The clearing account, with the payments and refunds booked into it (the payment and refund
    // routes' part, added here from Stripe's own figures: these charges pay no invoice) and the
    // fees, the dispute and the payout booked by the routes, equals Stripe's balance.
    sdk::Decimal refunded;
    for (const auto& t : contents.at("data")) {
        if (t.at("type") == "refund") refunded -= cents(t.at("amount"));
    }
    const sdk::Decimal clearing = gross - refunded + booked_through(books, kClearing);
    EXPECT_EQ(clearing, stripe_balance(books)) << "gross " << gross.to_string() << ", refunded " << refunded.to_string()
                                               << ", fees, dispute and payout " << booked_through(books, kClearing).to_string();
    EXPECT_EQ(booked_through(books, kBank), cents(payout.at("amount")));

    // A restart books nothing again.
    books.stop_host();
    books.start_host();
    std::this_thread::sleep_for(std::chrono::seconds(4));
    EXPECT_EQ(books.qbo().entities("Transfer").size(), 1u);
    EXPECT_EQ(books.qbo().entities("Purchase").size(), 21u) << "20 fees and the dispute, each once";
}

TEST(PayoutBooks, a_negative_payout_is_a_transfer_from_the_bank_and_a_positive_one_a_deposit_when_configured) {
    PaymentBooks books(payout_routes(), payout_books_mapping("deposit"));
    const std::int64_t day = (std::time(nullptr) / 86400 - 5) * 86400;
    books.freeze_stripe_clock(day + 10 * 3600);
    std::vector<std::string> charges;
    for (const std::int64_t amount : {1000, 2599, 12345}) charges.push_back(books.stripe().pay(amount).at("latest_charge").at("id"));
    // The refund is available at once, the charges two days later: the first payout debits the bank.
    ASSERT_EQ(books.stripe().post("/v1/refunds", {{"charge", charges[2]}, {"amount", "1234"}}).status, 200);
    books.advance_stripe_days(4);
    const auto payouts = payouts_of(books);
    ASSERT_EQ(payouts.size(), 2u);
    ASSERT_LT(payouts[0].at("amount").get<std::int64_t>(), 0);
    ASSERT_EQ(payouts[0].at("status"), "paid");
    ASSERT_EQ(payouts[1].at("status"), "paid");

    books.start_host();
    ASSERT_TRUE(eventually([&] { return books.qbo().entities("Transfer").size() >= 1 && books.qbo().entities("Deposit").size() >= 1; }))
        << books.log();
    const json transfers = books.qbo().entities("Transfer");
    ASSERT_EQ(transfers.size(), 1u);
    EXPECT_EQ(transfers.at(0).at("FromAccountRef").at("value"), kBank);
    EXPECT_EQ(transfers.at(0).at("ToAccountRef").at("value"), kClearing);
    EXPECT_EQ(dec(transfers.at(0).at("Amount")), -cents(payouts[0].at("amount"))) << "a positive amount the other way";
    const json deposits = books.qbo().entities("Deposit");
    ASSERT_EQ(deposits.size(), 1u);
    EXPECT_EQ(deposits.at(0).at("DepositToAccountRef").at("value"), kBank);
    EXPECT_EQ(dec(deposits.at(0).at("TotalAmt")), cents(payouts[1].at("amount")));
    ASSERT_EQ(deposits.at(0).at("Line").size(), 1u);
    EXPECT_EQ(deposits.at(0).at("Line").at(0).at("DepositLineDetail").at("AccountRef").at("value"), kClearing);
    EXPECT_EQ(booked_through(books, kBank), cents(payouts[0].at("amount")) + cents(payouts[1].at("amount")));
}

}  // namespace
}  // namespace ledgersync::testing
