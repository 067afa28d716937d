#pragma once
// Taxes follow the company's tax mode (docs/mappings.md, "Taxes"). In both modes a tax is a line
// of kind `tax`, which the QuickBooks connector books on its tax item with a non-taxable code, so
// it is never taxed again. With tax codes (VAT, GST, HST), every tax must map to one of the
// company's codes: an invoice with a tax nobody mapped is refused before it reaches QuickBooks.

#include <string>

#include <ledgersync/sdk/model/invoice.hpp>

#include "rules_config.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

/// Checks the tax lines of `invoice` against the tax mode; throws a data failure naming the
/// first tax that has no QuickBooks tax code in tax_codes mode.
void check_tax_lines(const sdk::model::Invoice& invoice, const TaxSettings& settings, const std::string& label);

}  // namespace ledgersync::mappers::qbo_invoice_rules
