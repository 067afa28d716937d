#include "qbo/query_executor.hpp"

#include <algorithm>
#include <optional>

#include "common/iso_time.hpp"
#include "qbo/ledger.hpp"
#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_json.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

using sdk::Decimal;

// The member at `path` ("MetaData.LastUpdatedTime"), names compared case-insensitively; a
// reference resolves to its "value".
const nlohmann::json* resolve_path(const nlohmann::json& body, const std::string& path,
                                   std::string* leaf = nullptr) {
    const nlohmann::json* current = &body;
    std::size_t start = 0;
    std::string last;
    while (start <= path.size()) {
        std::size_t dot = path.find('.', start);
        if (dot == std::string::npos)
            dot = path.size();
        const std::string segment = path.substr(start, dot - start);
        if (!current->is_object())
            return nullptr;
        const nlohmann::json* found = nullptr;
        for (auto it = current->begin(); it != current->end(); ++it) {
            if (equals_ignore_case(it.key(), segment)) {
                found = &it.value();
                last = it.key();
                break;
            }
        }
        if (found == nullptr)
            return nullptr;
        current = found;
        start = dot + 1;
    }
    // A reference compares by its value, an e-mail address (PrimaryEmailAddr) by its Address.
    if (current->is_object() && current->contains("value"))
        current = &current->at("value");
    else if (current->is_object() && current->contains("Address"))
        current = &current->at("Address");
    if (leaf != nullptr)
        *leaf = last;
    return current;
}

std::string text_of(const nlohmann::json& value) {
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? "true" : "false";
    if (value.is_number())
        return value.dump();
    return {};
}

std::optional<Decimal> as_decimal(const std::string& text) {
    try {
        return Decimal::parse(text);
    } catch (const sdk::DecimalError&) {
        return std::nullopt;
    }
}

bool looks_like_date(const std::string& text) {
    return text.size() >= 10 && text[4] == '-' && text[7] == '-';
}

// <0, 0, >0 comparing a stored value with a query value: as numbers when both are, as instants
// when both are ISO dates/times, else as text without regard to case.
int compare_values(const nlohmann::json& stored, const QueryValue& wanted) {
    const std::string left = text_of(stored);
    if (stored.is_number() || wanted.type == QueryValue::Type::number ||
        (stored.is_string() && as_decimal(left) && as_decimal(wanted.text) &&
         !looks_like_date(left))) {
        const auto a = as_decimal(left);
        const auto b = as_decimal(wanted.text);
        if (a && b)
            return compare(*a, *b);
    }
    if (looks_like_date(left) && looks_like_date(wanted.text)) {
        // A bare date compares as its midnight in the company's zone; both sides alike.
        const auto a = parse_iso_datetime(left, -480);
        const auto b = parse_iso_datetime(wanted.text, -480);
        if (a && b)
            return *a < *b ? -1 : (*a > *b ? 1 : 0);
    }
    const std::string a = to_lower(left);
    const std::string b = to_lower(wanted.text);
    return a < b ? -1 : (a > b ? 1 : 0);
}

bool like(const std::string& text, const std::string& pattern) {
    // '%' matches any run of characters; everything else literally, case-insensitively.
    const std::string t = to_lower(text);
    const std::string p = to_lower(pattern);
    std::size_t ti = 0, pi = 0, star = std::string::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && p[pi] == '%') {
            star = pi++;
            mark = ti;
        } else if (pi < p.size() && p[pi] == t[ti]) {
            ++pi;
            ++ti;
        } else if (star != std::string::npos) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '%')
        ++pi;
    return pi == p.size();
}

bool matches(const nlohmann::json& body, const QueryCondition& condition) {
    const nlohmann::json* value = resolve_path(body, condition.property);
    if (value == nullptr || value->is_null() || value->is_structured())
        return false;
    if (condition.op == "LIKE")
        return value->is_string() && like(value->get<std::string>(), condition.values.front().text);
    if (condition.op == "IN") {
        return std::any_of(condition.values.begin(), condition.values.end(),
                           [&](const QueryValue& v) { return compare_values(*value, v) == 0; });
    }
    const int c = compare_values(*value, condition.values.front());
    if (condition.op == "=")
        return c == 0;
    if (condition.op == "<")
        return c < 0;
    if (condition.op == ">")
        return c > 0;
    if (condition.op == "<=")
        return c <= 0;
    return c >= 0;
}

// Orders two entities by one property; absent values sort first.
int compare_by(const nlohmann::json& a, const nlohmann::json& b, const std::string& property) {
    const nlohmann::json* x = resolve_path(a, property);
    const nlohmann::json* y = resolve_path(b, property);
    if (x == nullptr || x->is_null())
        return (y == nullptr || y->is_null()) ? 0 : -1;
    if (y == nullptr || y->is_null())
        return 1;
    QueryValue as_query_value;
    as_query_value.text = text_of(*y);
    as_query_value.type = y->is_number() ? QueryValue::Type::number : QueryValue::Type::string;
    return compare_values(*x, as_query_value);
}

nlohmann::json project(const nlohmann::json& body, const std::vector<std::string>& fields) {
    nlohmann::json out = {{"domain", "QBO"}, {"sparse", true}};
    for (const auto& field : fields) {
        // Copy the path's members with the entity's own spelling of each name.
        const nlohmann::json* current = &body;
        nlohmann::json* target = &out;
        std::size_t start = 0;
        while (start <= field.size() && current->is_object()) {
            std::size_t dot = field.find('.', start);
            if (dot == std::string::npos)
                dot = field.size();
            const std::string segment = field.substr(start, dot - start);
            const nlohmann::json* found = nullptr;
            std::string key;
            for (auto it = current->begin(); it != current->end(); ++it) {
                if (equals_ignore_case(it.key(), segment)) {
                    found = &it.value();
                    key = it.key();
                    break;
                }
            }
            if (found == nullptr)
                break;
            if (dot == field.size()) {
                (*target)[key] = *found;
                break;
            }
            if (!target->contains(key) || !(*target)[key].is_object())
                (*target)[key] = nlohmann::json::object();
            target = &(*target)[key];
            current = found;
            start = dot + 1;
        }
    }
    return out;
}

}  // namespace

nlohmann::json run_query(const Ledger& ledger, const ParsedQuery& query) {
    const EntityKind& entity_kind = kind(query.entity);
    // Name lists: inactive entities only when the query asks about Active (QBO's default).
    const bool active_only =
        entity_kind.is_name_list() &&
        std::none_of(query.where.begin(), query.where.end(), [](const QueryCondition& c) {
            return equals_ignore_case(c.property, "Active");
        });
    std::vector<const nlohmann::json*> rows;
    ledger.for_each_visible(entity_kind.name, [&](const StoredEntity& e) {
        if (active_only && e.body.contains("Active") && e.body.at("Active") == false)
            return;
        rows.push_back(&e.body);
    });
    return run_query_over(query, rows);
}

nlohmann::json run_query_over(const ParsedQuery& query,
                              const std::vector<const nlohmann::json*>& candidates) {
    std::vector<const nlohmann::json*> rows;
    for (const nlohmann::json* row : candidates) {
        if (std::all_of(query.where.begin(), query.where.end(),
                        [&](const QueryCondition& condition) { return matches(*row, condition); }))
            rows.push_back(row);
    }
    if (query.count)
        return {{"totalCount", rows.size()}};
    if (!query.order_by.empty()) {
        std::stable_sort(rows.begin(), rows.end(),
                         [&](const nlohmann::json* a, const nlohmann::json* b) {
                             for (const auto& term : query.order_by) {
                                 const int c = compare_by(*a, *b, term.property);
                                 if (c != 0)
                                     return term.descending ? c > 0 : c < 0;
                             }
                             return false;
                         });
    }
    const auto start = static_cast<std::size_t>(query.start_position - 1);
    nlohmann::json page = nlohmann::json::array();
    for (std::size_t i = start;
         i < rows.size() && page.size() < static_cast<std::size_t>(query.max_results); ++i) {
        page.push_back(query.fields.empty() ? *rows[i] : project(*rows[i], query.fields));
    }
    if (page.empty())
        return nlohmann::json::object();
    const std::size_t returned = page.size();
    return {{query.entity, std::move(page)},
            {"startPosition", query.start_position},
            {"maxResults", returned},
            {"totalCount", returned}};
}

}  // namespace ledgersync::sandbox::qbo
