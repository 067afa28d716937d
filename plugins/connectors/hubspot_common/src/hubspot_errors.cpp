#include "hubspot_errors.hpp"

#include <ledgersync/sdk/json.hpp>

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

std::string text_of(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> strings_of(const json* value) {
    std::vector<std::string> out;
    if (value == nullptr || !value->is_array()) return out;
    for (const auto& v : *value) {
        if (v.is_string()) out.push_back(v.get<std::string>());
        else if (v.is_number_integer()) out.push_back(std::to_string(v.get<std::int64_t>()));
    }
    return out;
}

const json* member(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
}

std::string with_correlation(const std::string& text, const HubSpotError& error) {
    return error.correlation_id.empty() ? text : text + " (correlationId " + error.correlation_id + ")";
}

}  // namespace

std::string HubSpotError::describe() const {
    std::string text = category.empty() ? std::string("error") : category;
    if (!message.empty()) text += ": " + message;
    for (const auto& detail : details) {
        if (detail != message) text += "; " + detail;
    }
    return text;
}

HubSpotError error_from_json(const json& error) {
    HubSpotError e;
    if (!error.is_object()) return e;
    e.category = text_of(error, "category");
    if (e.category.empty()) e.category = text_of(error, "errorType");
    e.sub_category = text_of(error, "subCategory");
    e.message = text_of(error, "message");
    e.correlation_id = text_of(error, "correlationId");
    e.policy_name = text_of(error, "policyName");
    if (const json* errors = member(error, "errors"); errors != nullptr && errors->is_array()) {
        for (const auto& item : *errors) {
            if (!item.is_object()) continue;
            if (const auto m = text_of(item, "message"); !m.empty()) e.details.push_back(m);
            if (const json* context = member(item, "context")) {
                for (const auto& scope : strings_of(member(*context, "requiredGranularScopes"))) e.required_scopes.push_back(scope);
            }
        }
    }
    if (const json* context = member(error, "context")) {
        if (const auto ids = strings_of(member(*context, "id")); !ids.empty()) e.existing_id = ids.front();
        e.ids = strings_of(member(*context, "ids"));
        e.trace_ids = strings_of(member(*context, "objectWriteTraceId"));
        for (const auto& scope : strings_of(member(*context, "requiredGranularScopes"))) e.required_scopes.push_back(scope);
    }
    const std::string marker = "Existing ID: ";
    if (const auto at = e.message.find(marker); e.existing_id.empty() && at != std::string::npos) {
        std::size_t end = at + marker.size();
        while (end < e.message.size() && e.message[end] >= '0' && e.message[end] <= '9') ++end;
        e.existing_id = e.message.substr(at + marker.size(), end - at - marker.size());
    }
    return e;
}

std::optional<HubSpotError> parse_error(std::string_view body) {
    try {
        const json document = sdk::parse_json_exact(body);
        if (!document.is_object()) return std::nullopt;
        return error_from_json(document);
    } catch (const sdk::JsonParseError&) {
        return std::nullopt;
    }
}

bool is_throttled(int http_status) { return http_status == 429 || http_status == 423 || http_status == 477; }

sdk::Outcome classify_error(const HubSpotError& error, int status, const CallContext& context,
                            std::chrono::milliseconds retry_after) {
    const std::string what = context.action + " " + context.object;
    const std::string said = error.describe();
    if (status == 401) {
        return sdk::Outcome::auth(with_correlation("HubSpot refused the access token while " + what + " (" + said + ")", error),
                                  "check the connection's credentials: a private app token that was rotated or deleted, or an "
                                  "OAuth app that was uninstalled; put the new token or refresh token in the configuration, then "
                                  "resume the connection");
    }
    if (status == 403 || error.category == "MISSING_SCOPES") {
        const std::string scopes = error.required_scopes.empty() ? std::string("(HubSpot named none)") : joined(error.required_scopes);
        return sdk::Outcome::auth(with_correlation("HubSpot refused " + what + ": the app lacks the scopes " + scopes, error),
                                  "add the scopes " + scopes + " to the app (Auth tab), reinstall or re-authorize it, then resume "
                                  "the connection");
    }
    if (status == 429) {
        const std::string policy = error.policy_name.empty() ? std::string("rate") : error.policy_name;
        const auto wait = retry_after.count() > 0 ? retry_after
                          : policy == "DAILY"     ? std::chrono::milliseconds(std::chrono::hours(1))
                                                  : kThrottleWait;
        return sdk::Outcome::rate_limited(wait, "HubSpot's " + policy + " limit was reached while " + what + "; the host waits");
    }
    if (status == 423) {
        return sdk::Outcome::rate_limited(std::max(retry_after, kLockedWait),
                                          "HubSpot locked the record while " + what + " (another upsert of the same value is "
                                          "running); the host retries");
    }
    if (status == 477) {
        return sdk::Outcome::rate_limited(retry_after.count() > 0 ? retry_after : std::chrono::milliseconds(std::chrono::seconds(30)),
                                          "HubSpot is migrating the account (477) while " + what + "; the host waits");
    }
    if (status == 408 || status >= 500) {
        return sdk::Outcome::transient(with_correlation("HubSpot is unavailable (HTTP " + std::to_string(status) + ") while " + what, error));
    }
    if (status == 404 || error.category == "OBJECT_NOT_FOUND") {
        return sdk::Outcome::data(with_correlation("HubSpot has no such object while " + what + " (" + said + ")", error),
                                  "the object was deleted or merged in HubSpot; relink or recreate it, then retry");
    }
    if (status == 409 || error.category == "CONFLICT") {
        sdk::Outcome o = sdk::Outcome::data(
            with_correlation("HubSpot refused " + what + ": a unique value is already taken" +
                                 (error.existing_id.empty() ? std::string() : " by object " + error.existing_id) + " (" + said + ")",
                             error),
            "another HubSpot object holds the same unique value; merge or delete the duplicate in HubSpot, then retry");
        return o;
    }
    return sdk::Outcome::data(with_correlation("HubSpot refused " + what + " (HTTP " + std::to_string(status) + ", " + said + ")", error),
                              "correct the object named (or the mapping) so that HubSpot accepts it, then retry the failure");
}

sdk::Outcome classify_response(int status, std::string_view body, const CallContext& context, std::chrono::milliseconds retry_after) {
    const auto error = parse_error(body);
    HubSpotError e = error.value_or(HubSpotError{});
    if (!error && !body.empty() && status < 500) e.message = std::string(body.substr(0, 200));
    return classify_error(e, status, context, retry_after);
}

}  // namespace ledgersync::connectors::hubspot
