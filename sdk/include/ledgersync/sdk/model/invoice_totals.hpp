#pragma once
/// The totals of an invoice and how they follow from its lines, exactly, in the invoice's
/// currency:
///
///     subtotal    = sum of the amounts of item, fee and discount lines
///     discount    = the invoice-level discount: a percentage of the subtotal rounded half-up
///                   to the minor unit, or a fixed amount; 0 without one
///     tax         = sum of the amounts of tax lines
///     total       = subtotal - discount + tax
///     balance_due = total - amount_paid

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/discount.hpp"
#include "ledgersync/sdk/model/line_item.hpp"
#include "ledgersync/sdk/model/money_rules.hpp"
#include "ledgersync/sdk/money.hpp"

namespace ledgersync::sdk::model {

/// {"subtotal": "335.25", "discount": "0.00", "tax": "26.82", "total": "362.07",
///  "amount_paid": "0.00", "balance_due": "362.07"}; every amount in whole minor units.
struct InvoiceTotals {
    Decimal subtotal;
    /// The invoice-level discount's amount, >= 0 (subtracted from the subtotal).
    Decimal discount;
    Decimal tax;
    Decimal total;
    /// What payments have covered so far, >= 0.
    Decimal amount_paid;
    Decimal balance_due;

    /// The totals that `lines`, the invoice-level `invoice_discount` and `amount_paid` make in
    /// `currency_code`, summing the lines' stated amounts (each line's own amount is checked
    /// against its quantity and unit price by LineItem). Amounts come out at the currency's
    /// minor-unit scale ("0.00" for USD). Throws MoneyError for an unknown currency and
    /// DecimalError on overflow.
    static InvoiceTotals compute(const std::vector<LineItem>& lines, const std::optional<Discount>& invoice_discount,
                                 const Decimal& amount_paid, std::string_view currency_code) {
        const Currency currency = Currency::of(currency_code);
        const int exponent = currency.exponent;
        // The sums are Money in the invoice's currency, so no amount of another currency can join.
        Money subtotal = Money::zero(currency.code);
        Money tax = Money::zero(currency.code);
        for (const auto& line : lines) {
            (line.in_subtotal() ? subtotal : tax) += Money(line.amount, currency);
        }
        const Money discount(invoice_discount
                                 ? at_minor_unit_scale(invoice_discount->applied_to(subtotal.amount(), exponent), exponent)
                                 : Decimal::from_parts(0, exponent),
                             currency);
        const Money total = subtotal - discount + tax;
        const Money paid(at_minor_unit_scale(amount_paid, exponent), currency);
        InvoiceTotals t;
        t.subtotal = subtotal.amount();
        t.discount = discount.amount();
        t.tax = tax.amount();
        t.total = total.amount();
        t.amount_paid = paid.amount();
        t.balance_due = (total - paid).amount();
        return t;
    }

    nlohmann::json to_json() const {
        return {{"subtotal", subtotal.to_string()}, {"discount", discount.to_string()},
                {"tax", tax.to_string()},           {"total", total.to_string()},
                {"amount_paid", amount_paid.to_string()}, {"balance_due", balance_due.to_string()}};
    }

    /// Reads the fields of a totals object (the reader is positioned on it).
    static InvoiceTotals read(CanonicalReader& r) {
        InvoiceTotals t;
        t.subtotal = r.required_decimal("subtotal");
        t.discount = r.required_decimal("discount", DecimalForm::non_negative);
        t.tax = r.required_decimal("tax");
        t.total = r.required_decimal("total");
        t.amount_paid = r.required_decimal("amount_paid", DecimalForm::non_negative);
        t.balance_due = r.required_decimal("balance_due");
        return t;
    }

    /// Checks the stated totals at `path` against `lines` and `invoice_discount`. Each stated
    /// value is checked against the other stated values it follows from, so one wrong number
    /// is reported once, where it is, with what it should be.
    void check_rules(const std::vector<LineItem>& lines, const std::optional<Discount>& invoice_discount,
                     const Currency& currency, const std::string& path, ValidationProblems& problems) const {
        const std::pair<const char*, const Decimal*> fields[] = {
            {"subtotal", &subtotal}, {"discount", &discount},       {"tax", &tax},
            {"total", &total},       {"amount_paid", &amount_paid}, {"balance_due", &balance_due}};
        bool all_exact = true;
        for (const auto& [name, value] : fields) {
            all_exact = check_minor_units(*value, currency, path + "/" + name, problems) && all_exact;
        }
        if (!all_exact) return;
        try {
            const int exponent = currency.exponent;
            Decimal lines_subtotal = Decimal::from_parts(0, exponent);
            Decimal lines_tax = Decimal::from_parts(0, exponent);
            for (const auto& line : lines) {
                if (line.in_subtotal()) {
                    lines_subtotal += line.amount;
                } else {
                    lines_tax += line.amount;
                }
            }
            check_equals(subtotal, lines_subtotal, "the sum of item, fee and discount lines", path + "/subtotal",
                         problems);
            if (invoice_discount) {
                check_equals(discount, invoice_discount->applied_to(subtotal, exponent),
                             invoice_discount->is_percent()
                                 ? "subtotal x " + invoice_discount->value().to_string() + "% rounded half-up"
                                 : std::string("the invoice discount amount"),
                             path + "/discount", problems);
            } else {
                check_equals(discount, Decimal(0), "zero without an invoice discount", path + "/discount", problems);
            }
            check_equals(tax, lines_tax, "the sum of tax lines", path + "/tax", problems);
            check_equals(total, subtotal - discount + tax, "subtotal - discount + tax", path + "/total", problems);
            check_equals(balance_due, total - amount_paid, "total - amount_paid", path + "/balance_due", problems);
        } catch (const DecimalError& e) {
            problems.add(path, std::string("the totals cannot be computed: ") + e.what());
        }
    }
};

}  // namespace ledgersync::sdk::model
