#pragma once
/// A company's exchange rates (the ExchangeRate entity, reference/qbo.md; Intuit's
/// "exchangerate" resource): home-currency units per unit of a source currency, per date, as
/// exact decimal text. A rate holds from its date until the next one of the same currency.
/// Plain data; the Company that owns it serializes access.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

struct ExchangeRate {
    std::string source_currency;  ///< ISO 4217, "EUR"
    std::string as_of_date;       ///< YYYY-MM-DD: the day the rate was set
    std::string rate;             ///< exact decimal text, > 0
    std::int64_t sync_token = 0;
    std::int64_t updated_ms = 0;
};

class ExchangeRateTable {
public:
    /// Sets the rate of `currency` from `date` on; throws std::invalid_argument naming what is
    /// wrong (a currency that is not three letters, a bad date, a rate that is not a positive
    /// decimal). Returns the stored rate.
    const ExchangeRate& set(const std::string& currency, const std::string& date,
                            const std::string& rate, std::int64_t now_ms);
    /// The rate in force for `currency` on `date`: the latest set on or before it.
    std::optional<ExchangeRate> in_force(const std::string& currency, const std::string& date) const;
    /// The currencies that have at least one rate.
    std::vector<std::string> currencies() const;
    /// Every rate, for the control plane.
    nlohmann::json to_json() const;

private:
    std::map<std::pair<std::string, std::string>, ExchangeRate> rates_;  // (currency, date)
};

}  // namespace ledgersync::sandbox::qbo
