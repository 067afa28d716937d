#include "qbo/exchange_rates.hpp"

#include <cctype>
#include <stdexcept>

#include <ledgersync/sdk/decimal.hpp>

#include "common/iso_time.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

bool is_currency_code(const std::string& code) {
    if (code.size() != 3)
        return false;
    for (const char c : code) {
        if (!std::isupper(static_cast<unsigned char>(c)))
            return false;
    }
    return true;
}

bool is_date(const std::string& text) {
    return text.size() == 10 && parse_iso_datetime(text).has_value();
}

}  // namespace

const ExchangeRate& ExchangeRateTable::set(const std::string& currency, const std::string& date,
                                           const std::string& rate, std::int64_t now_ms) {
    if (!is_currency_code(currency)) {
        throw std::invalid_argument("\"" + currency +
                                    "\" is not a currency code: use three capital letters (ISO "
                                    "4217), e.g. EUR");
    }
    if (!is_date(date))
        throw std::invalid_argument("\"" + date + "\" is not a date: use YYYY-MM-DD");
    try {
        if (sdk::Decimal::parse(rate).sign() <= 0)
            throw std::invalid_argument("the rate of " + currency + " must be greater than 0");
    } catch (const sdk::DecimalError&) {
        throw std::invalid_argument("the rate of " + currency + " on " + date + " (\"" + rate +
                                    "\") is not a decimal number");
    }
    ExchangeRate& slot = rates_[{currency, date}];
    const bool existed = !slot.rate.empty();
    slot.source_currency = currency;
    slot.as_of_date = date;
    slot.rate = rate;
    slot.sync_token = existed ? slot.sync_token + 1 : 0;
    slot.updated_ms = now_ms;
    return slot;
}

std::optional<ExchangeRate> ExchangeRateTable::in_force(const std::string& currency,
                                                        const std::string& date) const {
    // Dates are YYYY-MM-DD, so text order is date order.
    auto it = rates_.upper_bound({currency, date});
    if (it == rates_.begin())
        return std::nullopt;
    --it;
    if (it->first.first != currency)
        return std::nullopt;
    return it->second;
}

std::vector<std::string> ExchangeRateTable::currencies() const {
    std::vector<std::string> out;
    for (const auto& [key, rate] : rates_) {
        if (out.empty() || out.back() != key.first)
            out.push_back(key.first);
    }
    return out;
}

nlohmann::json ExchangeRateTable::to_json() const {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [key, rate] : rates_) {
        out.push_back(
            {{"currency", rate.source_currency}, {"date", rate.as_of_date}, {"rate", rate.rate}});
    }
    return out;
}

}  // namespace ledgersync::sandbox::qbo
