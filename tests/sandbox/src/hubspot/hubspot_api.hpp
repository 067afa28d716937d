#pragma once
/// The HubSpot API emulator: the URL space of https://api.hubapi.com that a HubSpot <-> QBO
/// sync uses (CRM v3 objects, batch and search; associations v4; properties; OAuth v1/v3),
/// under /crm/v3/... and the date-versioned /crm/objects/2026-03/... paths, plus its control
/// endpoints under /__sandbox/hubspot/. Each API request is authenticated (401), checked for
/// scopes (403 MISSING_SCOPES), rate limited (429 with X-HubSpot-RateLimit-* headers), locked
/// for concurrent upserts (423), and carried out under its account's lock; committed changes go
/// out as signed webhooks.

#include <atomic>
#include <string>
#include <vector>

#include "common/api_emulator.hpp"
#include "hubspot/api_call.hpp"
#include "hubspot/auth_server.hpp"
#include "hubspot/crm_account.hpp"
#include "hubspot/rate_limits.hpp"
#include "hubspot/upsert_locks.hpp"
#include "hubspot/webhook_publisher.hpp"

namespace ledgersync::sandbox::hubspot {

class HubSpotApi final : public ApiEmulator {
public:
    /// The account `--seed default` creates (hub id / portal id).
    static constexpr const char* kDefaultPortalId = "20000001";

    HubSpotApi(SandboxServices services, bool seed_default_account);

    const std::string& name() const override { return name_; }
    RequestFacts describe(const HttpRequest& request) const override;
    HttpResponse handle(const HttpRequest& request, RequestFacts& facts) override;
    HttpResponse injected_error(int status) const override;
    HttpResponse handle_control(const std::vector<std::string>& subpath,
                                const HttpRequest& request) override;
    void configure_throttle(const nlohmann::json& config) override {
        rate_limits_.configure(config);
    }
    void set_throttling_enabled(bool enabled) override { rate_limits_.set_enabled(enabled); }
    nlohmann::json throttle_json() const override;
    void reset() override;
    nlohmann::json ready_info() const override;

private:
    /// A CRM or account-info API call: auth, scopes, rate limits, then route() under the lock.
    HttpResponse handle_crm(const HttpRequest& request, const std::vector<std::string>& parts,
                            RequestFacts& facts);
    HttpResponse route(ApiCall& call, const std::vector<std::string>& parts);
    HttpResponse seed(const HttpRequest& request);
    HttpResponse settings(const HttpRequest& request);
    HttpResponse accounts(const std::vector<std::string>& subpath);
    HttpResponse oauth_control(const std::vector<std::string>& subpath, const HttpRequest& request);
    /// POST accounts/{portal}/payments and accounts/{portal}/payments/{id}/refund: what
    /// HubSpot's own payment processing does (payment_processing.hpp).
    HttpResponse processor_payment(const std::vector<std::string>& subpath, const HttpRequest& request);
    std::int64_t now_ms() const;

    std::string name_ = "hubspot";
    SandboxServices services_;
    bool seed_default_account_;
    AccountRegistry accounts_;
    AuthServer auth_;
    RateLimits rate_limits_;
    UpsertLocks upsert_locks_;
    WebhookPublisher webhooks_;
    ApiLimits limits_;
    std::mutex limits_mutex_;
    std::atomic<std::int64_t> retry_after_s_{30};
};

}  // namespace ledgersync::sandbox::hubspot
