#pragma once
/// Stripe's currencies: lower-case ISO 4217 codes, amounts as integers in the currency's minor
/// unit (stripe.md §2.1). Most currencies have two decimals; Stripe lists the zero-decimal ones
/// (JPY, KRW, ...) and three-decimal ones (BHD, KWD, ...) separately.

#include <string>

namespace ledgersync::sandbox::stripe {

/// Digits after the point of `currency`'s minor unit (2 for usd, 0 for jpy, 3 for kwd).
int minor_unit_exponent(const std::string& currency);
/// True for a syntactically valid code (three lower-case letters).
bool is_currency_code(const std::string& currency);

}  // namespace ledgersync::sandbox::stripe
