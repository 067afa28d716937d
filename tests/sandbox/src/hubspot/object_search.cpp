#include "hubspot/object_search.hpp"

#include <algorithm>
#include <cctype>

#include "common/text_case.hpp"
#include "hubspot/hubspot_error.hpp"
#include "hubspot/hubspot_http.hpp"
#include "hubspot/object_view.hpp"
#include "hubspot/property_values.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

struct Filter {
    std::string property;
    std::string op;
    std::string value;
    std::string high_value;
    std::vector<std::string> values;
    std::string type = "string";             ///< the property's type
    const ObjectType* associated = nullptr;  ///< "associations.contact" filters
};

const char* const kOperators[] = {"EQ",
                                  "NEQ",
                                  "LT",
                                  "LTE",
                                  "GT",
                                  "GTE",
                                  "BETWEEN",
                                  "IN",
                                  "NOT_IN",
                                  "HAS_PROPERTY",
                                  "NOT_HAS_PROPERTY",
                                  "CONTAINS_TOKEN",
                                  "NOT_CONTAINS_TOKEN"};

std::string filter_text(const nlohmann::json& filter, const char* member) {
    if (!filter.contains(member) || filter.at(member).is_null())
        return {};
    const auto& v = filter.at(member);
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false";
    return v.dump();
}

// '*' matches any run of characters; everything else compares case-insensitively.
bool wildcard_match(const std::string& pattern, const std::string& text) {
    std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

// Tokens: the whole value and its runs of letters and digits, lower-cased.
bool contains_token(const std::string& value, const std::string& token) {
    const std::string pattern = ascii_lower(token);
    const std::string text = ascii_lower(value);
    if (wildcard_match(pattern, text))
        return true;
    std::string current;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) {
            current.push_back(text[i]);
        } else if (!current.empty()) {
            if (wildcard_match(pattern, current))
                return true;
            current.clear();
        }
    }
    return false;
}

bool matches(CrmAccount& account, const ObjectType& type, const CrmObject& object,
             const Filter& f) {
    if (f.associated != nullptr) {
        const auto& targets =
            account.associations().targets(type.name, object.id, f.associated->name);
        const bool hit = !f.value.empty() &&
                         f.value.find_first_not_of("0123456789") == std::string::npos &&
                         targets.count(std::stoull(f.value)) > 0;
        return f.op == "NEQ" ? !hit : hit;
    }
    const auto it = object.properties.find(f.property);
    const bool has = it != object.properties.end() && !it->second.empty();
    const std::string& v = has ? it->second : std::string();
    const auto cmp = [&](const std::string& other) { return compare_values(f.type, v, other); };
    if (f.op == "HAS_PROPERTY")
        return has;
    if (f.op == "NOT_HAS_PROPERTY")
        return !has;
    if (f.op == "NEQ")
        return !has || cmp(f.value) != 0;
    if (f.op == "NOT_IN") {
        return !has || std::none_of(f.values.begin(), f.values.end(),
                                    [&](const std::string& x) { return cmp(x) == 0; });
    }
    if (f.op == "NOT_CONTAINS_TOKEN")
        return !has || !contains_token(v, f.value);
    if (!has)
        return false;
    if (f.op == "EQ")
        return cmp(f.value) == 0;
    if (f.op == "LT")
        return cmp(f.value) < 0;
    if (f.op == "LTE")
        return cmp(f.value) <= 0;
    if (f.op == "GT")
        return cmp(f.value) > 0;
    if (f.op == "GTE")
        return cmp(f.value) >= 0;
    if (f.op == "BETWEEN")
        return cmp(f.value) >= 0 && cmp(f.high_value) <= 0;
    if (f.op == "IN") {
        return std::any_of(f.values.begin(), f.values.end(),
                           [&](const std::string& x) { return cmp(x) == 0; });
    }
    return contains_token(v, f.value);  // CONTAINS_TOKEN
}

Filter parse_filter(CrmAccount& account, const ObjectType& type, const nlohmann::json& json) {
    if (!json.is_object())
        throw errors::validation("each filter must be an object");
    Filter f;
    f.property = json.value("propertyName", std::string());
    f.op = json.value("operator", std::string("EQ"));
    if (std::find(std::begin(kOperators), std::end(kOperators), f.op) == std::end(kOperators)) {
        throw errors::validation("Unknown filter operator " + f.op +
                                 "; use EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, "
                                 "HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN or "
                                 "NOT_CONTAINS_TOKEN");
    }
    f.value = filter_text(json, "value");
    f.high_value = filter_text(json, "highValue");
    if (json.contains("values")) {
        if (!json.at("values").is_array())
            throw errors::validation("filter \"values\" must be an array");
        for (const auto& v : json.at("values"))
            f.values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    }
    if (f.property.rfind("associations.", 0) == 0) {
        f.associated = find_object_type(f.property.substr(13));
        if (f.associated == nullptr || (f.op != "EQ" && f.op != "NEQ"))
            throw errors::validation("Filter " + f.property + " " + f.op +
                                     " is not supported: use associations.<object type> with "
                                     "EQ or NEQ and a record id");
        return f;
    }
    const PropertyDefinition* property = account.property(type, f.property);
    if (property == nullptr) {
        throw errors::validation("There was a problem with the request: property " + f.property +
                                 " of " + type.name + " does not exist")
            .sub_category("PROPERTY_DOESNT_EXIST");
    }
    f.type = property->type;
    if ((f.op == "IN" || f.op == "NOT_IN") && f.values.empty())
        throw errors::validation("Operator " + f.op + " needs \"values\"");
    if (f.op == "BETWEEN" && (f.value.empty() || f.high_value.empty()))
        throw errors::validation("Operator BETWEEN needs \"value\" and \"highValue\"");
    return f;
}

bool matches_query(const CrmObject& object, const std::string& query) {
    const std::string needle = ascii_lower(query);
    for (const auto& [name, value] : object.properties) {
        if (ascii_lower(value).find(needle) != std::string::npos)
            return true;
    }
    return false;
}

}  // namespace

HttpResponse search_objects(ApiCall& call, const ObjectType& type) {
    const nlohmann::json body = parse_body(call.request);
    if (!body.is_object())
        throw errors::validation("The search body must be an object");
    const ApiLimits& limits = call.limits;
    std::vector<std::vector<Filter>> groups;
    std::size_t total_filters = 0;
    if (body.contains("filterGroups") && !body.at("filterGroups").is_null()) {
        const auto& list = body.at("filterGroups");
        if (!list.is_array())
            throw errors::validation("\"filterGroups\" must be an array");
        if (list.size() > static_cast<std::size_t>(limits.search_filter_groups))
            throw errors::validation("Too many filter groups: " + std::to_string(list.size()) +
                                     " (at most " + std::to_string(limits.search_filter_groups) +
                                     ")");
        for (const auto& group : list) {
            const auto filters = group.is_object() ? group.value("filters", nlohmann::json::array())
                                                   : nlohmann::json::array();
            if (filters.size() > static_cast<std::size_t>(limits.search_filters_per_group))
                throw errors::validation(
                    "Too many filters in a group: " + std::to_string(filters.size()) +
                    " (at most " + std::to_string(limits.search_filters_per_group) + ")");
            total_filters += filters.size();
            std::vector<Filter> parsed;
            for (const auto& f : filters)
                parsed.push_back(parse_filter(call.account, type, f));
            groups.push_back(std::move(parsed));
        }
        if (total_filters > static_cast<std::size_t>(limits.search_filters_total))
            throw errors::validation("Too many filters: " + std::to_string(total_filters) +
                                     " (at most " + std::to_string(limits.search_filters_total) +
                                     " in all groups)");
    }
    const std::string query = body.value("query", std::string());
    if (query.size() > static_cast<std::size_t>(limits.search_query_chars))
        throw errors::validation("The query string is longer than " +
                                 std::to_string(limits.search_query_chars) + " characters");
    const auto number_member = [&](const char* name, std::int64_t fallback) -> std::int64_t {
        if (!body.contains(name) || body.at(name).is_null())
            return fallback;
        const auto& v = body.at(name);
        if (v.is_number_integer())
            return v.get<std::int64_t>();
        if (v.is_string() && !v.get<std::string>().empty() &&
            v.get<std::string>().find_first_not_of("0123456789") == std::string::npos &&
            v.get<std::string>().size() < 12)
            return std::stoll(v.get<std::string>());
        throw errors::validation(std::string("\"") + name + "\" must be an integer");
    };
    const std::int64_t limit = number_member("limit", 10);
    const std::int64_t after = number_member("after", 0);
    if (limit < 1 || limit > limits.search_page)
        throw errors::validation("limit must be from 1 to " + std::to_string(limits.search_page) +
                                 ", got " + std::to_string(limit));
    if (after < 0 || after + limit > limits.search_total) {
        throw errors::validation("Paging past " + std::to_string(limits.search_total) +
                                 " results is not possible: after=" + std::to_string(after) +
                                 " with limit=" + std::to_string(limit) +
                                 "; narrow the filters (e.g. on hs_lastmodifieddate) instead")
            .sub_category("SEARCH_RESULT_LIMIT_EXCEEDED");
    }
    std::string sort_property;
    bool descending = false;
    if (body.contains("sorts") && body.at("sorts").is_array() && !body.at("sorts").empty()) {
        const auto& sorts = body.at("sorts");
        if (sorts.size() > 1)
            throw errors::validation("Only one sort is allowed");
        const auto& s = sorts[0];
        if (s.is_string()) {
            sort_property = s.get<std::string>();
            if (!sort_property.empty() && sort_property[0] == '-') {
                descending = true;
                sort_property.erase(0, 1);
            }
        } else if (s.is_object()) {
            sort_property = s.value("propertyName", std::string());
            descending = s.value("direction", std::string("ASCENDING")) == "DESCENDING";
        }
        if (call.account.property(type, sort_property) == nullptr)
            throw errors::validation("Cannot sort on " + sort_property + ": no such property");
    }

    std::vector<const CrmObject*> hits;
    const std::int64_t visible_before = call.now_ms - limits.search_index_lag_ms;
    for (const auto& [id, object] : call.account.table(type).objects()) {
        if (object.archived)
            continue;
        if (limits.search_index_lag_ms > 0 && object.updated_ms > visible_before)
            continue;
        if (!query.empty() && !matches_query(object, query))
            continue;
        bool any = groups.empty();
        for (const auto& group : groups) {
            bool all = true;
            for (const auto& f : group)
                all = all && matches(call.account, type, object, f);
            if (all) {
                any = true;
                break;
            }
        }
        if (any)
            hits.push_back(&object);
    }
    if (!sort_property.empty()) {
        const PropertyDefinition* property = call.account.property(type, sort_property);
        std::stable_sort(hits.begin(), hits.end(), [&](const CrmObject* a, const CrmObject* b) {
            const std::string& x = a->value(sort_property);
            const std::string& y = b->value(sort_property);
            if (x.empty() != y.empty())
                return y.empty();  // records without a value come last
            const int c = compare_values(property->type, x, y);
            return descending ? c > 0 : c < 0;
        });
    }
    ReadOptions options{string_list(body, "properties"), {}, {}};
    nlohmann::json results = nlohmann::json::array();
    const auto start = static_cast<std::size_t>(after);
    for (std::size_t i = start; i < hits.size() && i < start + static_cast<std::size_t>(limit); ++i)
        results.push_back(render_object(call.account, type, *hits[i], options));
    nlohmann::json out = {{"total", hits.size()}, {"results", std::move(results)}};
    const std::size_t next = start + static_cast<std::size_t>(limit);
    if (next < hits.size())
        out["paging"] = {{"next", {{"after", std::to_string(next)}}}};
    return json_response(200, out);
}

}  // namespace ledgersync::sandbox::hubspot
