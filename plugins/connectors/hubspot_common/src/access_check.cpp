#include "access_check.hpp"

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/json.hpp>

#include "hubspot_errors.hpp"

namespace ledgersync::connectors::hubspot {

std::string reason_and_fix(const sdk::Outcome& o) { return o.reason + (o.fix_hint.empty() ? std::string() : "; to fix: " + o.fix_hint); }

std::string AccessProblems::describe() const {
    if (fatal) return *fatal;
    std::vector<std::string> lines;
    if (!missing_scopes.empty()) {
        std::string list;
        for (const auto& scope : missing_scopes) list += (list.empty() ? "" : ", ") + scope;
        lines.push_back("the app lacks the scopes " + list + "; add them to the app (Auth tab) and re-authorize or reinstall it");
    }
    lines.insert(lines.end(), problems.begin(), problems.end());
    std::string details;
    for (const auto& line : lines) details += (details.empty() ? "" : "\n") + line;
    return details;
}

std::string notes_of(const AccessProblems& access) {
    std::string text;
    for (const auto& note : access.notes) text += "; " + note;
    return text;
}

void check_reads(HubSpotClient& client, const std::vector<std::string>& object_types, AccessProblems& into) {
    for (const auto& type : object_types) {
        try {
            const sdk::HttpResponse response = client.send({"GET", "/crm/v3/objects/" + type, {{"limit", "1"}}, "", ""});
            if (response.status >= 200 && response.status < 300) continue;
            const auto error = parse_error(response.body);
            if (response.status == 403 && error) {
                into.missing_scopes.insert(error->required_scopes.begin(), error->required_scopes.end());
                if (error->required_scopes.empty()) into.problems.push_back("reading " + type + " is forbidden (" + error->describe() + ")");
                continue;
            }
            const sdk::Outcome o = classify_response(response.status, response.body, {"reading", type}, response.retry_after);
            into.problems.push_back(reason_and_fix(o));
            if (response.status == 401) return;
        } catch (const sdk::Error& e) {
            into.fatal = reason_and_fix(e.outcome());
            return;
        }
    }
}

std::optional<std::set<std::string>> parse_granted_scopes(const std::string& body) {
    nlohmann::json answer;
    try {
        answer = sdk::parse_json_exact(body);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (!answer.is_object() || !answer.contains("scopes") || !answer.at("scopes").is_array()) return std::nullopt;
    std::set<std::string> scopes;
    for (const auto& scope : answer.at("scopes")) {
        if (!scope.is_string()) return std::nullopt;
        scopes.insert(scope.get<std::string>());
    }
    return scopes;
}

std::set<std::string> scopes_lacking(const std::vector<std::string>& needed, const std::set<std::string>& granted) {
    std::set<std::string> lacking;
    for (const auto& scope : needed)
        if (granted.count(scope) == 0) lacking.insert(scope);
    return lacking;
}

void check_write_scopes(HubSpotClient& client, const std::vector<std::string>& write_scopes, AccessProblems& into) {
    std::string listed;
    for (const auto& scope : write_scopes) listed += (listed.empty() ? "" : ", ") + scope;
    const auto unverified = [&](const std::string& why) {
        into.notes.push_back("the write scopes (" + listed + ") were not verified: " + why +
                             "; a missing one is named at the first write");
    };
    try {
        std::optional<std::set<std::string>> granted;
        if (client.config().auth == AuthMode::private_app) {
            const sdk::HttpResponse response = client.send(
                {"POST", "/oauth/v2/private-apps/get/access-token-info", {}, nlohmann::json{{"tokenKey", client.current_token()}}.dump(), ""});
            if (response.status < 200 || response.status >= 300) {
                unverified("HubSpot did not tell the token's scopes (HTTP " + std::to_string(response.status) + ")");
                return;
            }
            granted = parse_granted_scopes(response.body);
        } else {
            // An OAuth token's scopes come with the token endpoint's answer, kept with the tokens:
            // GET /oauth/v1/access-tokens/{token} would put the token in a URL, which request logs
            // and transport errors carry.
            client.current_token();
            granted = client.granted_scopes();
        }
        if (!granted) {
            unverified("HubSpot did not list the token's scopes");
            return;
        }
        const auto lacking = scopes_lacking(write_scopes, *granted);
        into.missing_scopes.insert(lacking.begin(), lacking.end());
    } catch (const sdk::Error& e) {
        unverified(reason_and_fix(e.outcome()));
    }
}

}  // namespace ledgersync::connectors::hubspot
