#pragma once
// QuickBooks Online takes one invoice-level discount (one DiscountLineDetail; practitioners
// report that more collapse silently). The invoice-level discounts of a canonical invoice are
// its `discount` and its lines of kind `discount`. One passes as it is; several are combined
// into one discount of their sum when the config allows it, else the invoice is refused.

#include <string>

#include <ledgersync/sdk/model/invoice.hpp>

#include "rules_config.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

/// Leaves at most one invoice-level discount on `invoice`, or throws a data failure naming them.
void settle_invoice_discounts(sdk::model::Invoice& invoice, const InvoiceDiscountSettings& settings, const std::string& label);

}  // namespace ledgersync::mappers::qbo_invoice_rules
