#include "stripe_amount.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <ledgersync/sdk/money.hpp>
#include <ledgersync/sdk/outcome.hpp>

#include "translate.hpp"

namespace ledgersync::connectors::stripe {

namespace {

// https://docs.stripe.com/currencies#zero-decimal and #three-decimal.
constexpr std::array<std::string_view, 16> kZeroDecimal = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
                                                           "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"};
constexpr std::array<std::string_view, 5> kThreeDecimal = {"bhd", "jod", "kwd", "omr", "tnd"};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

}  // namespace

int stripe_minor_unit_exponent(const std::string& currency) {
    const std::string code = lower(currency);
    if (std::find(kZeroDecimal.begin(), kZeroDecimal.end(), code) != kZeroDecimal.end()) return 0;
    if (std::find(kThreeDecimal.begin(), kThreeDecimal.end(), code) != kThreeDecimal.end()) return 3;
    return 2;
}

std::string iso_currency(const std::string& stripe_currency, const std::string& where) {
    const std::string code = upper(stripe_currency);
    if (!sdk::Currency::find(code)) throw TranslationError(where + ": \"" + stripe_currency + "\" is not an ISO 4217 currency");
    return code;
}

sdk::Decimal from_minor_units(const nlohmann::json& minor_units, const std::string& currency, const std::string& where) {
    if (!minor_units.is_number_integer()) {
        throw TranslationError(where + " is " + minor_units.dump() + ", not an integer amount in minor units");
    }
    const sdk::Decimal value = sdk::Decimal::from_parts(minor_units.get<std::int64_t>(), stripe_minor_unit_exponent(currency));
    const int iso_exponent = sdk::Currency::of(iso_currency(currency, where)).exponent;
    // Stripe writes a few currencies with more decimals than ISO gives them (isk, huf and twd
    // payouts): exact only when the extra digits are zero.
    if (!value.fits_scale(iso_exponent)) {
        throw TranslationError(where + " " + value.to_string() + " " + upper(currency) + " has more decimals than the currency's " +
                               std::to_string(iso_exponent));
    }
    return value.rescaled(iso_exponent);
}

std::int64_t to_minor_units(const sdk::Decimal& amount, const std::string& currency, const std::string& where) {
    const int exponent = stripe_minor_unit_exponent(currency);
    if (!amount.fits_scale(exponent)) {
        throw sdk::Error(sdk::Outcome::data(where + " " + amount.to_string() + " " + upper(currency) + " has more decimals than Stripe's " +
                                                std::to_string(exponent) + " for this currency",
                                            "round the amount to the currency's minor unit in the source and retry"));
    }
    return amount.rescaled(exponent).mantissa();
}

}  // namespace ledgersync::connectors::stripe
