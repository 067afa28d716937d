#pragma once
/// The exchangerate resource of the Accounting API, on a company's ExchangeRateTable:
///   GET  /exchangerate?sourcecurrencycode=EUR[&asofdate=YYYY-MM-DD]   the rate in force
///   POST /exchangerate {"SourceCurrencyCode","AsOfDate","Rate"[,"TargetCurrencyCode"]}  sets one
///   SELECT * FROM ExchangeRate [WHERE SourceCurrencyCode IN (...) AND AsOfDate = '...']
/// Rates are home-currency units per source unit (TargetCurrencyCode is the home currency); the
/// home currency's own rate is 1.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "qbo/exchange_rates.hpp"
#include "qbo/query_parser.hpp"

namespace ledgersync::sandbox::qbo {

/// The ExchangeRate entity in force for `source_currency` on `as_of_date` ("" = today in the
/// company's zone); throws the 610 fault when no rate is set on or before that date, 2010 for
/// a date that is not YYYY-MM-DD.
nlohmann::json read_exchange_rate(const ExchangeRateTable& rates,
                                  const nlohmann::json& preferences,
                                  const std::string& source_currency, std::string as_of_date,
                                  std::int64_t now_ms);
/// Sets a rate from an ExchangeRate body; returns the entity. Throws QboFault (2020 for a
/// missing member, 2010 for a bad one, 6000 for the home currency's rate).
nlohmann::json update_exchange_rate(ExchangeRateTable& rates, const nlohmann::json& preferences,
                                    const nlohmann::json& body, std::int64_t now_ms);
/// A query over ExchangeRate: for each currency (those the SourceCurrencyCode conditions name,
/// else every one with a rate), the rate in force on the AsOfDate condition's date (today
/// without one); the QueryResponse value.
nlohmann::json query_exchange_rates(const ExchangeRateTable& rates,
                                    const nlohmann::json& preferences, const ParsedQuery& query,
                                    std::int64_t now_ms);

}  // namespace ledgersync::sandbox::qbo
