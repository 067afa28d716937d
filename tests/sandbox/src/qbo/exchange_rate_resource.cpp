#include "qbo/exchange_rate_resource.hpp"

#include <optional>
#include <stdexcept>
#include <vector>

#include "qbo/company_time.hpp"
#include "qbo/entity_kind.hpp"
#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_json.hpp"
#include "qbo/query_executor.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

std::string home_currency(const nlohmann::json& preferences) {
    const std::string home = reference_value(
        preferences.value("CurrencyPrefs", nlohmann::json::object()), "HomeCurrency");
    return home.empty() ? std::string("USD") : home;
}

nlohmann::json entity_json(const ExchangeRate& rate, const std::string& home) {
    return {{"SyncToken", std::to_string(rate.sync_token)},
            {"domain", "QBO"},
            {"AsOfDate", rate.as_of_date},
            {"SourceCurrencyCode", rate.source_currency},
            {"Rate", rate.rate},
            {"sparse", false},
            {"TargetCurrencyCode", home},
            {"MetaData", {{"LastUpdatedTime", company_datetime(rate.updated_ms)}}}};
}

std::string checked_date(std::string date, std::int64_t now_ms, const char* member) {
    if (date.empty())
        return company_date(now_ms);
    if (add_days(date, 0).empty())
        throw faults::invalid_property(member, "\"" + date + "\" is not a date (YYYY-MM-DD)");
    return date;
}

// The entity for `currency` on `date`; nullopt when no rate is set on or before it.
std::optional<nlohmann::json> in_force(const ExchangeRateTable& rates, const std::string& home,
                                       const std::string& currency, const std::string& date,
                                       std::int64_t now_ms) {
    if (currency == home) {
        // The home currency is worth 1 of itself on every date.
        return entity_json(ExchangeRate{currency, date, "1", 0, now_ms}, home);
    }
    const auto rate = rates.in_force(currency, date);
    if (!rate)
        return std::nullopt;
    return entity_json(*rate, home);
}

}  // namespace

nlohmann::json read_exchange_rate(const ExchangeRateTable& rates, const nlohmann::json& preferences,
                                  const std::string& source_currency, std::string as_of_date,
                                  std::int64_t now_ms) {
    if (source_currency.empty())
        throw faults::required_param_missing("sourcecurrencycode");
    const std::string date = checked_date(std::move(as_of_date), now_ms, "asofdate");
    const std::string home = home_currency(preferences);
    auto entity = in_force(rates, home, to_upper(source_currency), date, now_ms);
    if (!entity) {
        throw QboFault(400, "ValidationFault",
                       {{"610", "Object Not Found",
                         "Object Not Found : No exchange rate for " + source_currency +
                             " on or before " + date,
                         "sourcecurrencycode"}});
    }
    return *entity;
}

nlohmann::json update_exchange_rate(ExchangeRateTable& rates, const nlohmann::json& preferences,
                                    const nlohmann::json& body, std::int64_t now_ms) {
    for (const char* required : {"SourceCurrencyCode", "AsOfDate", "Rate"}) {
        if (!body.contains(required) || body.at(required).is_null())
            throw faults::required_param_missing(required);
    }
    const std::string currency = string_member(body, "SourceCurrencyCode");
    const std::string home = home_currency(preferences);
    const std::string target = string_member(body, "TargetCurrencyCode");
    if (!target.empty() && target != home) {
        throw faults::invalid_property("TargetCurrencyCode",
                                       "rates are set against the home currency " + home);
    }
    if (currency == home) {
        throw faults::business_validation("The exchange rate of the home currency " + home +
                                          " is always 1 and cannot be set.");
    }
    const std::string date = string_member(body, "AsOfDate");
    if (add_days(date, 0).empty())
        throw faults::invalid_property("AsOfDate", "\"" + date + "\" is not a date (YYYY-MM-DD)");
    const auto& rate = body.at("Rate");
    const std::string rate_text = rate.is_string() ? rate.get<std::string>() : rate.dump();
    try {
        return entity_json(rates.set(currency, date, rate_text, now_ms), home);
    } catch (const std::invalid_argument& e) {
        throw faults::invalid_property("ExchangeRate", e.what());
    }
}

nlohmann::json query_exchange_rates(const ExchangeRateTable& rates,
                                    const nlohmann::json& preferences, const ParsedQuery& query,
                                    std::int64_t now_ms) {
    const std::string home = home_currency(preferences);
    std::string date = company_date(now_ms);
    std::vector<std::string> currencies;
    ParsedQuery rest = query;
    rest.where.clear();
    for (const QueryCondition& condition : query.where) {
        if (equals_ignore_case(condition.property, "AsOfDate")) {
            if (condition.op != "=") {
                throw faults::invalid_query(
                    "QueryValidationError: AsOfDate can only be compared with =");
            }
            date = checked_date(condition.values.front().text, now_ms, "AsOfDate");
        } else if (equals_ignore_case(condition.property, "SourceCurrencyCode") &&
                   (condition.op == "=" || condition.op == "IN")) {
            for (const QueryValue& value : condition.values)
                currencies.push_back(to_upper(value.text));
        } else {
            rest.where.push_back(condition);
        }
    }
    if (currencies.empty())
        currencies = rates.currencies();
    std::vector<nlohmann::json> found;
    for (const std::string& currency : currencies) {
        if (auto entity = in_force(rates, home, currency, date, now_ms))
            found.push_back(std::move(*entity));
    }
    std::vector<const nlohmann::json*> rows;
    for (const auto& entity : found)
        rows.push_back(&entity);
    return run_query_over(rest, rows);
}

}  // namespace ledgersync::sandbox::qbo
