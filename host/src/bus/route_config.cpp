#include "bus/route_config.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <regex>
#include <set>

namespace ledgersync::bus {

namespace {

std::optional<Endpoint> parse_endpoint(const std::string& text, const std::vector<std::string>& connections,
                                       const std::string& path, sdk::ConfigProblems& problems) {
    const auto dot = text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
        problems.add(path, "\"" + text + "\" is not CONNECTION.TYPE; write e.g. \"hubspot.invoice\".");
        return std::nullopt;
    }
    Endpoint e{text.substr(0, dot), text.substr(dot + 1)};
    if (std::find(connections.begin(), connections.end(), e.connection) == connections.end()) {
        std::string known;
        for (const auto& c : connections) known += (known.empty() ? "" : ", ") + c;
        problems.add(path, "no connection named \"" + e.connection + "\"; configured connections: " +
                               (known.empty() ? "none" : known) + ".");
        return std::nullopt;
    }
    return e;
}

void check_delays(const RetryPolicy& policy, const std::string& path, const char* cap_key, sdk::ConfigProblems& problems) {
    if (policy.base_delay_ms > policy.max_delay_ms) {
        problems.add(path + "/base_delay_ms", std::string("is larger than ") + cap_key +
                                                  "; the base delay must not exceed the cap.");
    }
}

RetryPolicy read_retry(const nlohmann::json* node, const std::string& path, const RetryPolicy& defaults,
                       sdk::ConfigProblems& problems) {
    RetryPolicy policy = defaults;
    if (node == nullptr) return policy;
    sdk::ConfigReader r(*node, problems, path);
    policy.max_attempts = r.integer_in("max_attempts", policy.max_attempts, 0, 1'000'000,
                                       "a number of attempts (0: no limit, only max_age_seconds counts)");
    policy.max_age_ms = 1000 * r.integer_in("max_age_seconds", policy.max_age_ms / 1000, 1, 30 * 86400, "a number of seconds");
    policy.base_delay_ms = r.integer_in("base_delay_ms", policy.base_delay_ms, 1, 3'600'000, "milliseconds");
    policy.max_delay_ms = r.integer_in("max_delay_ms", policy.max_delay_ms, 1, 86'400'000, "milliseconds");
    policy.max_reference_wait_ms = 1000 * r.integer_in("max_reference_wait_seconds", policy.max_reference_wait_ms / 1000,
                                                       1, 30 * 86400, "a number of seconds");
    r.finish();
    check_delays(policy, path, "max_delay_ms", problems);
    return policy;
}

constexpr std::array<std::pair<ConflictRule, std::string_view>, 4> kConflictRules = {{
    {ConflictRule::hold, "hold"},
    {ConflictRule::source_wins, "source_wins"},
    {ConflictRule::target_wins, "target_wins"},
    {ConflictRule::newest_wins, "newest_wins"},
}};

ConflictRule conflict_rule_named(std::string_view name) {
    for (const auto& [rule, text] : kConflictRules) {
        if (text == name) return rule;
    }
    return ConflictRule::hold;
}

/// The rule a route's partner in a two-way pair must have for the pair to agree.
ConflictRule complement(ConflictRule rule) {
    switch (rule) {
        case ConflictRule::source_wins: return ConflictRule::target_wins;
        case ConflictRule::target_wins: return ConflictRule::source_wins;
        case ConflictRule::hold:
        case ConflictRule::newest_wins: return rule;
    }
    return rule;
}

bool reverse_of_each_other(const RouteConfig& a, const RouteConfig& b) {
    if (&a == &b) return false;
    return std::any_of(a.from.begin(), a.from.end(),
                       [&](const Endpoint& source) { return carries_back(b, a, source.connection); });
}

/// Each route's effective conflict rule: its own `on_conflict`, else the complement of its
/// partner's, else hold. The two routes of a pair must agree. `stated` holds what each route
/// wrote (nullopt: nothing).
void settle_conflict_rules(std::vector<RouteConfig>& routes, const std::vector<std::optional<ConflictRule>>& stated,
                           sdk::ConfigProblems& problems) {
    for (std::size_t i = 0; i < routes.size(); ++i) {
        if (stated[i]) routes[i].on_conflict = *stated[i];
        for (std::size_t k = 0; k < routes.size(); ++k) {
            if (!reverse_of_each_other(routes[i], routes[k])) continue;
            if (!stated[i] && stated[k]) routes[i].on_conflict = complement(*stated[k]);
            if (stated[i] && stated[k] && complement(*stated[k]) != *stated[i] && i < k) {
                problems.add(routes[k].path + "/on_conflict",
                             "\"" + std::string(to_string(*stated[k])) + "\" disagrees with \"" + std::string(to_string(*stated[i])) +
                                 "\" of route \"" + routes[i].name + "\", which carries the same objects the other way; "
                                 "state the rule on one of the two routes only (its partner takes the complement: "
                                 "source_wins on one is target_wins on the other).");
            }
        }
    }
}

/// Reads the route's `since` into `since`; returns the filter clause it adds (`date` on or after
/// it), or nullopt when the route has none or it is wrong (reported).
std::optional<nlohmann::json> read_since(sdk::ConfigReader& r, const std::string& type, const model::CanonicalSchemas& schemas,
                                         std::string& since) {
    const auto text = r.optional<std::string>("since", "a date \"YYYY-MM-DD\" from which the route takes objects");
    if (!text) return std::nullopt;
    if (!schemas.field(type, "date")) {
        r.problems().add(r.path_of("since"), type + " records have no \"date\", so \"since\" cannot choose among them; "
                                             "remove it, or use \"when\" with a date field of " + type + ".");
        return std::nullopt;
    }
    const nlohmann::json clause = {{"gte", nlohmann::json::array({"date", *text})}};
    sdk::ConfigProblems own;
    Filter::compile(clause, type, schemas, r.path_of("since"), own);
    if (!own.empty()) {
        r.problems().add(r.path_of("since"), "\"" + *text + "\" is not a date; write it as \"YYYY-MM-DD\", e.g. \"2026-01-01\".");
        return std::nullopt;
    }
    since = *text;
    return clause;
}

/// `when` (absent: everything) and the `since` clause.
nlohmann::json with_since(const nlohmann::json* when, const nlohmann::json& since_clause) {
    if (when == nullptr) return since_clause;
    return {{"and", nlohmann::json::array({*when, since_clause})}};
}

}  // namespace

std::string_view to_string(ConflictRule rule) {
    for (const auto& [value, text] : kConflictRules) {
        if (value == rule) return text;
    }
    return "hold";
}

bool carries_back(const RouteConfig& other, const RouteConfig& route, const std::string& source_connection) {
    return other.name != route.name && other.takes(route.to.connection, route.to.type) &&
           other.to.connection == source_connection &&
           std::any_of(route.from.begin(), route.from.end(), [&](const Endpoint& source) {
               return source.connection == source_connection && source.type == other.to.type;
           });
}

std::string job_object_key(const RouteConfig& route, const sdk::RecordIdentity& mapped) {
    return route.to.connection + "|" + mapped.key();
}

RetryPolicy read_retry_defaults(const nlohmann::json& node, const std::string& path, sdk::ConfigProblems& problems) {
    RetryPolicy policy;
    sdk::ConfigReader r(node, problems, path);
    policy.max_age_ms = 3'600'000 * r.integer_in("max_age_hours", policy.max_age_ms / 3'600'000, 1, 30 * 24,
                                                 "hours a failing write is retried before it becomes a failure");
    policy.max_delay_ms = 1000 * r.integer_in("max_delay_seconds", policy.max_delay_ms / 1000, 1, 86'400,
                                              "the longest wait between two attempts, in seconds");
    policy.base_delay_ms = r.integer_in("base_delay_ms", policy.base_delay_ms, 1, 3'600'000, "milliseconds");
    r.finish();
    check_delays(policy, path, "max_delay_seconds", problems);
    return policy;
}

namespace {

// A route member mapping reference rels to connection names (`references_in`,
// `references_to`), each name checked against the configured connections.
void read_connection_by_rel(sdk::ConfigReader& r, const std::string& member, const std::string& role_before,
                            const std::string& role_after, const std::vector<std::string>& connections,
                            std::map<std::string, std::string>& into, sdk::ConfigProblems& problems) {
    const nlohmann::json* by_rel = r.raw(member);
    if (by_rel == nullptr) return;
    if (!by_rel->is_object()) {
        problems.add(r.path_of(member), "expected an object: reference rel -> connection, e.g. {\"invoice\": \"hubspot\"}.");
        return;
    }
    for (const auto& [rel, connection] : by_rel->items()) {
        const std::string at = r.path_of(member) + "/" + rel;
        if (!connection.is_string()) {
            problems.add(at, "expected the name of the connection " + role_before + " " + rel + " " + role_after + ".");
        } else if (std::find(connections.begin(), connections.end(), connection.get<std::string>()) == connections.end()) {
            problems.add(at, "no connection named \"" + connection.get<std::string>() + "\" is configured; name the connection " +
                                 role_before + " " + rel + " " + role_after + ".");
        } else {
            into[rel] = connection.get<std::string>();
        }
    }
}

// `references_in`, `references_to` and `drop_references` of a route (docs/bus.md, "Routes").
void read_reference_rules(sdk::ConfigReader& r, const std::vector<std::string>& connections, RouteConfig& route,
                          sdk::ConfigProblems& problems) {
    read_connection_by_rel(r, "references_in", "whose ids the", "references carry", connections, route.references_in, problems);
    read_connection_by_rel(r, "references_to", "the target writes the", "references against", connections, route.references_to,
                           problems);
    if (const nlohmann::json* drop = r.raw("drop_references")) {
        if (!drop->is_array()) {
            problems.add(r.path_of("drop_references"), "expected an array of reference rels, e.g. [\"customer\"].");
        } else {
            for (std::size_t k = 0; k < drop->size(); ++k) {
                if ((*drop)[k].is_string() && !(*drop)[k].get<std::string>().empty()) {
                    route.drop_references.insert((*drop)[k].get<std::string>());
                } else {
                    problems.add(r.path_of("drop_references") + "/" + std::to_string(k), "expected a reference rel, e.g. \"customer\".");
                }
            }
        }
    }
    const auto refuse_dropped = [&](const std::string& member, const std::map<std::string, std::string>& by_rel) {
        for (const auto& [rel, connection] : by_rel) {
            if (route.drop_references.count(rel) != 0) {
                problems.add(r.path_of(member) + "/" + rel, "the " + rel + " references are also dropped (drop_references); keep one of the two.");
            }
        }
    };
    refuse_dropped("references_in", route.references_in);
    refuse_dropped("references_to", route.references_to);
}

}  // namespace

std::vector<RouteConfig> read_routes(const nlohmann::json& routes, const std::vector<std::string>& connections,
                                     const model::CanonicalSchemas& schemas, sdk::ConfigProblems& problems,
                                     const RetryPolicy& retry_defaults) {
    std::vector<RouteConfig> result;
    if (!routes.is_array()) {
        problems.add("/routes", "expected an array of routes.");
        return result;
    }
    static const std::regex name_pattern("[a-z0-9][a-z0-9_-]*");
    std::set<std::string> names;
    std::vector<std::optional<ConflictRule>> stated_rules;
    for (std::size_t i = 0; i < routes.size(); ++i) {
        const std::string path = "/routes/" + std::to_string(i);
        sdk::ConfigReader r(routes[i], problems, path);
        RouteConfig route;
        route.path = path;
        route.name = r.required<std::string>("name", "a unique route name, e.g. \"hubspot-invoices-to-qbo\"");
        if (!route.name.empty()) {
            if (!std::regex_match(route.name, name_pattern)) {
                problems.add(r.path_of("name"), "\"" + route.name + "\" is not allowed; use lower-case letters, digits, '-' and '_'.");
            }
            if (!names.insert(route.name).second) {
                problems.add(r.path_of("name"), "another route is already named \"" + route.name + "\"; route names must be unique.");
            }
        }
        if (const nlohmann::json* from = r.raw("from")) {
            std::vector<std::pair<std::string, std::string>> sources;  // (text, path)
            if (from->is_string()) {
                sources.emplace_back(from->get<std::string>(), r.path_of("from"));
            } else if (from->is_array() && !from->empty()) {
                for (std::size_t k = 0; k < from->size(); ++k) {
                    if ((*from)[k].is_string()) sources.emplace_back((*from)[k].get<std::string>(), r.path_of("from") + "/" + std::to_string(k));
                    else problems.add(r.path_of("from") + "/" + std::to_string(k), "expected \"CONNECTION.TYPE\".");
                }
            } else {
                problems.add(r.path_of("from"), "expected \"CONNECTION.TYPE\" or a non-empty array of them.");
            }
            for (const auto& [text, at] : sources) {
                if (auto e = parse_endpoint(text, connections, at, problems)) route.from.push_back(*e);
            }
        } else {
            problems.add(r.path_of("from"), "required key is missing; set it to the source, e.g. \"hubspot.invoice\".");
        }
        const std::string to = r.required<std::string>("to", "the target, e.g. \"qbo.invoice\"");
        if (!to.empty()) {
            if (auto e = parse_endpoint(to, connections, r.path_of("to"), problems)) route.to = *e;
        }
        const std::string mode = r.one_of("mode", "upsert", {"create", "upsert"}, "how the target is written");
        route.mode = mode == "create" ? WriteMode::create : WriteMode::upsert;
        route.enabled = r.value_or<bool>("enabled", true, "true or false");
        route.retry = read_retry(r.raw("retry"), r.path_of("retry"), retry_defaults, problems);
        std::optional<ConflictRule> stated_rule;
        if (r.raw("on_conflict") != nullptr) {
            stated_rule = conflict_rule_named(r.one_of("on_conflict", "hold",
                                                       {"hold", "source_wins", "target_wins", "newest_wins"},
                                                       "what happens when both sides were edited before either was synced"));
        }
        stated_rules.push_back(stated_rule);
        read_reference_rules(r, connections, route, problems);
        if (const nlohmann::json* via = r.raw("via")) {
            if (!via->is_array()) {
                problems.add(r.path_of("via"), "expected an array of mapper steps, e.g. [{\"mapper\": \"field_mapping\", \"config\": {}}].");
            } else {
                for (std::size_t k = 0; k < via->size(); ++k) {
                    const std::string step_path = r.path_of("via") + "/" + std::to_string(k);
                    sdk::ConfigReader step(( *via)[k], problems, step_path);
                    MapperStep s;
                    s.plugin = step.required<std::string>("mapper", "the id of a mapper plugin");
                    if (const nlohmann::json* config = step.raw("config")) s.config = *config;
                    s.config_path = step.path_of("config");
                    step.finish();
                    route.via.push_back(std::move(s));
                }
            }
        }
        for (const auto& source : route.from) {
            if (source.type != route.from.front().type) {
                problems.add(r.path_of("from"), "a route takes one canonical type, but \"" + source.str() + "\" and \"" +
                                                    route.from.front().str() + "\" differ; split it into two routes.");
                break;
            }
        }
        const std::optional<nlohmann::json> since =
            route.from.empty() ? std::nullopt : read_since(r, route.from.front().type, schemas, route.since);
        if (const nlohmann::json* when = r.raw("when"); when != nullptr && !route.from.empty()) {
            // Filters apply to the source records, before mapping.
            route.when = std::make_shared<Filter>(Filter::compile(*when, route.from.front().type, schemas, r.path_of("when"), problems));
        }
        if (const nlohmann::json* when_synced = r.raw("when_synced"); when_synced != nullptr && !route.from.empty()) {
            route.when_synced = std::make_shared<Filter>(
                Filter::compile(*when_synced, route.from.front().type, schemas, r.path_of("when_synced"), problems));
        }
        if (since) {
            // Both parts were checked where they are written: the combination adds no problem.
            sdk::ConfigProblems checked;
            const std::string& type = route.from.front().type;
            route.when = std::make_shared<Filter>(Filter::compile(with_since(r.raw("when"), *since), type, schemas, "", checked));
            if (const nlohmann::json* when_synced = r.raw("when_synced")) {
                route.when_synced = std::make_shared<Filter>(Filter::compile(with_since(when_synced, *since), type, schemas, "", checked));
            }
        }
        r.finish();
        result.push_back(std::move(route));
    }
    settle_conflict_rules(result, stated_rules, problems);
    return result;
}

}  // namespace ledgersync::bus
