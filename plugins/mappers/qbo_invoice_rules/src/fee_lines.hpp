#pragma once
// QuickBooks Online has no order-level fees: a fee (shipping, card surcharge, late fee) is a line
// on an item. A fee line that names no product gets the product configured for its type, matched
// against its description: "Shipping" matches "Shipping" and "shipping (UPS Ground)".

#include <optional>
#include <string>

#include <ledgersync/sdk/model/invoice.hpp>

#include "rules_config.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

/// The configured product for a fee line described `description`: the longest fee type the
/// description is, or starts with followed by a character that is not a letter or digit; else
/// the default product; nullopt when neither applies.
std::optional<sdk::model::Reference> fee_product(const FeeSettings& settings, const std::string& description);

/// Gives every fee line without a product its configured product; throws a data failure for
/// a fee line that would reach QuickBooks without an item.
void assign_fee_products(sdk::model::Invoice& invoice, const FeeSettings& settings, const std::string& label);

}  // namespace ledgersync::mappers::qbo_invoice_rules
