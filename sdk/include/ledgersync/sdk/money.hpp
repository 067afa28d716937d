#pragma once
/// Money: an exact Decimal amount in an ISO 4217 currency. Amounts in different currencies
/// never mix: adding USD to EUR is an error, never a silent conversion. Rounding to the
/// currency's minor unit (JPY 0 digits, USD 2, KWD 3) is explicit, with an explicit mode.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"

namespace ledgersync::sdk {

/// An ISO 4217 currency and the number of digits of its minor unit.
struct Currency {
    std::string_view code;
    int exponent;

    /// The currency with this code (upper case), or nullopt for a code ISO 4217 does not list.
    static std::optional<Currency> find(std::string_view code);
    /// Like find(), but an unknown code is a MoneyError naming it.
    static Currency of(std::string_view code);
};

/// A money operation that makes no sense: unknown currency, currencies mixed, inexact minor units.
class MoneyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Two amounts in different currencies met in one operation.
class CurrencyMismatch : public MoneyError {
public:
    using MoneyError::MoneyError;
};

namespace detail {

// ISO 4217 active codes with their minor-unit exponents (funds codes included, metals and
// testing codes excluded: they have no minor unit).
inline constexpr Currency kCurrencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2}, {"AWG", 2},
    {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0}, {"BMD", 2}, {"BND", 2},
    {"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2}, {"BYN", 2}, {"BZD", 2}, {"CAD", 2},
    {"CDF", 2}, {"CHE", 2}, {"CHF", 2}, {"CHW", 2}, {"CLF", 4}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"COU", 2},
    {"CRC", 2}, {"CUC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2}, {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2},
    {"EGP", 2}, {"ERN", 2}, {"ETB", 2}, {"EUR", 2}, {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2},
    {"GIP", 2}, {"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2}, {"HUF", 2},
    {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0},
    {"KES", 2}, {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2},
    {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2},
    {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2}, {"MWK", 2}, {"MXN", 2},
    {"MXV", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2}, {"NOK", 2}, {"NPR", 2}, {"NZD", 2},
    {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2},
    {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0}, {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2},
    {"SGD", 2}, {"SHP", 2}, {"SLE", 2}, {"SLL", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SVC", 2},
    {"SYP", 2}, {"SZL", 2}, {"THB", 2}, {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2},
    {"TWD", 2}, {"TZS", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2}, {"UYW", 4},
    {"UZS", 2}, {"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2},
    {"XOF", 0}, {"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2}, {"ZWL", 2}, 
};

}  // namespace detail

inline std::optional<Currency> Currency::find(std::string_view code) {
    for (const auto& c : detail::kCurrencies) {
        if (c.code == code) return c;
    }
    return std::nullopt;
}

inline Currency Currency::of(std::string_view code) {
    if (auto c = find(code)) return *c;
    throw MoneyError("\"" + std::string(code) + "\" is not an ISO 4217 currency code; use an upper-case code such as USD, EUR or JPY");
}

class Money {
public:
    /// `amount` in `currency_code`; an unknown code is a MoneyError.
    Money(Decimal amount, std::string_view currency_code) : amount_(amount), currency_(Currency::of(currency_code)) {}
    /// `amount` in `currency` (from Currency::of or Currency::find).
    Money(Decimal amount, const Currency& currency) : amount_(amount), currency_(currency) {}

    /// Zero in `currency_code`, at the currency's minor-unit scale ("0.00" for USD).
    static Money zero(std::string_view currency_code) {
        const Currency c = Currency::of(currency_code);
        return Money(Decimal::from_parts(0, c.exponent), c.code);
    }
    /// Parses an amount written as text ("19.99").
    static Money parse(std::string_view amount, std::string_view currency_code) {
        return Money(Decimal::parse(amount), currency_code);
    }
    /// From an integer count of minor units (Stripe's amounts: 1999 USD cents -> 19.99).
    static Money from_minor_units(std::int64_t units, std::string_view currency_code) {
        const Currency c = Currency::of(currency_code);
        return Money(Decimal::from_parts(units, c.exponent), c.code);
    }

    const Decimal& amount() const noexcept { return amount_; }
    std::string_view currency() const noexcept { return currency_.code; }
    /// Digits of the currency's minor unit (JPY 0, USD 2, KWD 3).
    int exponent() const noexcept { return currency_.exponent; }
    bool is_zero() const noexcept { return amount_.is_zero(); }
    bool is_negative() const noexcept { return amount_.is_negative(); }

    /// Rounded to the minor unit, e.g. 8.3325 USD -> 8.33 USD (half-up is what QBO does).
    Money rounded(RoundingMode mode = RoundingMode::half_up) const {
        return Money(amount_.rounded(currency_.exponent, mode), currency_);
    }
    /// True when the amount is a whole number of minor units.
    bool is_minor_unit_exact() const { return amount_.fits_scale(currency_.exponent); }
    /// The amount in minor units; a MoneyError when it is not a whole number of them.
    std::int64_t minor_units() const {
        if (!is_minor_unit_exact()) {
            throw MoneyError(to_string() + " is not a whole number of minor units; round it first");
        }
        return amount_.rescaled(currency_.exponent).mantissa();
    }

    friend Money operator+(const Money& a, const Money& b) {
        a.require_same_currency(b, "add");
        return Money(a.amount_ + b.amount_, a.currency_);
    }
    friend Money operator-(const Money& a, const Money& b) {
        a.require_same_currency(b, "subtract");
        return Money(a.amount_ - b.amount_, a.currency_);
    }
    Money operator-() const { return Money(-amount_, currency_); }
    /// The exact product by a quantity or rate (2.5 x 3.333 USD = 8.3325 USD); round explicitly.
    friend Money operator*(const Money& m, const Decimal& factor) { return Money(m.amount_ * factor, m.currency_); }
    friend Money operator*(const Decimal& factor, const Money& m) { return m * factor; }
    Money& operator+=(const Money& other) { return *this = *this + other; }
    Money& operator-=(const Money& other) { return *this = *this - other; }

    /// Numeric comparison; comparing different currencies is a CurrencyMismatch.
    friend int compare(const Money& a, const Money& b) {
        a.require_same_currency(b, "compare");
        return compare(a.amount_, b.amount_);
    }
    friend bool operator==(const Money& a, const Money& b) { return a.currency_.code == b.currency_.code && a.amount_ == b.amount_; }
    friend bool operator!=(const Money& a, const Money& b) { return !(a == b); }
    friend bool operator<(const Money& a, const Money& b) { return compare(a, b) < 0; }
    friend bool operator<=(const Money& a, const Money& b) { return compare(a, b) <= 0; }
    friend bool operator>(const Money& a, const Money& b) { return compare(a, b) > 0; }
    friend bool operator>=(const Money& a, const Money& b) { return compare(a, b) >= 0; }

    /// "19.99 USD".
    std::string to_string() const { return amount_.to_string() + " " + std::string(currency_.code); }
    /// {"amount": "19.99", "currency": "USD"}
    nlohmann::json to_json() const { return {{"amount", amount_.to_string()}, {"currency", std::string(currency_.code)}}; }
    static Money from_json(const nlohmann::json& j) {
        if (!j.is_object() || !j.contains("amount") || !j.contains("currency") || !j["currency"].is_string()) {
            throw MoneyError("expected {\"amount\": \"...\", \"currency\": \"XXX\"}, got " + j.dump());
        }
        return Money(Decimal::from_json(j["amount"]), j["currency"].get<std::string>());
    }

private:
    void require_same_currency(const Money& other, const char* operation) const {
        if (currency_.code != other.currency_.code) {
            throw CurrencyMismatch("cannot " + std::string(operation) + " " + to_string() + " and " + other.to_string() +
                                   ": the currencies differ and ledgersync never converts implicitly");
        }
    }

    Decimal amount_;
    Currency currency_;
};

inline std::ostream& operator<<(std::ostream& out, const Money& m) { return out << m.to_string(); }

}  // namespace ledgersync::sdk
