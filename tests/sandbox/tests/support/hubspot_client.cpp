#include "support/hubspot_client.hpp"

#include <stdexcept>

namespace ledgersync::sandbox::testing {

HubSpotSandbox::HubSpotSandbox(std::vector<std::string> args) : process_(std::move(args)) {
    url_ = process_.ready().at("hubspot").at("url");
    portal_ = process_.ready().at("hubspot").value("portal_id", "");
    if (!portal_.empty())
        token_ = control("POST", "/__sandbox/hubspot/oauth/tokens", {{"portal_id", portal_}})
                     .at("access_token");
}

ApiResult HubSpotSandbox::raw(const std::string& method, const std::string& path,
                              const std::string& body,
                              const std::map<std::string, std::string>& headers) const {
    const auto r = ledgersync::testing::http_request(method, url_ + path, body, headers);
    return {r.status, r.body, parse_exact_or_null(r.body), r.headers};
}

ApiResult HubSpotSandbox::api_with(const std::string& token, const std::string& method,
                                   const std::string& path, const nlohmann::json& body) const {
    std::map<std::string, std::string> headers = {{"Accept", "application/json"}};
    if (!token.empty())
        headers["Authorization"] = "Bearer " + token;
    if (!body.is_null())
        headers["Content-Type"] = "application/json";
    return raw(method, path, body.is_null() ? std::string() : body.dump(), headers);
}

ApiResult HubSpotSandbox::api(const std::string& method, const std::string& path,
                              const nlohmann::json& body) const {
    return api_with(token_, method, path, body);
}

nlohmann::json HubSpotSandbox::control(const std::string& method, const std::string& path,
                                       const nlohmann::json& body) const {
    const ApiResult r = raw(method, path, body.is_null() ? std::string() : body.dump());
    if (r.status != 200)
        throw std::runtime_error(method + " " + path + " -> " + std::to_string(r.status) + ": " +
                                 r.body);
    return r.json;
}

nlohmann::json HubSpotSandbox::to(const std::string& id, int type_id) {
    return {
        {"to", {{"id", id}}},
        {"types", {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", type_id}}}}};
}

nlohmann::json HubSpotSandbox::create(const std::string& type, const nlohmann::json& properties,
                                      const nlohmann::json& associations) const {
    nlohmann::json body = {{"properties", properties}};
    if (!associations.is_null())
        body["associations"] = associations;
    const ApiResult r = api("POST", "/crm/v3/objects/" + type, body);
    if (r.status != 201)
        throw std::runtime_error("creating a " + type + " failed: " + std::to_string(r.status) +
                                 " " + r.body);
    return r.json;
}

}  // namespace ledgersync::sandbox::testing
