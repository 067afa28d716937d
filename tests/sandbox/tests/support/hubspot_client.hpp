#pragma once
/// Integration-test helpers for the HubSpot emulator: the real `ledgersync-sandbox` serving
/// HubSpot on port 0, and calls over real HTTP with a bearer token.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/sandbox_process.hpp"

namespace ledgersync::sandbox::testing {

using ApiResult = QboResult;

class HubSpotSandbox {
public:
    /// Starts the sandbox with `args` (HubSpot alone, default account seeded, unless told
    /// otherwise) and mints an OAuth token with every scope for the default account.
    explicit HubSpotSandbox(std::vector<std::string> args = {"--apis", "hubspot"});

    const std::string& url() const { return url_; }
    const std::string& portal() const { return portal_; }
    const std::string& token() const { return token_; }
    void use_token(const std::string& token) { token_ = token; }
    SandboxProcess& process() { return process_; }

    /// A call with "Authorization: Bearer <token()>" and a JSON body.
    ApiResult api(const std::string& method, const std::string& path,
                  const nlohmann::json& body = nullptr) const;
    ApiResult api_with(const std::string& token, const std::string& method, const std::string& path,
                       const nlohmann::json& body = nullptr) const;
    ApiResult raw(const std::string& method, const std::string& path, const std::string& body = {},
                  const std::map<std::string, std::string>& headers = {}) const;
    /// A control-plane call that must answer 200; its JSON.
    nlohmann::json control(const std::string& method, const std::string& path,
                           const nlohmann::json& body = nullptr) const;

    /// Creates a record that must succeed (201); returns it.
    nlohmann::json create(const std::string& type, const nlohmann::json& properties,
                          const nlohmann::json& associations = nullptr) const;
    /// {"to":{"id"},"types":[{HUBSPOT_DEFINED, type_id}]} for a create's associations.
    static nlohmann::json to(const std::string& id, int type_id);

private:
    SandboxProcess process_;
    std::string url_;
    std::string portal_;
    std::string token_;
};

}  // namespace ledgersync::sandbox::testing
