#include "client.hpp"

#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

std::string api_family(const std::string& path) {
    if (path.find("/search") != std::string::npos) return "search";
    if (path.rfind("/crm/v4/", 0) == 0) return "associations";
    if (path.rfind("/crm/v3/properties/", 0) == 0) return "properties";
    if (path.rfind("/account-info/", 0) == 0) return "account";
    if (path.find("/batch/") != std::string::npos) return "batch";
    return "objects";
}

HubSpotClient::HubSpotClient(sdk::HostServices host, const HubSpotConnectionConfig& config)
    : host_(host), config_(config), tokens_(host, config) {}

sdk::HttpRequest HubSpotClient::to_http(const ApiCall& call, const std::string& token) const {
    sdk::HttpRequest http;
    http.method = call.method;
    std::string query;
    for (const auto& [name, value] : call.parameters) {
        query += (query.empty() ? "?" : "&") + sdk::percent_encode(name) + "=" + sdk::percent_encode(value);
    }
    http.url = config_.endpoints.api_base_url + call.path + query;
    http.headers = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
    if (!call.body.empty()) http.headers.emplace_back("Content-Type", "application/json");
    http.body = call.body;
    http.timeout = std::chrono::seconds(config_.limits.request_timeout_seconds);
    http.budget = call.budget;
    return http;
}

sdk::HttpResponse HubSpotClient::send(const ApiCall& call) {
    const std::string family = api_family(call.path);
    std::string token = tokens_.current();
    sdk::HttpResponse response;
    for (std::int64_t attempt = 0;; ++attempt) {
        response = host_.http(to_http(call, token));
        host_.count("hubspot_api_calls_total", 1, "family=" + family);
        if (response.status == 401) {
            host_.count("hubspot_token_rejections_total");
            const auto renewed = tokens_.after_rejection(token);
            if (!renewed) return response;
            token = *renewed;
            response = host_.http(to_http(call, token));
            host_.count("hubspot_api_calls_total", 1, "family=" + family);
        }
        if (is_throttled(response.status)) host_.count("hubspot_throttled_total", 1, "status=" + std::to_string(response.status));
        // The host holds the budget after a 429 (Retry-After or its default), so the next send
        // waits for it. 423 and 477 go back as rate_limited outcomes carrying their own wait.
        if (response.status != 429 || attempt >= config_.limits.throttle_retries) return response;
    }
}

json HubSpotClient::json_call(const ApiCall& call, const CallContext& context) {
    const sdk::HttpResponse response = send(call);
    if (response.status < 200 || response.status >= 300) {
        throw sdk::Error(classify_response(response.status, response.body, context, response.retry_after));
    }
    if (response.body.empty()) return json::object();
    try {
        return sdk::parse_json_exact(response.body);
    } catch (const sdk::JsonParseError& e) {
        throw sdk::Error(sdk::Outcome::transient("HubSpot answered " + context.action + " " + context.object +
                                                 " with a body that is not JSON: " + e.what()));
    }
}

}  // namespace ledgersync::connectors::hubspot
