#pragma once
/// Checks on amounts shared by the canonical types' rules: a known currency, whole minor
/// units, stated amounts that equal what they are computed from. Each reports at a JSON
/// pointer and says what was expected.

#include <optional>
#include <string>
#include <string_view>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/validation.hpp"
#include "ledgersync/sdk/money.hpp"

namespace ledgersync::sdk::model {

/// The ISO 4217 currency `code`, or nullopt after reporting at `path` that there is none.
inline std::optional<Currency> known_currency(const std::string& code, const std::string& path,
                                              ValidationProblems& problems) {
    if (auto currency = Currency::find(code)) return currency;
    problems.add(path, "\"" + code + "\" is not an ISO 4217 currency code");
    return std::nullopt;
}

/// Reports at `path` when `amount` is not a whole number of `currency`'s minor units
/// (19.995 USD, 1.5 JPY). Unit prices are exempt: they are not amounts of money owed.
inline bool check_minor_units(const Decimal& amount, const Currency& currency, const std::string& path,
                              ValidationProblems& problems) {
    if (amount.fits_scale(currency.exponent)) return true;
    problems.add(path, amount.to_string() + " is not a whole number of " + std::string(currency.code) +
                           " minor units: " + std::string(currency.code) + " amounts have " +
                           std::to_string(currency.exponent) +
                           (currency.exponent == 1 ? " decimal place" : " decimal places"));
    return false;
}

/// Reports at `path` "<stated> does not equal <formula> = <expected>" unless they are equal.
inline bool check_equals(const Decimal& stated, const Decimal& expected, std::string_view formula,
                         const std::string& path, ValidationProblems& problems) {
    if (stated == expected) return true;
    problems.add(path, stated.to_string() + " does not equal " + std::string(formula) + " = " + expected.to_string());
    return false;
}

/// `value` written with at least `exponent` fraction digits when that is exact ("10" -> "10.00"
/// for USD); a value with more digits is left as it is for the minor-unit check to report.
inline Decimal at_minor_unit_scale(const Decimal& value, int exponent) {
    return value.scale() < exponent ? value.rescaled(exponent) : value;
}

}  // namespace ledgersync::sdk::model
