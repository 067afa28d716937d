#pragma once
/// One line of an invoice. QuickBooks Online has no order-level fees or taxes and one
/// invoice-level discount, so everything that moves money on an invoice is a line of a kind:
/// an item sold, a fee (shipping, card surcharge, late fee), a tax, or a discount.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/discount.hpp"
#include "ledgersync/sdk/model/enum_names.hpp"
#include "ledgersync/sdk/model/money_rules.hpp"
#include "ledgersync/sdk/model/reference.hpp"
#include "ledgersync/sdk/money.hpp"

namespace ledgersync::sdk::model {

/// What a line is. Item, fee and discount lines make up the subtotal; tax lines the tax.
enum class LineKind { item, fee, tax, discount };

template <>
struct EnumNames<LineKind> {
    static constexpr std::string_view kWhat = "line kind";
    static constexpr EnumName<LineKind> kNames[] = {
        {LineKind::item, "item"}, {LineKind::fee, "fee"}, {LineKind::tax, "tax"}, {LineKind::discount, "discount"}};
};

/// {"kind": "item", "description": "Rock Fountain", "product": {"type": "product", "id": "5"},
///  "quantity": "2", "unit_price": "275.00", "discount": {"percent": "10"}, "amount": "495.00"}
///
/// All amounts are in the invoice's currency. When quantity and unit price are given,
/// amount = round_half_up(quantity x unit_price, minor unit) - line discount; item lines always
/// give them, fee, tax and discount lines may leave them out and state the amount alone.
struct LineItem {
    /// The line's id in the record's system (HubSpot line item id, QBO Line.Id), when it has one.
    std::optional<std::string> id;
    LineKind kind = LineKind::item;
    /// What the customer sees on the line.
    std::optional<std::string> description;
    /// Why the line is what it is ("10% loyalty discount"), for systems that put the
    /// explanation of a discount or fee in the line's text.
    std::optional<std::string> comment;
    /// The product sold (type "product").
    std::optional<Reference> product;
    std::optional<Decimal> quantity;
    /// May carry more digits than the currency's minor unit (QBO allows 0.0825).
    std::optional<Decimal> unit_price;
    /// A discount on this line: a percentage of the gross line, or an amount.
    std::optional<Discount> discount;
    /// What the line adds to the invoice; <= 0 for discount lines. Whole minor units.
    Decimal amount;

    /// round_half_up(quantity x unit_price) at `exponent` digits; nullopt when the line has no
    /// quantity and unit price. Throws DecimalError on overflow.
    std::optional<Decimal> gross_amount(int exponent) const {
        if (!quantity || !unit_price) return std::nullopt;
        return Decimal::multiply_rounded(*quantity, *unit_price, exponent, RoundingMode::half_up);
    }

    /// What the line discount takes off the gross line (0 without one); nullopt when the line
    /// has no quantity and unit price. Throws DecimalError on overflow.
    std::optional<Decimal> discount_amount(int exponent) const {
        const auto gross = gross_amount(exponent);
        if (!gross) return std::nullopt;
        return discount ? discount->applied_to(*gross, exponent) : Decimal::from_parts(0, exponent);
    }

    /// The amount the rules require: gross - line discount; nullopt when the amount stands
    /// alone (no quantity and unit price). Throws DecimalError on overflow.
    std::optional<Decimal> expected_amount(int exponent) const {
        const auto gross = gross_amount(exponent);
        if (!gross) return std::nullopt;
        return *gross - *discount_amount(exponent);
    }

    /// True for the kinds that make up the subtotal (item, fee, discount).
    bool in_subtotal() const noexcept { return kind != LineKind::tax; }

    nlohmann::json to_json() const {
        nlohmann::json j{{"kind", enum_name(kind)}, {"amount", amount.to_string()}};
        if (id) j["id"] = *id;
        if (description) j["description"] = *description;
        if (comment) j["comment"] = *comment;
        if (product) j["product"] = product->to_json();
        if (quantity) j["quantity"] = quantity->to_string();
        if (unit_price) j["unit_price"] = unit_price->to_string();
        if (discount) j["discount"] = discount->to_json();
        return j;
    }

    /// Reads the line at `path`; nullopt when it is not an object (reported).
    static std::optional<LineItem> read(const nlohmann::json& json, const std::string& path,
                                        ValidationProblems& problems) {
        CanonicalReader r(json, problems, path);
        if (!r.is_object()) return std::nullopt;
        LineItem line;
        const auto kind = r.enumeration<LineKind>("kind", Presence::required);
        line.kind = kind.value_or(LineKind::item);
        line.id = r.text("id", Presence::optional, TextFormat::non_empty);
        line.description = r.text("description", Presence::optional);
        line.comment = r.text("comment", Presence::optional);
        line.product = r.reference("product", Presence::optional, "product");
        line.quantity = r.decimal("quantity", Presence::optional);
        line.unit_price = r.decimal("unit_price", Presence::optional);
        line.discount = Discount::read(r, "discount");
        const bool discount_line = kind == LineKind::discount;
        line.amount = r.required_decimal("amount", discount_line ? DecimalForm::non_positive : DecimalForm::any);
        // Quantity and unit price come together; item lines and discounted lines need both.
        const bool item_line = kind == LineKind::item;
        const bool has_discount = r.present("discount");
        if (item_line || has_discount || r.present("unit_price")) {
            r.require("quantity", item_line      ? "on item lines"
                                  : has_discount ? "with a line discount"
                                                 : "with unit_price");
        }
        if (item_line || has_discount || r.present("quantity")) {
            r.require("unit_price", item_line      ? "on item lines"
                                    : has_discount ? "with a line discount"
                                                   : "with quantity");
        }
        r.finish();
        return line;
    }

    /// The rules of a well-shaped line at `path` of an invoice in `currency`.
    void check_rules(const std::string& path, const Currency& currency, ValidationProblems& problems) const {
        const bool amount_exact = check_minor_units(amount, currency, path + "/amount", problems);
        if (discount && !discount->is_percent()) {
            check_minor_units(discount->value(), currency, path + "/discount/amount", problems);
        }
        try {
            const auto gross = gross_amount(currency.exponent);
            if (!gross) return;
            const Decimal off = *discount_amount(currency.exponent);
            if (discount && !discount->is_percent() && off > *gross) {
                problems.add(path + "/discount/amount", off.to_string() + " is more than the gross line amount " +
                                                            gross->to_string() + " (quantity x unit price)");
            }
            if (amount_exact) {
                check_equals(amount, *gross - off,
                             discount ? "round(quantity x unit_price) - line discount" : "round(quantity x unit_price)",
                             path + "/amount", problems);
            }
        } catch (const DecimalError& e) {
            problems.add(path + "/amount", std::string("quantity x unit_price cannot be computed: ") + e.what());
        }
    }
};

}  // namespace ledgersync::sdk::model
