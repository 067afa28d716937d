#pragma once
// The real `ledgersync-sandbox` process serving the HubSpot API for the HubSpot integration
// tests, and its control plane as tests/sandbox/README.md documents it: seeding accounts,
// tokens, rate limits, faults, counters and webhook subscriptions.

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace ledgersync::testing {

class HubSpotSandbox {
public:
    /// Starts `ledgersync-sandbox --apis hubspot` on a free port with its default account.
    HubSpotSandbox();
    ~HubSpotSandbox();
    HubSpotSandbox(const HubSpotSandbox&) = delete;
    HubSpotSandbox& operator=(const HubSpotSandbox&) = delete;

    const std::string& url() const noexcept { return url_; }
    const std::string& portal_id() const noexcept { return portal_id_; }
    const std::string& client_id() const noexcept { return client_id_; }
    const std::string& client_secret() const noexcept { return client_secret_; }

    /// A control-plane call; the parsed answer. Throws on a non-2xx answer.
    nlohmann::json control(const std::string& method, const std::string& path, const nlohmann::json& body = nlohmann::json()) const;

    /// POST /__sandbox/hubspot/seed with `options`; the answer.
    nlohmann::json seed(const nlohmann::json& options) const { return control("POST", "/__sandbox/hubspot/seed", options); }
    /// A private app's static token for `portal` (default: the default account), all scopes
    /// unless `scopes` names some.
    std::string static_token(const std::string& portal = {}, const nlohmann::json& scopes = nullptr) const;
    /// A connector configuration with a private-app token of `portal`; `extra` merged in.
    nlohmann::json private_app_config(const std::string& portal = {}, const nlohmann::json& extra = nlohmann::json::object()) const;
    /// A connector configuration with the default OAuth app and a fresh refresh token.
    nlohmann::json oauth_config(const nlohmann::json& extra = nlohmann::json::object()) const;

    /// A call to the HubSpot API itself as an app would make it (a private app's token of
    /// `portal`); the parsed answer. Throws on a non-2xx answer.
    nlohmann::json api(const std::string& method, const std::string& path, const nlohmann::json& body, const std::string& portal = {}) const;

    /// GET /__sandbox/counters: calls answered for the HubSpot API.
    nlohmann::json counters() const { return control("GET", "/__sandbox/counters"); }
    /// The HubSpot API calls counted so far (every family, OAuth included).
    std::int64_t api_calls() const;
    /// The records of one type of `portal` (default: the default account), as the sandbox holds them.
    nlohmann::json objects(const std::string& type, const std::string& portal = {}) const;

    std::string log() const { return process_ ? process_->log() : std::string(); }

private:
    TempDir dir_;
    std::unique_ptr<ChildProcess> process_;
    std::string url_;
    std::string portal_id_;
    std::string client_id_;
    std::string client_secret_;
};

}  // namespace ledgersync::testing
