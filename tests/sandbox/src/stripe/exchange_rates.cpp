#include "stripe/exchange_rates.hpp"

#include <stdexcept>

#include "stripe/currency.hpp"
#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

ExchangeRates::ExchangeRates() {
    // Defaults for tests that only need "some other currency"; set real ones per test.
    rates_["eur"] = sdk::Decimal::parse("1.0850");
    rates_["gbp"] = sdk::Decimal::parse("1.2700");
    rates_["cad"] = sdk::Decimal::parse("0.7400");
    rates_["jpy"] = sdk::Decimal::parse("0.0067");
}

bool ExchangeRates::supports(const std::string& currency) const {
    return currency == settlement_currency_ || rates_.count(currency) > 0;
}

Conversion ExchangeRates::convert(std::int64_t amount, const std::string& currency,
                                  const sdk::Decimal& rate) const {
    const sdk::Decimal presented = sdk::Decimal::from_parts(amount, minor_unit_exponent(currency));
    const int exponent = minor_unit_exponent(settlement_currency_);
    const sdk::Decimal settled =
        sdk::Decimal::multiply_rounded(presented, rate, exponent, sdk::RoundingMode::half_up);
    return {settled.mantissa(), rate};
}

Conversion ExchangeRates::to_settlement(std::int64_t amount, const std::string& currency) const {
    if (currency == settlement_currency_)
        return {amount, std::nullopt};
    const auto it = rates_.find(currency);
    if (it == rates_.end()) {
        throw errors::parameter_invalid(
            "currency",
            "Invalid currency: " + currency +
                ". The sandbox has no exchange rate from " + currency + " to " +
                settlement_currency_ +
                "; set one with POST /__sandbox/stripe/exchange_rates {\"rates\": {\"" + currency +
                "\": \"1.0\"}}",
            "parameter_invalid_string");
    }
    return convert(amount, currency, it->second);
}

void ExchangeRates::configure(const nlohmann::json& config) {
    if (!config.is_object())
        throw std::invalid_argument("the exchange-rate settings must be a JSON object");
    ExchangeRates next = *this;
    for (auto it = config.begin(); it != config.end(); ++it) {
        if (it.key() == "settlement_currency") {
            if (!it->is_string() || !is_currency_code(it->get<std::string>()))
                throw std::invalid_argument(
                    "\"settlement_currency\" must be a lower-case ISO 4217 code such as \"usd\"");
            next.settlement_currency_ = it->get<std::string>();
        } else if (it.key() == "rates") {
            if (!it->is_object())
                throw std::invalid_argument("\"rates\" must map currency codes to decimal rates");
            for (auto rate = it->begin(); rate != it->end(); ++rate) {
                if (!is_currency_code(rate.key()))
                    throw std::invalid_argument("\"rates\" key \"" + rate.key() +
                                                "\" is not a lower-case ISO 4217 code");
                sdk::Decimal value;
                try {
                    value = sdk::Decimal::from_json(rate.value());
                } catch (const sdk::DecimalError& e) {
                    throw std::invalid_argument("rate of " + rate.key() +
                                                " is not a decimal: " + e.what());
                }
                if (value.sign() <= 0)
                    throw std::invalid_argument("rate of " + rate.key() + " must be positive");
                next.rates_[rate.key()] = value;
            }
        } else {
            throw std::invalid_argument("unknown exchange-rate setting \"" + it.key() +
                                        "\" (settlement_currency, rates)");
        }
    }
    *this = next;
}

nlohmann::json ExchangeRates::to_json() const {
    nlohmann::json rates = nlohmann::json::object();
    for (const auto& [currency, rate] : rates_)
        rates[currency] = rate.to_string();
    return {{"settlement_currency", settlement_currency_}, {"rates", rates}};
}

}  // namespace ledgersync::sandbox::stripe
