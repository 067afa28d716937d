// Transfers and deposits over HTTP: money moved between the company's own accounts, as a payout
// from a processor's clearing account to the bank is booked. Created, read, queried and reported by
// change data capture like any transaction; QBO's checks: the accounts exist (and are balance-sheet
// accounts), they differ, and amounts are greater than zero; no negative deposit.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/encoding.hpp>

#include "support/sandbox_process.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using sdk::Decimal;
using ::testing::HasSubstr;

// The default company: 35 Checking (Bank), 91 Stripe Clearing (Bank), 90 Merchant Fees (Expense).
class QboTransferDepositHttp : public ::testing::Test {
protected:
    void SetUp() override { sandbox_.authorize(); }
    SandboxProcess sandbox_;
};

TEST_F(QboTransferDepositHttp, a_transfer_is_created_read_queried_and_reported_by_cdc) {
    const auto created = sandbox_.api("POST", "transfer", R"({"FromAccountRef":{"value":"91"},"ToAccountRef":{"value":"35"},
        "Amount":1234.56,"TxnDate":"2026-11-27","PrivateNote":"Stripe payout po_1"})");
    ASSERT_EQ(created.status, 200) << created.body;
    const auto& transfer = created.json["Transfer"];
    EXPECT_EQ(Decimal::from_json(transfer["Amount"]), Decimal::parse("1234.56"));
    EXPECT_EQ(transfer["FromAccountRef"]["value"], "91");
    EXPECT_EQ(transfer["ToAccountRef"]["value"], "35");
    EXPECT_EQ(transfer["TxnDate"], "2026-11-27");
    EXPECT_EQ(transfer["CurrencyRef"]["value"], "USD");
    const std::string id = transfer["Id"];
    EXPECT_EQ(sandbox_.api("GET", "transfer/" + id).json["Transfer"], transfer);
    const auto queried = sandbox_.api("GET", "query?query=" + sdk::percent_encode("select * from Transfer where TxnDate = '2026-11-27'"));
    ASSERT_EQ(queried.status, 200) << queried.body;
    EXPECT_EQ(queried.json["QueryResponse"]["Transfer"].size(), 1u);
    const std::string since = transfer["MetaData"]["CreateTime"];
    const auto cdc = sandbox_.api("GET", "cdc?entities=Transfer,Deposit&changedSince=" + sdk::percent_encode(since));
    ASSERT_EQ(cdc.status, 200) << cdc.body;
    EXPECT_THAT(cdc.body, HasSubstr("\"Transfer\""));
}

TEST_F(QboTransferDepositHttp, a_transfer_needs_two_existing_balance_sheet_accounts_and_a_positive_amount) {
    const auto missing = sandbox_.api("POST", "transfer", R"({"ToAccountRef":{"value":"35"},"Amount":10})");
    EXPECT_EQ(missing.status, 400);
    EXPECT_THAT(missing.body, HasSubstr("FromAccountRef"));
    const auto unknown = sandbox_.api("POST", "transfer", R"({"FromAccountRef":{"value":"999"},"ToAccountRef":{"value":"35"},"Amount":10})");
    EXPECT_EQ(unknown.status, 400) << unknown.body;
    const auto same = sandbox_.api("POST", "transfer", R"({"FromAccountRef":{"value":"35"},"ToAccountRef":{"value":"35"},"Amount":10})");
    EXPECT_EQ(same.status, 400);
    EXPECT_THAT(same.body, HasSubstr("the same account"));
    const auto expense = sandbox_.api("POST", "transfer", R"({"FromAccountRef":{"value":"90"},"ToAccountRef":{"value":"35"},"Amount":10})");
    EXPECT_EQ(expense.status, 400);
    EXPECT_THAT(expense.body, HasSubstr("balance sheet"));
    for (const char* amount : {"0", "-5.00"}) {
        const auto bad = sandbox_.api("POST", "transfer", std::string(R"({"FromAccountRef":{"value":"91"},"ToAccountRef":{"value":"35"},"Amount":)") + amount + "}");
        EXPECT_EQ(bad.status, 400) << amount;
        EXPECT_THAT(bad.body, HasSubstr("greater than 0")) << amount;
    }
    EXPECT_EQ(sandbox_.api("GET", "query?query=" + sdk::percent_encode("select * from Transfer")).json["QueryResponse"].value("Transfer", nlohmann::json::array()).size(), 0u);
}

TEST_F(QboTransferDepositHttp, a_deposit_totals_its_lines_and_refuses_a_negative_or_a_wrong_account) {
    const auto created = sandbox_.api("POST", "deposit", R"({"DepositToAccountRef":{"value":"35"},"TxnDate":"2026-11-27",
        "Line":[{"DetailType":"DepositLineDetail","Amount":100.10,"DepositLineDetail":{"AccountRef":{"value":"91"}}},
                {"DetailType":"DepositLineDetail","Amount":0.25,"DepositLineDetail":{"AccountRef":{"value":"91"}}}]})");
    ASSERT_EQ(created.status, 200) << created.body;
    const auto& deposit = created.json["Deposit"];
    EXPECT_EQ(Decimal::from_json(deposit["TotalAmt"]), Decimal::parse("100.35"));
    EXPECT_EQ(deposit["Line"][1]["Id"], "2");
    EXPECT_EQ(sandbox_.api("GET", "deposit/" + deposit["Id"].get<std::string>()).json["Deposit"], deposit);

    const auto negative = sandbox_.api("POST", "deposit", R"({"DepositToAccountRef":{"value":"35"},
        "Line":[{"DetailType":"DepositLineDetail","Amount":-12.34,"DepositLineDetail":{"AccountRef":{"value":"91"}}}]})");
    EXPECT_EQ(negative.status, 400);
    EXPECT_THAT(negative.body, HasSubstr("greater than 0"));
    const auto to_expense = sandbox_.api("POST", "deposit", R"({"DepositToAccountRef":{"value":"90"},
        "Line":[{"DetailType":"DepositLineDetail","Amount":1,"DepositLineDetail":{"AccountRef":{"value":"91"}}}]})");
    EXPECT_EQ(to_expense.status, 400);
    EXPECT_THAT(to_expense.body, HasSubstr("not a bank"));
    const auto no_lines = sandbox_.api("POST", "deposit", R"({"DepositToAccountRef":{"value":"35"}})");
    EXPECT_EQ(no_lines.status, 400);
    const auto unknown_line_account = sandbox_.api("POST", "deposit", R"({"DepositToAccountRef":{"value":"35"},
        "Line":[{"DetailType":"DepositLineDetail","Amount":1,"DepositLineDetail":{"AccountRef":{"value":"999"}}}]})");
    EXPECT_EQ(unknown_line_account.status, 400) << unknown_line_account.body;
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
