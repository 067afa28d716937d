#pragma once
// QuickBooks Online has no line discounts. A discounted line becomes a line of its net amount:
// the same quantity at a unit price that gives the net amount exactly, its description saying
// which discount it includes ("Widget (incl. 10% discount: SUMMER)").

#include <string>

#include <ledgersync/sdk/model/invoice.hpp>

#include "rules_config.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

/// Folds every line discount of `invoice` into its line. Throws a data failure when a net
/// amount cannot be written as quantity x a unit price of at most kMaxUnitPriceDecimals
/// decimals (QBO requires Amount = Qty x UnitPrice) or a description grows past QBO's limit.
void fold_line_discounts(sdk::model::Invoice& invoice, const LineDiscountSettings& settings, const std::string& label);

}  // namespace ledgersync::mappers::qbo_invoice_rules
