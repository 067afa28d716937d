#pragma once
/// How a payment is applied to the invoices it pays: in order, each invoice up to its open
/// balance; what remains stays unapplied (a credit in the customer's favour). Money never
/// crosses currencies: a payment in EUR is never applied to an invoice in USD (no system
/// converts for us, and an exchange rate is a business decision), it is a data error.

#include <string>
#include <vector>

#include "ledgersync/sdk/money.hpp"

namespace ledgersync::sdk::model {

/// An invoice as a payment meets it: its id and the balance still open.
struct OpenInvoice {
    std::string id;
    Money balance;
};

/// What a payment covers on one invoice.
struct InvoiceApplication {
    std::string invoice_id;
    Money amount;
};

/// A payment in another currency than an invoice it should pay. what() says which invoice,
/// both currencies and what to do.
class PaymentCurrencyMismatch : public CurrencyMismatch {
public:
    using CurrencyMismatch::CurrencyMismatch;
};

struct PaymentAllocation {
    /// One entry per invoice that receives money, in the order given; invoices whose balance
    /// is nothing (already paid) or that come after the money ran out receive none.
    std::vector<InvoiceApplication> applied;
    /// What is left of the payment, >= 0.
    Money unapplied;

    /// Applies `payment` to `invoices` in order. Throws PaymentCurrencyMismatch when any invoice
    /// is in another currency than the payment (checked for every invoice, also those the money
    /// does not reach: the payment names them all as paid).
    static PaymentAllocation allocate(const Money& payment, const std::vector<OpenInvoice>& invoices) {
        for (const auto& invoice : invoices) {
            if (invoice.balance.currency() != payment.currency()) {
                throw PaymentCurrencyMismatch(
                    "the payment of " + payment.to_string() + " cannot be applied to invoice " + invoice.id +
                    ", which is in " + std::string(invoice.balance.currency()) +
                    ": a payment pays invoices in its own currency; record the payment in " +
                    std::string(invoice.balance.currency()) + " or apply it to invoices in " +
                    std::string(payment.currency()));
            }
        }
        PaymentAllocation allocation{{}, payment};
        for (const auto& invoice : invoices) {
            if (allocation.unapplied.is_zero() || allocation.unapplied.is_negative()) break;
            if (invoice.balance.is_zero() || invoice.balance.is_negative()) continue;
            const Money applied = invoice.balance < allocation.unapplied ? invoice.balance : allocation.unapplied;
            allocation.applied.push_back({invoice.id, applied});
            allocation.unapplied -= applied;
        }
        return allocation;
    }
};

}  // namespace ledgersync::sdk::model
