#pragma once
/// Stripe amounts: integers in the currency's minor unit as Stripe counts it (docs.stripe.com/
/// currencies): most currencies have two decimals, the zero-decimal ones (jpy, krw, ...) none,
/// the three-decimal ones (bhd, kwd, ...) three. Converted exactly, never through floating point.

#include <string>

#include <ledgersync/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::connectors::stripe {

/// Digits after the point of Stripe's minor unit of `currency` (lower case): 2 usd, 0 jpy, 3 kwd.
int stripe_minor_unit_exponent(const std::string& currency);

/// The upper-case ISO code of a Stripe currency ("usd" -> "USD"); throws TranslationError for
/// what is not a known ISO 4217 currency.
std::string iso_currency(const std::string& stripe_currency, const std::string& where);

/// `minor_units` (a JSON integer) of `currency` as an exact decimal in the currency's ISO minor
/// unit: 1099 usd -> 10.99, 500 jpy -> 500. Throws TranslationError naming `where` when the value
/// is not an integer or does not fit the currency's ISO minor unit.
sdk::Decimal from_minor_units(const nlohmann::json& minor_units, const std::string& currency, const std::string& where);

/// The minor-unit integer Stripe expects for `amount` of `currency` (10.99 usd -> 1099). Throws
/// sdk::Error (data) when the amount has more decimals than the currency allows.
std::int64_t to_minor_units(const sdk::Decimal& amount, const std::string& currency, const std::string& where);

}  // namespace ledgersync::connectors::stripe
