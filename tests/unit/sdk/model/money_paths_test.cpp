// Amounts of the canonical model as sdk::Money: an invoice's totals in its currency, and a payment
// applied to invoices only in its own currency (ledgersync/sdk/model/payment_allocation.hpp).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <ledgersync/sdk/model/invoice.hpp>
#include <ledgersync/sdk/model/payment.hpp>
#include <ledgersync/sdk/model/payment_allocation.hpp>

namespace ledgersync::sdk::model {
namespace {

using ::testing::HasSubstr;

Money usd(const char* amount) { return Money::parse(amount, "USD"); }

TEST(CanonicalMoney, an_invoice_states_its_totals_as_money_in_its_currency) {
    Invoice inv;
    inv.currency = "JPY";
    LineItem line;
    line.kind = LineKind::item;
    line.quantity = Decimal(3);
    line.unit_price = Decimal(1500);
    line.amount = Decimal(4500);
    inv.lines.push_back(line);
    inv.totals.amount_paid = Decimal(500);
    inv.totals = inv.computed_totals();
    EXPECT_EQ(inv.total(), Money::parse("4500", "JPY"));
    EXPECT_EQ(inv.balance_due(), Money::parse("4000", "JPY"));
    EXPECT_EQ(inv.amount_paid().currency(), "JPY");
    EXPECT_THROW((void)(inv.total() + usd("1.00")), CurrencyMismatch);
}

TEST(CanonicalMoney, a_payment_states_its_amount_as_money_in_its_currency) {
    Payment p;
    p.amount = Decimal::parse("95.50");
    p.currency = "EUR";
    EXPECT_EQ(p.amount_money().to_string(), "95.50 EUR");
}

TEST(PaymentAllocation, applies_in_order_up_to_each_open_balance_and_keeps_the_rest) {
    const auto allocation = PaymentAllocation::allocate(
        usd("150.00"), {{"101", usd("100.00")}, {"102", usd("0.00")}, {"103", usd("80.00")}, {"104", usd("10.00")}});
    ASSERT_EQ(allocation.applied.size(), 2u);
    EXPECT_EQ(allocation.applied[0].invoice_id, "101");
    EXPECT_EQ(allocation.applied[0].amount, usd("100.00"));
    EXPECT_EQ(allocation.applied[1].invoice_id, "103");
    EXPECT_EQ(allocation.applied[1].amount, usd("50.00"));
    EXPECT_EQ(allocation.unapplied, usd("0.00"));

    const auto overpaid = PaymentAllocation::allocate(usd("150.00"), {{"101", usd("100.00")}});
    EXPECT_EQ(overpaid.unapplied, usd("50.00"));
}

TEST(PaymentAllocation, a_payment_in_eur_is_never_applied_to_a_usd_invoice) {
    try {
        (void)PaymentAllocation::allocate(Money::parse("100.00", "EUR"), {{"130", usd("100.00")}});
        FAIL() << "a EUR payment paid a USD invoice";
    } catch (const PaymentCurrencyMismatch& e) {
        EXPECT_THAT(e.what(), HasSubstr("100.00 EUR cannot be applied to invoice 130, which is in USD"));
        EXPECT_THAT(e.what(), HasSubstr("record the payment in USD or apply it to invoices in EUR"));
    }
    // Also when the money would not reach that invoice: the payment names it as paid.
    EXPECT_THROW((void)PaymentAllocation::allocate(usd("10.00"), {{"1", usd("10.00")}, {"2", Money::parse("5", "JPY")}}),
                 PaymentCurrencyMismatch);
}

}  // namespace
}  // namespace ledgersync::sdk::model
