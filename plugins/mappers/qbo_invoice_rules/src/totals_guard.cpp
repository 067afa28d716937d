#include "totals_guard.hpp"

#include "data_failure.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

using sdk::Decimal;

void check_totals_kept(const sdk::model::InvoiceTotals& before, const sdk::model::Invoice& after, const std::string& label) {
    const std::pair<const char*, std::pair<Decimal, Decimal>> compared[] = {
        {"total", {before.total, after.totals.total}},
        {"tax", {before.tax, after.totals.tax}},
        {"balance due", {before.balance_due, after.totals.balance_due}},
    };
    std::string differences;
    for (const auto& [name, values] : compared) {
        const auto& [source, mapped] = values;
        if (source == mapped) continue;
        const Decimal difference = mapped - source;
        differences += std::string(differences.empty() ? "" : "; ") + name + " " + source.to_string() + " became " +
                       mapped.to_string() + " (difference " + (difference.is_negative() ? "" : "+") +
                       difference.to_string() + " " + after.currency + ")";
    }
    if (!differences.empty()) {
        refuse(label, "its totals would change on the way to QuickBooks: " + differences +
                          "; the source's stated totals and its lines must agree exactly",
               "check the invoice's lines, discounts and totals in the source (the lines must add up to the stated "
               "total), then retry; if they do, report this invoice to the maintainers of qbo_invoice_rules");
    }
    if (after.totals.total.is_negative()) {
        refuse(label, "its total is " + after.totals.total.to_string() + " " + after.currency +
                          ", and QuickBooks invoices cannot be negative (money owed to the customer is a credit memo)",
               "issue a credit note in the source, or filter negative invoices out of the route, then retry");
    }
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
