#include "access_check.hpp"

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

}  // namespace ledgersync::connectors::hubspot
