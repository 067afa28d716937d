#include "invoice_discounts.hpp"

#include <ledgersync/sdk/utf8_text.hpp>

#include "data_failure.hpp"
#include "qbo_limits.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

using sdk::Decimal;
using sdk::model::Discount;
using sdk::model::LineItem;
using sdk::model::LineKind;

namespace {

std::string line_name(const LineItem& line, std::size_t index) {
    std::string name = "line " + std::to_string(index + 1);
    if (line.description && !line.description->empty()) name += " \"" + *line.description + "\"";
    return name;
}

}  // namespace

void settle_invoice_discounts(sdk::model::Invoice& invoice, const InvoiceDiscountSettings& settings, const std::string& label) {
    const int exponent = sdk::Currency::of(invoice.currency).exponent;
    const auto totals = invoice.computed_totals();

    // Each invoice-level discount, as people read it, with the amount it takes off.
    std::vector<std::string> parts;
    Decimal sum = Decimal::from_parts(0, exponent);
    if (invoice.discount && !totals.discount.is_zero()) {
        const std::string what = invoice.discount->is_percent()
                                     ? invoice.discount->value().normalized().to_string() + "% invoice discount"
                                     : std::string("invoice discount");
        parts.push_back(what + " (" + totals.discount.to_string() + ")");
        sum += totals.discount;
    }
    std::vector<std::size_t> discount_lines;
    for (std::size_t i = 0; i < invoice.lines.size(); ++i) {
        const LineItem& line = invoice.lines[i];
        if (line.kind != LineKind::discount) continue;
        discount_lines.push_back(i);
        std::string part = line_name(line, i);
        if (line.comment && !line.comment->empty()) part += ", " + *line.comment;
        parts.push_back(part + " (" + line.amount.abs().to_string() + ")");
        sum += line.amount.abs();
    }
    if (parts.size() <= 1) return;

    std::string listed;
    for (const auto& part : parts) listed += (listed.empty() ? "" : "; ") + part;
    if (!settings.combine) {
        refuse(label,
               "it has " + std::to_string(parts.size()) + " invoice-level discounts (" + listed +
                   "), and QuickBooks takes one invoice-level discount",
               "combine them into one discount in the source, or set invoice_discounts.combine to true in the "
               "qbo_invoice_rules config to book them as one discount of " + sum.to_string() + " " + invoice.currency +
                   ", then retry");
    }

    // One discount of the sum: the discount lines leave the subtotal and join the discount, so
    // the total stays what it was.
    for (auto it = discount_lines.rbegin(); it != discount_lines.rend(); ++it) {
        invoice.lines.erase(invoice.lines.begin() + static_cast<std::ptrdiff_t>(*it));
    }
    invoice.discount = Discount::amount(sum);
    const std::string note = settings.note.render({{"amount", sum.to_string()}, {"currency", invoice.currency}, {"parts", listed}});
    if (!note.empty()) {
        std::string memo = invoice.memo && !invoice.memo->empty() ? *invoice.memo + "\n" + note : note;
        const std::size_t length = sdk::character_count(memo, sdk::CharacterUnit::utf16);
        if (length > kMaxCustomerMemo) {
            refuse(label,
                   "its memo with the note on its combined discounts is " + std::to_string(length) +
                       " characters long, and QuickBooks takes at most " + std::to_string(kMaxCustomerMemo),
                   "shorten the memo or the discounts' descriptions in the source, or shorten invoice_discounts.note "
                   "(\"\" leaves the note out), then retry");
        }
        invoice.memo = memo;
    }
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
