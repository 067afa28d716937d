#include "tax_lines.hpp"

#include "comparable_name.hpp"
#include "data_failure.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

using sdk::model::LineKind;

void check_tax_lines(const sdk::model::Invoice& invoice, const TaxSettings& settings, const std::string& label) {
    if (settings.mode != TaxMode::tax_codes) return;
    for (std::size_t i = 0; i < invoice.lines.size(); ++i) {
        const auto& line = invoice.lines[i];
        if (line.kind != LineKind::tax) continue;
        const std::string where = "line " + std::to_string(i + 1);
        const std::string name = line.description.value_or("");
        if (comparable_name(name).empty()) {
            refuse(label, where + " is a tax of " + line.amount.to_string() + " " + invoice.currency +
                              " without a name, so no QuickBooks tax code can be found for it",
                   "name the tax in the source (its name is looked up in tax_codes of the qbo_invoice_rules config), then retry");
        }
        if (settings.codes.count(comparable_name(name)) == 0) {
            refuse(label, where + " is the tax \"" + name + "\", which has no QuickBooks tax code",
                   "map it in tax_codes of the qbo_invoice_rules config (e.g. \"tax_codes\": {\"" + name +
                       "\": \"<TaxCode id>\"}; the ids are in QuickBooks under Taxes, or GET /query?query=select * from TaxCode), then retry");
        }
    }
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
