#pragma once
/// Invoice-level discounts, fees and taxes: HubSpot's separate `discounts`, `fees` and `taxes`
/// objects associated with an invoice (types 411 / 413 / 415), each `hs_type` FIXED or PERCENT
/// with `hs_value`, ordered by `hs_sort_order`. HubSpot applies them in this order: discounts
/// (each on what the earlier ones left, never below zero), then fees (on the discounted
/// subtotal), then taxes (on the discounted subtotal plus fees), each rounded half-up to the
/// currency's minor unit (docs/connectors/hubspot.md, "What maps to what").
///
/// Canonical side (docs/model.md): one discount is the invoice's `discount`, several are lines
/// of kind `discount`; fees are lines of kind `fee`, taxes lines of kind `tax`.

#include <optional>
#include <map>
#include <string>
#include <vector>

#include <ledgersync/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

/// The object types of what an invoice is written with besides itself, in writing order.
inline const std::vector<std::string> kInvoiceChildTypes = {"line_items", "discounts", "fees", "taxes"};

/// A HubSpot invoice's adjustments in canonical form.
struct CanonicalAdjustments {
    /// Lines of kind discount (when there are several discounts), fee and tax.
    nlohmann::json lines = nlohmann::json::array();
    /// The invoice's `discount` when it has exactly one discount object.
    std::optional<nlohmann::json> discount;
    /// What that one discount takes off (totals.discount); 0 without it.
    sdk::Decimal discount_amount;
};

/// The discounts, fees and taxes associated with `invoice`, applied as HubSpot applies them to
/// `items_subtotal` (the sum of its line items) in `currency`. Throws TranslationError naming
/// the object that cannot be read or has no faithful form.
CanonicalAdjustments read_adjustments(const nlohmann::json& invoice, const RelatedObjects& related, const sdk::Decimal& items_subtotal,
                                      const std::string& currency);

/// One HubSpot object a canonical invoice is written with: a line item, a discount, a fee or a
/// tax, with its properties (ledgersync_source_id included).
struct InvoiceChild {
    std::string type;  ///< one of kInvoiceChildTypes
    nlohmann::json properties;
};

/// What a canonical invoice's lines and invoice discount become in HubSpot: item lines line
/// items (`<source id>#line<n>`), discount lines FIXED discounts (`#discount<n>`), fee lines
/// FIXED fees (`#fee<n>`), tax lines FIXED taxes (`#tax<n>`), n the line's position from 1; the
/// invoice's discount a discount `#discount` after the discount lines, PERCENT when HubSpot's
/// base for it is the canonical subtotal (no fee lines), else FIXED at totals.discount.
/// `product_ids`: the HubSpot product of item line n (its index in `lines`), as the host
/// resolved the line's product reference; such a line item gets hs_product_id, so the invoice
/// keeps its products when it comes back.
/// Throws TranslationError for what HubSpot cannot hold (a negative fee or tax, a positive
/// discount line, a negative item line).
std::vector<InvoiceChild> invoice_children(const nlohmann::json& canonical, const std::string& source_id,
                                           const std::map<std::size_t, std::string>& product_ids);

/// The name a canonical line is shown by in HubSpot: its description, " - " its comment; else
/// its kind ("Item", "Fee", "Tax", "Discount").
std::string line_name(const nlohmann::json& line);

}  // namespace ledgersync::connectors::hubspot
