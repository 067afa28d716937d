#pragma once
/// A request's query parameters as the admin API reads them: each endpoint names the
/// parameters it takes, and a parameter it does not take, or one with a value it cannot use,
/// is a 400 naming the parameter and what it accepts, never ignored.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledgersync::api::admin {

class QueryParams {
public:
    /// Parses the query of `uri` (percent-decoded). Throws ApiError (400) for a parameter given
    /// twice or one not in `accepted`.
    QueryParams(const std::string& uri, std::initializer_list<std::string_view> accepted);

    /// The value of `name`, "" when absent.
    std::string text(const std::string& name) const;
    /// An integer in [min, max]; `fallback` when absent.
    std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
    /// One of `allowed`; "" when absent.
    std::string one_of(const std::string& name, const std::vector<std::string>& allowed) const;
    /// A date YYYY-MM-DD; "" when absent.
    std::string date(const std::string& name) const;
    /// A decimal amount ("120.50"); "" when absent.
    std::string decimal(const std::string& name) const;
    /// An instant, Unix ms: an RFC 3339 date-time, one without an offset (UTC) or a date (its
    /// midnight UTC); nullopt when absent.
    std::optional<std::int64_t> instant(const std::string& name) const;

private:
    std::map<std::string, std::string> values_;
};

}  // namespace ledgersync::api::admin
