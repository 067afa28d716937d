#pragma once
/// The `when` filter of a route: a small JSON language over canonical fields.
///
///   {"eq": ["status", "open"]}            {"ne": ["currency", "EUR"]}
///   {"in": ["currency", ["USD", "CAD"]]}  {"not_in": ["status", ["draft", "voided"]]}
///   {"gt": ["totals.total", "100.00"]}    gte, lt, lte: decimals, integers, dates, date-times
///   {"exists": "custom_fields.po_number"}
///   {"and": [f, ...]}  {"or": [f, ...]}  {"not": f}
///
/// Fields are dotted paths into the canonical body, checked against the canonical schema of the
/// route's source type when the configuration is read: an unknown field, operator, or a value
/// of the wrong kind is a configuration error naming the route and the JSON path.
/// A missing field makes every comparison false, except ne and not_in, which are true.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/config_reader.hpp>

#include "model/canonical_schemas.hpp"

namespace ledgersync::bus {

class Filter {
public:
    /// A filter that matches everything (no `when`).
    Filter();
    ~Filter();
    Filter(Filter&&) noexcept;
    Filter& operator=(Filter&&) noexcept;

    /// Compiles `spec` for records of canonical `type`. Problems go to `problems` at `path`;
    /// the returned filter is then unusable (matches nothing).
    static Filter compile(const nlohmann::json& spec, const std::string& type, const model::CanonicalSchemas& schemas,
                          const std::string& path, sdk::ConfigProblems& problems);

    /// True when the canonical `body` passes.
    bool matches(const nlohmann::json& body) const;

    /// Why `body` does not pass, for the object's timeline: each failing condition with the
    /// record's value, e.g. `currency is "EUR", and the route takes only currency in ["USD"]`.
    /// Meaningful only when matches(body) is false.
    std::string why_not(const nlohmann::json& body) const;

    class Node;

private:
    explicit Filter(std::unique_ptr<Node> root);
    std::unique_ptr<Node> root_;
};

}  // namespace ledgersync::bus
