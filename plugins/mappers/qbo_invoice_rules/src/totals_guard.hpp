#pragma once
// The rules move money between lines and the invoice discount, never in or out of the invoice:
// what the customer owes must be the same to the cent after them, in exact decimals. A
// difference (a rule's defect, or stated totals that never matched the lines) fails the invoice
// with the difference rather than letting QuickBooks bill another amount.

#include <string>

#include <ledgersync/sdk/model/invoice.hpp>

namespace ledgersync::mappers::qbo_invoice_rules {

/// Throws a data failure when the total, tax or balance due of `after` differ from `before`
/// (the totals the source stated), naming each difference; or when the total is negative,
/// which QuickBooks books as a credit memo, not an invoice.
void check_totals_kept(const sdk::model::InvoiceTotals& before, const sdk::model::Invoice& after, const std::string& label);

}  // namespace ledgersync::mappers::qbo_invoice_rules
