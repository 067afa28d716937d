#include "api/admin/query_params.hpp"

#include <algorithm>
#include <charconv>

#include <Poco/URI.h>
#include <ledgersync/sdk/calendar_date.hpp>
#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/timestamp.hpp>

#include "api/admin/api_error.hpp"

namespace ledgersync::api::admin {

namespace {

std::string listed(const std::vector<std::string>& values) {
    std::string text;
    for (const auto& v : values) text += (text.empty() ? "" : ", ") + v;
    return text;
}

}  // namespace

QueryParams::QueryParams(const std::string& uri, std::initializer_list<std::string_view> accepted) {
    Poco::URI parsed;
    try {
        parsed = Poco::URI(uri);
    } catch (const Poco::Exception& e) {
        throw ApiError(400, "bad_request", "the request's URI cannot be parsed: " + e.displayText(),
                       "percent-encode the query parameters' values");
    }
    for (const auto& [name, value] : parsed.getQueryParameters()) {
        if (std::find(accepted.begin(), accepted.end(), name) == accepted.end()) {
            std::vector<std::string> names(accepted.begin(), accepted.end());
            throw ApiError::bad_parameter(name, "this endpoint takes no such parameter",
                                          names.empty() ? "send no query parameters" : "use only: " + listed(names));
        }
        if (!values_.emplace(name, value).second) {
            throw ApiError::bad_parameter(name, "given more than once", "give it once");
        }
    }
}

std::string QueryParams::text(const std::string& name) const {
    const auto it = values_.find(name);
    return it == values_.end() ? std::string() : it->second;
}

std::int64_t QueryParams::integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
    const auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    std::int64_t value = 0;
    const std::string& text = it->second;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    const std::string range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        throw ApiError::bad_parameter(name, "\"" + text + "\" is not an integer", "give " + range);
    }
    if (value < min || value > max) throw ApiError::bad_parameter(name, std::to_string(value) + " is out of range", "give " + range);
    return value;
}

std::string QueryParams::one_of(const std::string& name, const std::vector<std::string>& allowed) const {
    const std::string value = text(name);
    if (value.empty() && values_.count(name) == 0) return "";
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
        throw ApiError::bad_parameter(name, "\"" + value + "\" is not allowed", "give one of: " + listed(allowed));
    }
    return value;
}

std::string QueryParams::date(const std::string& name) const {
    const std::string value = text(name);
    if (value.empty() && values_.count(name) == 0) return "";
    if (!sdk::CalendarDate::parse(value)) {
        throw ApiError::bad_parameter(name, "\"" + value + "\" is not a date", "give a date as YYYY-MM-DD, e.g. 2026-03-31");
    }
    return value;
}

std::string QueryParams::decimal(const std::string& name) const {
    const std::string value = text(name);
    if (value.empty() && values_.count(name) == 0) return "";
    try {
        static_cast<void>(sdk::Decimal::parse(value));
    } catch (const sdk::DecimalError& e) {
        throw ApiError::bad_parameter(name, "\"" + value + "\" is not an amount: " + e.what(),
                                      "give a decimal amount such as 120.50 (a point, no currency sign or thousands separator)");
    }
    return value;
}

std::optional<std::int64_t> QueryParams::instant(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    const auto instant = sdk::Timestamp::parse_iso8601(it->second, 0);
    if (!instant) {
        throw ApiError::bad_parameter(name, "\"" + it->second + "\" is not a date-time",
                                      "give an RFC 3339 date-time such as 2026-12-07T18:00:00Z (an offset's '+' written "
                                      "as %2B), or a date such as 2026-12-07 for its midnight UTC");
    }
    return instant->epoch_milliseconds();
}

}  // namespace ledgersync::api::admin
