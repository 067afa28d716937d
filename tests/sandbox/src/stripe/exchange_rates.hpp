#pragma once
/// The rates at which charges in other currencies settle into the account's currency
/// (stripe.md §2.3: BT amount = presentment amount x exchange_rate). Rates are exact decimals
/// set through the control plane; conversion rounds once, half up, to the settlement
/// currency's minor unit.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <ledgersync/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

struct Conversion {
    std::int64_t amount = 0;             ///< in the settlement currency's minor unit
    std::optional<sdk::Decimal> rate;    ///< none when no conversion happened
};

class ExchangeRates {
public:
    ExchangeRates();

    const std::string& settlement_currency() const { return settlement_currency_; }
    /// `amount` minor units of `currency` in the settlement currency; throws StripeError when
    /// no rate is configured for `currency`.
    Conversion to_settlement(std::int64_t amount, const std::string& currency) const;
    /// The same with a given rate (refunds and disputes of a converted charge).
    Conversion convert(std::int64_t amount, const std::string& currency,
                       const sdk::Decimal& rate) const;
    bool supports(const std::string& currency) const;

    /// {"settlement_currency": "usd", "rates": {"eur": "1.0850"}}: rates merge into the current
    /// ones; throws std::invalid_argument and changes nothing on bad input.
    void configure(const nlohmann::json& config);
    nlohmann::json to_json() const;

private:
    std::string settlement_currency_ = "usd";
    std::map<std::string, sdk::Decimal> rates_;  // units of settlement currency per unit
};

}  // namespace ledgersync::sandbox::stripe
