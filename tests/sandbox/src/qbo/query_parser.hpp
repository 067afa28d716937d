#pragma once
/// QBO's query language (reference/qbo.md §1.2):
///   SELECT * | COUNT(*) | field, ... FROM Entity
///     [WHERE prop op value [AND prop op value ...]]
///     [ORDERBY prop [ASC|DESC], ...] [STARTPOSITION n] [MAXRESULTS n]
/// op is =, <, >, <=, >=, IN (...), LIKE '%pattern%'; there is no OR. Keywords, entity and
/// property names are case-insensitive; strings are single-quoted with backslash escapes
/// ('O\'Brien'). A query that breaks these rules is the 4001 fault with a QueryParserError or
/// QueryValidationError detail.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ledgersync::sandbox::qbo {

struct QueryValue {
    enum class Type { string, number, boolean };
    Type type = Type::string;
    std::string text;  ///< the string's content, the number's text, "true"/"false"
};

struct QueryCondition {
    std::string property;  ///< as written, e.g. "MetaData.LastUpdatedTime"
    std::string op;        ///< "=", "<", ">", "<=", ">=", "IN", "LIKE"
    std::vector<QueryValue> values;
};

struct QueryOrder {
    std::string property;
    bool descending = false;
};

struct ParsedQuery {
    bool count = false;
    std::vector<std::string> fields;  ///< empty for SELECT *
    std::string entity;               ///< canonical name ("Invoice")
    std::vector<QueryCondition> where;
    std::vector<QueryOrder> order_by;
    std::int64_t start_position = 1;
    std::int64_t max_results = 100;  ///< QBO's default page size
};

/// The most rows one query returns.
constexpr std::int64_t kMaxQueryResults = 1000;

/// Parses and validates `text`; throws the 4001 QboFault.
ParsedQuery parse_query(std::string_view text);

}  // namespace ledgersync::sandbox::qbo
