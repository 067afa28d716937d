#include "stripe/currency.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace ledgersync::sandbox::stripe {

namespace {

// https://docs.stripe.com/currencies#zero-decimal and #three-decimal.
constexpr std::array<std::string_view, 16> kZeroDecimal = {
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
    "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"};
constexpr std::array<std::string_view, 5> kThreeDecimal = {"bhd", "jod", "kwd", "omr", "tnd"};

}  // namespace

int minor_unit_exponent(const std::string& currency) {
    if (std::find(kZeroDecimal.begin(), kZeroDecimal.end(), currency) != kZeroDecimal.end())
        return 0;
    if (std::find(kThreeDecimal.begin(), kThreeDecimal.end(), currency) != kThreeDecimal.end())
        return 3;
    return 2;
}

bool is_currency_code(const std::string& currency) {
    return currency.size() == 3 &&
           std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace ledgersync::sandbox::stripe
