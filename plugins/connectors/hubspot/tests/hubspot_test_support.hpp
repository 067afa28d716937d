#pragma once
// Helpers of the HubSpot connector's unit tests: configurations against "http://hubspot.test",
// CRM objects in the API's shape, and a tiny router for the in-memory host's HTTP service.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <ledgersync/sdk.hpp>

#include "fake_host.hpp"

namespace ledgersync::connectors::hubspot::testing {

using quickbooks::testing::FakeHost;
using quickbooks::testing::json_response;
using quickbooks::testing::query_parameter;
using quickbooks::testing::url_path;

inline const std::string kBaseUrl = "http://hubspot.test";

/// The invoice custom properties of the default configuration, and one of the account's own.
inline const std::vector<std::string> kCustomProperties = {"hs_purchase_order_number", "tracking_number"};

/// A private-app configuration, with `extra` merged in.
inline nlohmann::json private_app_config(const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json config = {{"environment", {{"base_url", kBaseUrl}}}, {"private_app_token", "pat-na1-test"}};
    config.update(extra);
    return config;
}

/// An OAuth configuration, with `extra` merged in.
inline nlohmann::json oauth_config(const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json config = {{"environment", {{"base_url", kBaseUrl}}},
                             {"client_id", "cid"},
                             {"client_secret", "csecret"},
                             {"refresh_token", "rt-0"}};
    config.update(extra);
    return config;
}

/// The problems `Config::parse` reports for `config`, one a line ("" when it is valid).
template <class Config>
std::string config_problems(const nlohmann::json& config) {
    try {
        Config::parse(config);
    } catch (const sdk::Error& e) {
        return e.outcome().reason;
    }
    return {};
}

/// A CRM object as the API returns it; `associations` maps a type to the associated ids.
inline nlohmann::json crm_object(const std::string& id, nlohmann::json properties,
                                 const std::map<std::string, std::vector<std::string>>& associations = {},
                                 const std::string& updated_at = "2026-11-18T10:00:00.000Z") {
    if (!properties.contains("hs_lastmodifieddate") && !properties.contains("lastmodifieddate")) {
        properties["hs_lastmodifieddate"] = updated_at;
    }
    nlohmann::json object = {{"id", id}, {"properties", properties}, {"createdAt", updated_at}, {"updatedAt", updated_at}, {"archived", false}};
    for (const auto& [type, ids] : associations) {
        nlohmann::json results = nlohmann::json::array();
        for (const auto& to : ids) results.push_back({{"id", to}, {"type", "invoice_to_" + type}});
        object["associations"][type] = {{"results", results}};
    }
    return object;
}

/// Routes requests by "METHOD /path" (no query); an unrouted request fails the test.
class Router {
public:
    using Handler = std::function<sdk::HttpResponse(const sdk::HttpRequest&)>;
    void on(const std::string& method_and_path, Handler handler) { routes_[method_and_path] = std::move(handler); }
    sdk::HttpResponse operator()(const sdk::HttpRequest& request) {
        const std::string key = request.method + " " + url_path(request.url);
        const auto it = routes_.find(key);
        if (it == routes_.end()) return json_response(599, "{\"message\":\"unrouted " + key + "\"}");
        return it->second(request);
    }

private:
    std::map<std::string, Handler> routes_;
};

/// Answers the property listings (GET /crm/v3/properties/{type}) of the object types the
/// connector defines properties on with `answer(type)`: by default an account that has none.
inline void on_property_listings(Router& router, const std::function<nlohmann::json(const std::string&)>& answer = {}) {
    for (const std::string type : {"invoices", "line_items", "discounts", "fees", "taxes", "deals", "commerce_payments"}) {
        router.on("GET /crm/v3/properties/" + type, [answer, type](const sdk::HttpRequest&) {
            return json_response(200, nlohmann::json{{"results", answer ? answer(type) : nlohmann::json::array()}}.dump());
        });
    }
}

/// Answers GET /account-info/v3/details as HubSpot does for an account whose company currency
/// is `currency`; counts the calls in `calls` when given.
inline void on_account_details(Router& router, const std::string& currency = "USD", int* calls = nullptr) {
    router.on("GET /account-info/v3/details", [currency, calls](const sdk::HttpRequest&) {
        if (calls) ++*calls;
        return json_response(200, nlohmann::json{{"portalId", 20000001},
                                                 {"accountType", "STANDARD"},
                                                 {"timeZone", "US/Eastern"},
                                                 {"companyCurrency", currency},
                                                 {"additionalCurrencies", nlohmann::json::array()},
                                                 {"utcOffset", "-05:00"},
                                                 {"utcOffsetMilliseconds", -18000000},
                                                 {"uiDomain", "app.hubspot.com"},
                                                 {"dataHostingLocation", "na1"}}
                                      .dump());
    });
}

/// The objects of a batch/read body's inputs found in `objects`, as HubSpot answers.
inline sdk::HttpResponse batch_read_answer(const sdk::HttpRequest& request, const std::map<std::string, nlohmann::json>& objects) {
    const nlohmann::json body = sdk::parse_json_exact(request.body);
    nlohmann::json results = nlohmann::json::array();
    for (const auto& input : body.at("inputs")) {
        const auto it = objects.find(input.at("id").get<std::string>());
        if (it != objects.end()) results.push_back(it->second);
    }
    return json_response(200, nlohmann::json{{"status", "COMPLETE"}, {"results", results}}.dump());
}

}  // namespace ledgersync::connectors::hubspot::testing
