// Invoice-level discounts, fees and taxes, read and written (adjustments.hpp).

#include "adjustments.hpp"

#include <algorithm>

#include <ledgersync/sdk/money.hpp>

namespace ledgersync::connectors::hubspot {

using nlohmann::json;
using sdk::Decimal;

namespace {

/// One discount, fee or tax as HubSpot holds it.
struct Adjustment {
    std::string id;
    std::string label;
    bool percent = false;
    Decimal value;
    Decimal sort_order;
};

/// The adjustments of `type` ("discounts") associated with `invoice`, in HubSpot's order.
std::vector<Adjustment> adjustments_of(const json& invoice, const std::map<std::string, json>& objects, const std::string& type,
                                       const std::string& singular) {
    std::vector<Adjustment> out;
    for (const auto& id : associated_ids(invoice, type)) {
        const auto it = objects.find(id);
        if (it == objects.end()) throw TranslationError("its " + singular + " " + id + " could not be read");
        const json& object = it->second;
        Adjustment a;
        a.id = id;
        a.label = property(object, "hs_label").value_or("");
        const std::string kind = property(object, "hs_type").value_or("");
        if (kind != "FIXED" && kind != "PERCENT") {
            throw TranslationError("its " + singular + " " + id + " has hs_type \"" + kind + "\"; FIXED or PERCENT was expected");
        }
        a.percent = kind == "PERCENT";
        const auto value = decimal_property(object, "hs_value");
        if (!value) throw TranslationError("its " + singular + " " + id + " has no value (hs_value)");
        a.value = Decimal::parse(*value);
        if (a.value.is_negative()) throw TranslationError("its " + singular + " " + id + " has a negative value " + *value);
        a.sort_order = Decimal::parse(decimal_property(object, "hs_sort_order").value_or("0"));
        out.push_back(std::move(a));
    }
    std::stable_sort(out.begin(), out.end(), [](const Adjustment& x, const Adjustment& y) {
        return x.sort_order != y.sort_order ? x.sort_order < y.sort_order : compare_ids(x.id, y.id) < 0;
    });
    return out;
}

/// What `a` amounts to on `base`: its value, or its percentage of `base`, rounded half-up to
/// the minor unit.
Decimal amount_of(const Adjustment& a, const Decimal& base, int exponent) {
    if (!a.percent) return a.value.rounded(exponent, sdk::RoundingMode::half_up);
    return Decimal::divide(base * a.value, Decimal(100), exponent, sdk::RoundingMode::half_up);
}

/// A canonical line for adjustment `a` of `kind`, adding `amount`.
json line_of(const Adjustment& a, const std::string& kind, const Decimal& amount, const Decimal& base) {
    std::string fallback = kind;
    fallback[0] = static_cast<char>(fallback[0] - 'a' + 'A');
    json line{{"id", a.id}, {"kind", kind}, {"description", a.label.empty() ? fallback : a.label}, {"amount", amount.to_string()}};
    if (a.percent) line["comment"] = a.value.normalized().to_string() + "% of " + base.to_string();
    return line;
}

std::string text_or(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json adjustment_properties(const std::string& label, const std::string& type, const Decimal& value, std::size_t sort_order,
                           const std::string& source_id) {
    return {{"hs_label", label}, {"hs_type", type}, {"hs_value", value.normalized().to_string()},
            {"hs_sort_order", std::to_string(sort_order)}, {kSourceIdProperty, source_id}};
}

}  // namespace

std::string line_name(const json& line) {
    const std::string kind = text_or(line, "kind").empty() ? "item" : text_or(line, "kind");
    std::string name = text_or(line, "description");
    if (const std::string comment = text_or(line, "comment"); !comment.empty()) name += (name.empty() ? "" : " - ") + comment;
    if (name.empty()) name = kind == "item" ? "Item" : kind == "fee" ? "Fee" : kind == "tax" ? "Tax" : "Discount";
    return name;
}

CanonicalAdjustments read_adjustments(const json& invoice, const RelatedObjects& related, const Decimal& items_subtotal,
                                      const std::string& currency) {
    const auto known = sdk::Currency::find(currency);
    if (!known) throw TranslationError("its currency \"" + currency + "\" (hs_currency) is not an ISO 4217 code");
    const int exponent = known->exponent;
    CanonicalAdjustments out;
    const auto discounts = adjustments_of(invoice, related.discounts, "discounts", "discount");
    const auto fees = adjustments_of(invoice, related.fees, "fees", "fee");
    const auto taxes = adjustments_of(invoice, related.taxes, "taxes", "tax");

    Decimal running = items_subtotal;
    for (const auto& d : discounts) {
        const Decimal base = running;
        // A discount never takes the invoice below zero.
        const Decimal amount = std::min(amount_of(d, base, exponent), base);
        running = running - amount;
        if (discounts.size() == 1) {
            // The canonical percentage applies to the subtotal, which includes fee lines; HubSpot's
            // to the line items only: a percentage is kept only where the two agree.
            const bool same_base = fees.empty() && amount == amount_of(d, base, exponent);
            out.discount = d.percent && same_base ? json{{"percent", d.value.normalized().to_string()}}
                                                  : json{{"amount", amount.to_string()}};
            out.discount_amount = amount;
        } else {
            out.lines.push_back(line_of(d, "discount", -amount, base));
        }
    }
    Decimal fee_total;
    for (const auto& f : fees) {
        const Decimal amount = amount_of(f, running, exponent);
        fee_total += amount;
        out.lines.push_back(line_of(f, "fee", amount, running));
    }
    const Decimal taxable = running + fee_total;
    for (const auto& t : taxes) out.lines.push_back(line_of(t, "tax", amount_of(t, taxable, exponent), taxable));
    return out;
}

std::vector<InvoiceChild> invoice_children(const json& canonical, const std::string& source_id,
                                           const std::map<std::size_t, std::string>& product_ids) {
    std::vector<InvoiceChild> out;
    const std::string currency = text_or(canonical, "currency");
    const json lines = canonical.value("lines", json::array());
    bool has_fees = false;
    for (const auto& line : lines) has_fees = has_fees || text_or(line, "kind") == "fee";
    for (std::size_t l = 0; l < lines.size(); ++l) {
        const json& line = lines[l];
        const std::string kind = text_or(line, "kind").empty() ? "item" : text_or(line, "kind");
        if (kind == "item") {
            json properties = line_item_properties(line, currency, line_source_id(source_id, l));
            if (const auto product = product_ids.find(l); product != product_ids.end()) properties["hs_product_id"] = product->second;
            out.push_back({"line_items", std::move(properties)});
            continue;
        }
        const std::string amount_text = text_or(line, "amount");
        if (amount_text.empty()) throw TranslationError("a " + kind + " line has no amount");
        const Decimal amount = Decimal::parse(amount_text);
        const std::string n = std::to_string(l + 1);
        if (kind == "discount") {
            if (amount.is_negative() || amount.is_zero()) {
                out.push_back({"discounts", adjustment_properties(line_name(line), "FIXED", -amount, l, source_id + "#discount" + n)});
                continue;
            }
            throw TranslationError("a discount line of " + amount_text + " is positive; a discount line takes off (amount <= 0)");
        }
        if (kind != "fee" && kind != "tax") throw TranslationError("a line has the unknown kind \"" + kind + "\"");
        if (amount.is_negative()) {
            throw TranslationError("a " + kind + " line of " + amount_text + " is negative; HubSpot " + kind +
                                   (kind == "fee" ? "s" : "es") + " cannot be negative");
        }
        out.push_back({kind == "fee" ? "fees" : "taxes", adjustment_properties(line_name(line), "FIXED", amount, l, source_id + "#" + kind + n)});
    }
    const auto discount = canonical.find("discount");
    if (discount != canonical.end() && discount->is_object()) {
        const std::string percent = text_or(*discount, "percent");
        if (!percent.empty() && !has_fees) {
            out.push_back({"discounts", adjustment_properties("Discount", "PERCENT", Decimal::parse(percent), lines.size(), source_id + "#discount")});
        } else {
            // A percentage of a subtotal with fees has another base in HubSpot (fees come after
            // discounts there): the amount the source computed is written instead.
            std::string amount = text_or(*discount, "amount");
            if (!percent.empty()) amount = text_or(canonical.value("totals", json::object()), "discount");
            if (amount.empty()) throw TranslationError("the invoice discount has no amount (discount.amount, or totals.discount)");
            const std::string label = percent.empty() ? "Discount" : "Discount " + percent + "%";
            out.push_back({"discounts", adjustment_properties(label, "FIXED", Decimal::parse(amount), lines.size(), source_id + "#discount")});
        }
    }
    return out;
}

}  // namespace ledgersync::connectors::hubspot
