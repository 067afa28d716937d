// `ledgersync report fees` end to end: what the host read from the Stripe sandbox, summed from the
// host's store, equals the sums computed independently from the sandbox's balance transactions,
// exactly, in every format, by processor and by month; payments outside the dates are left out.

#include <gtest/gtest.h>

#include <ctime>
#include <map>

#include <ledgersync/sdk.hpp>

#include "payment_books.hpp"

namespace ledgersync::testing {
namespace {

using nlohmann::json;

/// Fees of the sandbox's charge balance transactions created from `from_unix` on, by fee type
/// (stripe_fee, application_fee, tax) and "total".
std::map<std::string, sdk::Decimal> fees_from_balance_transactions(const PaymentBooks& books, std::int64_t from_unix) {
    std::map<std::string, sdk::Decimal> sums;
    std::string after;
    while (true) {
        const std::string path = "/v1/balance_transactions?type=charge&limit=100" + (after.empty() ? "" : "&starting_after=" + after);
        const json page = books.stripe().get(path).json;
        for (const auto& txn : page.at("data")) {
            after = txn.at("id");
            if (txn.at("created").get<std::int64_t>() < from_unix) continue;
            EXPECT_EQ(txn.at("currency"), "usd");
            sums["total"] += sdk::Decimal::from_parts(txn.at("fee").get<std::int64_t>(), 2);
            for (const auto& detail : txn.at("fee_details")) {
                sums[detail.at("type").get<std::string>()] += sdk::Decimal::from_parts(detail.at("amount").get<std::int64_t>(), 2);
            }
        }
        if (!page.at("has_more").get<bool>()) return sums;
    }
}

sdk::Decimal dec(const json& value) { return sdk::Decimal::from_json(value); }

TEST(FeesReport, equals_the_sums_of_the_sandboxs_balance_transactions_exactly) {
    PaymentBooks books(json::array({payment_reading_route()}));
    const std::int64_t now = std::time(nullptr);
    const std::int64_t day_one = now - 3 * 86400;
    books.freeze_stripe_clock(day_one);
    books.stripe().control("POST", "/__sandbox/stripe/fees", {{"tax_percent", "20"}});
    std::vector<std::string> charges;
    const auto pay = [&](std::int64_t cents, const sandbox::testing::FormFields& extra = {}) {
        charges.push_back(books.stripe().pay(cents, "usd", extra).at("latest_charge").at("id"));
    };
    pay(1000);
    pay(2599, {{"application_fee_amount", "125"}});
    books.advance_stripe_days(2);
    const std::int64_t day_three = now - 86400;
    pay(12345);
    pay(777, {{"application_fee_amount", "33"}});
    pay(99999);
    // A refund keeps the fee: the payment still counts with all of it.
    ASSERT_EQ(books.stripe().post("/v1/refunds", {{"charge", charges[2]}, {"amount", "5000"}}).status, 200);

    books.start_host();
    ASSERT_TRUE(eventually([&] {
        for (const auto& c : charges) if (!books.host_has_read(c)) return false;
        return true;
    })) << books.log();

    const std::string from = utc_date(day_one);
    const std::string to = utc_date(now);
    // Every payment, by processor, as JSON.
    const auto all = books.cli({"report", "fees", "--from", from, "--to", to, "--format", "json"});
    ASSERT_EQ(all.exit_code, 0) << all.err;
    const json report = sdk::parse_json_exact(all.out);
    const auto expected = fees_from_balance_transactions(books, 0);
    ASSERT_EQ(report.at("rows").size(), 1u) << all.out;
    const json& row = report.at("rows").at(0);
    EXPECT_EQ(row.at("processor"), "stripe");
    EXPECT_EQ(row.at("currency"), "USD");
    EXPECT_EQ(row.at("payments"), 5);
    EXPECT_EQ(dec(row.at("processing")), expected.at("stripe_fee"));
    EXPECT_EQ(dec(row.at("platform")), expected.at("application_fee"));
    EXPECT_EQ(dec(row.at("tax_on_fees")), expected.at("tax"));
    EXPECT_EQ(dec(row.at("total")), expected.at("total"));
    EXPECT_EQ(row.at("platform"), "1.58") << "amounts carry the currency's minor units";

    // From day three on only: the first two payments are left out.
    const auto later = books.cli({"report", "fees", "--from", utc_date(day_three), "--to", to, "--format", "csv"});
    ASSERT_EQ(later.exit_code, 0) << later.err;
    const auto expected_later = fees_from_balance_transactions(books, day_three - 3600);
    EXPECT_EQ(later.out, "processor,currency,payments,processing,platform,tax_on_fees,total\nstripe,USD,3," +
                             expected_later.at("stripe_fee").rescaled(2).to_string() + "," +
                             expected_later.at("application_fee").rescaled(2).to_string() + "," +
                             expected_later.at("tax").rescaled(2).to_string() + "," +
                             expected_later.at("total").rescaled(2).to_string() + "\n");

    // By month, as a table: one line per month the payments fall in, and the total.
    const auto monthly = books.cli({"report", "fees", "--from", from, "--to", to, "--by", "month"});
    ASSERT_EQ(monthly.exit_code, 0) << monthly.err;
    EXPECT_NE(monthly.out.find(from.substr(0, 7)), std::string::npos) << monthly.out;
    EXPECT_NE(monthly.out.find(expected.at("total").rescaled(2).to_string()), std::string::npos) << monthly.out;

    // Bad input is refused with the fix.
    const auto swapped = books.cli({"report", "fees", "--from", to, "--to", from});
    EXPECT_EQ(swapped.exit_code, 2);
    EXPECT_NE(swapped.err.find("swap them"), std::string::npos) << swapped.err;
    const auto bad_date = books.cli({"report", "fees", "--from", "2026-13-01", "--to", to});
    EXPECT_EQ(bad_date.exit_code, 2);
    EXPECT_NE(bad_date.err.find("YYYY-MM-DD"), std::string::npos) << bad_date.err;
}

}  // namespace
}  // namespace ledgersync::testing
