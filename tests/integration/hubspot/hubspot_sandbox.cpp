#include "hubspot_sandbox.hpp"

#include <csignal>
#include <stdexcept>

#include <ledgersync/sdk/json.hpp>

#include "http_request.hpp"

namespace ledgersync::testing {

using nlohmann::json;

HubSpotSandbox::HubSpotSandbox() {
    const auto ready = dir_ / "ready.json";
    process_ = std::make_unique<ChildProcess>(
        LEDGERSYNC_SANDBOX_BINARY, std::vector<std::string>{"--apis", "hubspot", "--hubspot-port", "0", "--ready-file", ready.string()},
        dir_ / "sandbox.log");
    if (!wait_for_file(ready, std::chrono::seconds(30))) {
        throw std::runtime_error("ledgersync-sandbox did not become ready: " + process_->log());
    }
    const json info = json::parse(read_file(ready)).at("hubspot");
    url_ = info.at("url");
    portal_id_ = info.at("portal_id");
    client_id_ = info.at("client_id");
    client_secret_ = info.at("client_secret");
}

HubSpotSandbox::~HubSpotSandbox() {
    if (process_ && process_->running()) {
        process_->signal(SIGTERM);
        process_->wait(std::chrono::seconds(10));
    }
}

json HubSpotSandbox::control(const std::string& method, const std::string& path, const json& body) const {
    const HttpResult result = http_request(method, url_ + path, body.is_null() ? std::string() : body.dump(),
                                           {{"Content-Type", "application/json"}});
    if (result.status < 200 || result.status >= 300) {
        throw std::runtime_error(method + " " + path + " answered " + std::to_string(result.status) + ": " + result.body);
    }
    return result.body.empty() ? json() : sdk::parse_json_exact(result.body);
}

std::string HubSpotSandbox::static_token(const std::string& portal, const json& scopes) const {
    json body = {{"portal_id", portal.empty() ? portal_id_ : portal}};
    if (!scopes.is_null()) body["scopes"] = scopes;
    return control("POST", "/__sandbox/hubspot/oauth/static-token", body).at("token");
}

json HubSpotSandbox::private_app_config(const std::string& portal, const json& extra) const {
    json config = {{"environment", {{"base_url", url_}}}, {"private_app_token", static_token(portal)}};
    config.update(extra);
    return config;
}

json HubSpotSandbox::oauth_config(const json& extra) const {
    const json tokens = control("POST", "/__sandbox/hubspot/oauth/tokens", json::object());
    json config = {{"environment", {{"base_url", url_}}},
                   {"client_id", client_id_},
                   {"client_secret", client_secret_},
                   {"refresh_token", tokens.at("refresh_token")}};
    config.update(extra);
    return config;
}

json HubSpotSandbox::api(const std::string& method, const std::string& path, const json& body, const std::string& portal) const {
    const HttpResult result = http_request(method, url_ + path, body.is_null() ? std::string() : body.dump(),
                                           {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + static_token(portal)}});
    if (result.status < 200 || result.status >= 300) {
        throw std::runtime_error("HubSpot API " + method + " " + path + " answered " + std::to_string(result.status) + ": " + result.body);
    }
    return result.body.empty() ? json() : sdk::parse_json_exact(result.body);
}

std::int64_t HubSpotSandbox::api_calls() const {
    return counters().value(json::json_pointer("/by_api/hubspot/total"), std::int64_t{0});
}

json HubSpotSandbox::objects(const std::string& type, const std::string& portal) const {
    const json answer = control("GET", "/__sandbox/hubspot/accounts/" + (portal.empty() ? portal_id_ : portal) + "/" + type);
    return answer.contains(type) ? answer.at(type) : json::array();
}

}  // namespace ledgersync::testing
