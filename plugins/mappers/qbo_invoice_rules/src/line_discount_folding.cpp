#include "line_discount_folding.hpp"

#include <map>

#include <ledgersync/sdk/utf8_text.hpp>

#include "data_failure.hpp"
#include "qbo_limits.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

using sdk::Decimal;
using sdk::RoundingMode;
using sdk::model::LineItem;

namespace {

/// `value` with at least `exponent` fraction digits and no needless trailing zeros beyond them.
Decimal tidy(const Decimal& value, int exponent) {
    const Decimal shortest = value.normalized();
    return shortest.scale() < exponent ? shortest.rescaled(exponent) : shortest;
}

/// The unit price with the fewest decimals (from the currency's, up to QBO's) that gives `net`
/// for `quantity`; nullopt when none does.
std::optional<Decimal> net_unit_price(const Decimal& net, const Decimal& quantity, int exponent) {
    for (int scale = exponent; scale <= std::max(exponent, kMaxUnitPriceDecimals); ++scale) {
        const Decimal price = Decimal::divide(net, quantity, scale, RoundingMode::half_up);
        if (Decimal::multiply_rounded(quantity, price, exponent, RoundingMode::half_up) == net) return tidy(price, exponent);
    }
    return std::nullopt;
}

std::string discount_text(const sdk::model::Discount& discount, int exponent, const std::string& currency) {
    if (discount.is_percent()) return discount.value().normalized().to_string() + "%";
    return tidy(discount.value(), exponent).to_string() + " " + currency;
}

}  // namespace

void fold_line_discounts(sdk::model::Invoice& invoice, const LineDiscountSettings& settings, const std::string& label) {
    const int exponent = sdk::Currency::of(invoice.currency).exponent;
    for (std::size_t i = 0; i < invoice.lines.size(); ++i) {
        LineItem& line = invoice.lines[i];
        if (!line.discount) continue;
        const std::string where = "line " + std::to_string(i + 1);
        const Decimal gross = *line.gross_amount(exponent);
        const Decimal off = *line.discount_amount(exponent);
        const Decimal net = gross - off;
        std::optional<Decimal> price = line.quantity->is_zero() ? line.unit_price : net_unit_price(net, *line.quantity, exponent);
        if (!price) {
            refuse(label,
                   where + " is discounted to " + net.to_string() + " " + invoice.currency + ", which no unit price of at most " +
                       std::to_string(kMaxUnitPriceDecimals) + " decimals gives for quantity " + line.quantity->to_string() +
                       ", and QuickBooks has no line discounts: the line's amount must be its quantity x unit price",
                   "give the line a quantity or a discount whose net amount divides by the quantity in the source (or split "
                   "the line), then retry");
        }

        const bool has_reason = line.comment && !line.comment->empty();
        const TextTemplate& text = has_reason ? settings.description : settings.description_without_reason;
        std::string description = line.description ? *line.description : (line.product && line.product->name ? *line.product->name : "");
        const std::map<std::string, std::string> values{
            {"description", description},
            {"discount", discount_text(*line.discount, exponent, invoice.currency)},
            {"amount", tidy(off, exponent).to_string()},
            {"gross", tidy(gross, exponent).to_string()},
            {"currency", invoice.currency},
            {"reason", has_reason ? *line.comment : std::string()}};
        description = text.render(values);
        const std::size_t length = sdk::character_count(description, sdk::CharacterUnit::utf16);
        if (length > kMaxLineDescription) {
            refuse(label,
                   where + "'s description with its discount explained is " + std::to_string(length) +
                       " characters long, and QuickBooks takes at most " + std::to_string(kMaxLineDescription),
                   "shorten the line's description or its comment in the source (or the line_discounts description "
                   "format), then retry");
        }

        line.description = description;
        if (has_reason && text.uses("reason")) line.comment.reset();  // now part of the description
        line.unit_price = *price;
        line.discount.reset();
        line.amount = net;
    }
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
