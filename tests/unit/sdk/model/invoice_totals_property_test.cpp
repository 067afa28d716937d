// Thousands of generated invoices: the totals the SDK computes (LineItem::expected_amount and
// InvoiceTotals::compute, on Decimal) agree to the minor unit with totals computed line by line
// here with nothing but 128-bit integers counting minor units, and every generated invoice
// validates and round-trips through JSON. Fixed seed: a failure names the invoice to replay.

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/model/invoice.hpp>
#include <ledgersync/sdk/money.hpp>

namespace ledgersync::sdk::model {
namespace {

__extension__ using Int128 = __int128;

/// SplitMix64: a small deterministic generator with integer outputs only.
class Prng {
public:
    explicit Prng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [low, high].
    std::int64_t between(std::int64_t low, std::int64_t high) {
        const auto span = static_cast<std::uint64_t>(high - low) + 1;
        return low + static_cast<std::int64_t>(next() % span);
    }
    bool percent_chance(int percent) { return between(1, 100) <= percent; }

private:
    std::uint64_t state_;
};

Int128 power_of_ten(int n) {
    Int128 p = 1;
    for (int i = 0; i < n; ++i) p *= 10;
    return p;
}

/// numerator / denominator rounded half away from zero; denominator > 0.
Int128 divide_half_up(Int128 numerator, Int128 denominator) {
    const bool negative = numerator < 0;
    const Int128 magnitude = negative ? -numerator : numerator;
    Int128 quotient = magnitude / denominator;
    if ((magnitude % denominator) * 2 >= denominator) ++quotient;
    return negative ? -quotient : quotient;
}

/// A decimal as the oracle sees it: mantissa x 10^-scale.
struct Exact {
    std::int64_t mantissa;
    int scale;
    Decimal decimal() const { return Decimal::from_parts(mantissa, scale); }
};

/// m x 10^-s in minor units of a currency with `exponent` digits, rounded half-up.
Int128 to_minor_units(Int128 mantissa, int scale, int exponent) {
    if (scale <= exponent) return mantissa * power_of_ten(exponent - scale);
    return divide_half_up(mantissa, power_of_ten(scale - exponent));
}

/// A discount percentage's share of `base_minor` minor units, rounded half-up.
Int128 percent_of(Int128 base_minor, const Exact& percent) {
    return divide_half_up(base_minor * percent.mantissa, 100 * power_of_ten(percent.scale));
}

std::int64_t minor_units_of(const Decimal& amount, int exponent) {
    return amount.rescaled(exponent).mantissa();  // throws when not whole minor units
}

Exact random_decimal(Prng& prng, std::int64_t max_whole, int max_scale) {
    const int scale = static_cast<int>(prng.between(0, max_scale));
    const auto mantissa = prng.between(0, max_whole * static_cast<std::int64_t>(power_of_ten(scale)));
    return {mantissa, scale};
}

Exact random_percent(Prng& prng) {
    const int scale = static_cast<int>(prng.between(0, 2));
    return {prng.between(0, 100 * static_cast<std::int64_t>(power_of_ten(scale))), scale};
}

struct Case {
    Invoice invoice;                      // built through the SDK
    std::vector<std::int64_t> line_minor;  // the oracle, line by line
    std::int64_t subtotal = 0, discount = 0, tax = 0, total = 0, paid = 0, balance = 0;
};

Case generate(Prng& prng) {
    static const char* const kCurrencies[] = {"JPY", "USD", "KWD", "EUR", "CLF"};
    Case c;
    Invoice& inv = c.invoice;
    inv.currency = kCurrencies[prng.between(0, 4)];
    const int e = Currency::of(inv.currency).exponent;
    inv.status = InvoiceStatus::open;
    inv.customer = Reference("customer", "24");
    inv.issue_date = "2026-11-02";
    inv.source_system = "hubspot";
    inv.updated_at = "2026-11-26T14:03:20Z";
    Int128 subtotal = 0, tax = 0;
    const auto lines = prng.between(1, 12);
    for (std::int64_t i = 0; i < lines; ++i) {
        LineItem line;
        Int128 minor = 0;
        const auto roll = prng.between(1, 100);
        line.kind = roll <= 60 ? LineKind::item : roll <= 75 ? LineKind::fee : roll <= 85 ? LineKind::discount : LineKind::tax;
        const bool priced = line.kind == LineKind::item || (line.kind == LineKind::fee && prng.percent_chance(50));
        if (priced) {
            const Exact quantity = random_decimal(prng, 5000, 4);
            const Exact unit_price = random_decimal(prng, 100000, 4);
            line.quantity = quantity.decimal();
            line.unit_price = unit_price.decimal();
            const Int128 gross = to_minor_units(static_cast<Int128>(quantity.mantissa) * unit_price.mantissa,
                                                quantity.scale + unit_price.scale, e);
            Int128 off = 0;
            if (prng.percent_chance(30)) {
                if (prng.percent_chance(50)) {
                    const Exact percent = random_percent(prng);
                    line.discount = Discount::percent(percent.decimal());
                    off = percent_of(gross, percent);
                } else {
                    off = prng.between(0, static_cast<std::int64_t>(gross));
                    line.discount = Discount::amount(Decimal::from_parts(static_cast<std::int64_t>(off), e));
                }
            }
            minor = gross - off;
            line.amount = *line.expected_amount(e);  // the SDK's own line rule
        } else {
            minor = line.kind == LineKind::discount ? -prng.between(0, 10000 * static_cast<std::int64_t>(power_of_ten(e)))
                                                    : prng.between(0, 100000 * static_cast<std::int64_t>(power_of_ten(e)));
            line.amount = Decimal::from_parts(static_cast<std::int64_t>(minor), e);
        }
        (line.in_subtotal() ? subtotal : tax) += minor;
        c.line_minor.push_back(static_cast<std::int64_t>(minor));
        inv.lines.push_back(line);
    }
    Int128 discount = 0;
    if (prng.percent_chance(30) && subtotal > 0) {
        if (prng.percent_chance(50)) {
            const Exact percent = random_percent(prng);
            inv.discount = Discount::percent(percent.decimal());
            discount = percent_of(subtotal, percent);
        } else {
            discount = prng.between(0, static_cast<std::int64_t>(subtotal));
            inv.discount = Discount::amount(Decimal::from_parts(static_cast<std::int64_t>(discount), e));
        }
    }
    const Int128 total = subtotal - discount + tax;
    const Int128 paid = total > 0 ? prng.between(0, static_cast<std::int64_t>(total)) : 0;
    inv.totals.amount_paid = Decimal::from_parts(static_cast<std::int64_t>(paid), e);
    inv.totals = inv.computed_totals();  // the SDK, in aggregate
    c.subtotal = static_cast<std::int64_t>(subtotal);
    c.discount = static_cast<std::int64_t>(discount);
    c.tax = static_cast<std::int64_t>(tax);
    c.total = static_cast<std::int64_t>(total);
    c.paid = static_cast<std::int64_t>(paid);
    c.balance = static_cast<std::int64_t>(total - paid);
    return c;
}

TEST(InvoiceTotalsProperty, sdk_totals_match_line_by_line_integer_totals_for_thousands_of_invoices) {
    constexpr int kInvoices = 5000;
    Prng prng(20261126);
    int with_line_discounts = 0, with_invoice_discount = 0;
    std::map<std::string, int> per_currency;
    for (int n = 0; n < kInvoices; ++n) {
        const Case c = generate(prng);
        const Invoice& inv = c.invoice;
        const int e = Currency::of(inv.currency).exponent;
        SCOPED_TRACE("invoice #" + std::to_string(n) + ": " + inv.to_json().dump());
        for (std::size_t i = 0; i < inv.lines.size(); ++i) {
            ASSERT_EQ(minor_units_of(inv.lines[i].amount, e), c.line_minor[i]) << "line " << i;
            if (inv.lines[i].discount) ++with_line_discounts;
        }
        ASSERT_EQ(minor_units_of(inv.totals.subtotal, e), c.subtotal);
        ASSERT_EQ(minor_units_of(inv.totals.discount, e), c.discount);
        ASSERT_EQ(minor_units_of(inv.totals.tax, e), c.tax);
        ASSERT_EQ(minor_units_of(inv.totals.total, e), c.total);
        ASSERT_EQ(minor_units_of(inv.totals.amount_paid, e), c.paid);
        ASSERT_EQ(minor_units_of(inv.totals.balance_due, e), c.balance);
        // Computed totals are written at the currency's scale: "0.00", never "0".
        ASSERT_EQ(inv.totals.total.scale(), e);

        const ValidationProblems problems = inv.validate();
        ASSERT_TRUE(problems.empty()) << problems.to_string();
        ASSERT_EQ(Invoice::from_json(inv.to_json()).to_json(), inv.to_json());

        if (inv.discount) ++with_invoice_discount;
        ++per_currency[inv.currency];
    }
    // The generator really exercised what it claims to.
    EXPECT_GT(with_line_discounts, kInvoices / 2);
    EXPECT_GT(with_invoice_discount, kInvoices / 5);
    for (const char* currency : {"JPY", "USD", "KWD", "EUR", "CLF"}) EXPECT_GT(per_currency[currency], kInvoices / 10) << currency;
}

TEST(InvoiceTotalsProperty, a_one_minor_unit_error_in_any_total_is_caught) {
    // The converse: validation is not vacuous. Nudge each stated total of generated invoices by
    // one minor unit and the problem lands on that total, or on what follows from it.
    Prng prng(7);
    for (int n = 0; n < 200; ++n) {
        Case c = generate(prng);
        const int e = Currency::of(c.invoice.currency).exponent;
        const Decimal one = Decimal::from_parts(1, e);
        const std::pair<Decimal InvoiceTotals::*, const char*> fields[] = {
            {&InvoiceTotals::subtotal, "/totals/subtotal"},
            {&InvoiceTotals::tax, "/totals/tax"},
            {&InvoiceTotals::total, "/totals/total"},
            {&InvoiceTotals::balance_due, "/totals/balance_due"}};
        for (const auto& [field, path] : fields) {
            Invoice wrong = c.invoice;
            wrong.totals.*field += one;
            const ValidationProblems problems = wrong.validate();
            ASSERT_FALSE(problems.empty()) << path;
            EXPECT_EQ(problems.all().front().path, path) << problems.to_string();
        }
    }
}

}  // namespace
}  // namespace ledgersync::sdk::model
