#pragma once
/// HubSpot's invoice rules (hubspot.md §2.6, §2.7, §2.9) in exact decimals:
/// - status draft | open | paid | voided; draft -> open needs exactly one associated contact and
///   at least one line item, and assigns the number; open -> voided; paid follows payments;
/// - a line item's amount = quantity x (price - unit discount) less its percentage discount;
///   its price cannot be negative;
/// - totals: discounts first (in hs_sort_order), then fees, then taxes (on the discounted
///   subtotal plus fees); amount paid = associated succeeded payments less their refunds;
///   balance due = amount billed - amount paid.
/// Amounts are rounded to cents, half up, at each line and each discount/fee/tax.

#include <string>

#include <ledgersync/sdk/decimal.hpp>

#include "hubspot/crm_account.hpp"

namespace ledgersync::sandbox::hubspot {

struct InvoiceTotals {
    sdk::Decimal subtotal;
    sdk::Decimal discounts;
    sdk::Decimal fees;
    sdk::Decimal taxes;
    sdk::Decimal billed;
    sdk::Decimal paid;
    sdk::Decimal balance_due;
};

/// Net amount and total discount of a line item from its stored values.
struct LineAmount {
    sdk::Decimal amount;
    sdk::Decimal total_discount;
};
LineAmount line_item_amount(const CrmObject& line_item);

InvoiceTotals invoice_totals(CrmAccount& account, const CrmObject& invoice);

/// Throws HubSpotError (400) when an invoice cannot move from `from` to `to` with
/// `contacts` associated contacts and `line_items` associated line items.
void check_invoice_transition(const std::string& invoice_id, const std::string& from,
                              const std::string& to, std::size_t contacts, std::size_t line_items);

/// Decimal text of a stored number ("" = 0); throws HubSpotError when it is not a number.
sdk::Decimal stored_decimal(const CrmObject& object, const std::string& property);

/// Cents, half up: the money form every computed amount takes.
std::string money_text(const sdk::Decimal& value);

}  // namespace ledgersync::sandbox::hubspot
