#pragma once
/// The Stripe API emulator (https://api.stripe.com/v1/...) on its own sandbox port, and its
/// control endpoints under /__sandbox/stripe/. Each request is authenticated (a secret key:
/// sk_test_... or sk_live_..., or a restricted key made through the control plane; Bearer or
/// Basic), refused 403 when a restricted key lacks the endpoint's permission, rate limited (read and write apart, per mode),
/// parsed (form-encoded, Rack-style nested keys) and validated against Stripe's OpenAPI spec,
/// claimed under its Idempotency-Key, then carried out on the account under its lock; the
/// events it raised go to the webhook endpoints afterwards. Every answer carries a Request-Id.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/api_emulator.hpp"
#include "stripe/idempotency_store.hpp"
#include "stripe/parameter_validator.hpp"
#include "stripe/restricted_keys.hpp"
#include "stripe/stripe_account.hpp"
#include "stripe/stripe_rate_limiter.hpp"
#include "stripe/stripe_spec.hpp"
#include "stripe/webhook_sender.hpp"

namespace ledgersync::sandbox::stripe {

class StripeError;
struct StripeCall;

class StripeApi final : public ApiEmulator {
public:
    /// The spec file below the shared test-data folder.
    static constexpr const char* kSpecRelativePath = "specs/stripe/spec3.subset.2023-08-16.json";
    static constexpr const char* kApiVersion = "2023-08-16";

    /// `spec` is Stripe's OpenAPI document (see StripeSpec::load).
    StripeApi(SandboxServices services, std::shared_ptr<const StripeSpec> spec);

    const std::string& name() const override { return name_; }
    RequestFacts describe(const HttpRequest& request) const override;
    HttpResponse handle(const HttpRequest& request, RequestFacts& facts) override;
    HttpResponse injected_error(int status) const override;
    HttpResponse handle_control(const std::vector<std::string>& subpath,
                                const HttpRequest& request) override;
    void configure_throttle(const nlohmann::json& config) override { limiter_.configure(config); }
    void set_throttling_enabled(bool enabled) override { limiter_.set_enabled(enabled); }
    nlohmann::json throttle_json() const override { return limiter_.to_json(); }
    void reset() override;
    nlohmann::json ready_info() const override;

private:
    HttpResponse process(const HttpRequest& request, RequestFacts& facts,
                         const std::string& request_id);
    /// Runs the operation on the account; returns the response object (before expansion).
    nlohmann::json execute(StripeCall& call);
    nlohmann::json list(StripeCall& call, const std::string& type,
                        const ObjectStore::Predicate& filter, const std::string& url);
    HttpResponse error_response(const StripeError& error, const std::string& request_id) const;
    HttpResponse json_response(int status, const nlohmann::json& body,
                               const std::string& request_id) const;
    /// Delivers the events the account recorded since the last delivery.
    void deliver_outbox();
    std::vector<WebhookTarget> webhook_targets() const;
    /// Runs due automatic payouts and delivers their events; returns the payouts created.
    std::size_t catch_up();

    // Control plane (stripe_control.cpp).
    HttpResponse control_seed(const HttpRequest& request);
    HttpResponse control_clock(const HttpRequest& request);
    HttpResponse control_faults(const HttpRequest& request);
    HttpResponse control_webhooks(const std::vector<std::string>& subpath,
                                  const HttpRequest& request);
    nlohmann::json counters_json() const;
    void count(const std::string& family, const std::string& endpoint, int status) const;

    std::string name_ = "stripe";
    SandboxServices services_;
    std::shared_ptr<const StripeSpec> spec_;
    ParameterValidator validator_;
    StripeAccount account_;
    StripeRateLimiter limiter_;
    IdempotencyStore idempotency_;
    RestrictedKeys restricted_keys_;
    WebhookSender webhooks_;
    std::atomic<std::int64_t> lock_timeouts_left_{0};

    mutable std::mutex counters_mutex_;
    mutable std::map<std::string, std::uint64_t> family_counts_;
    mutable std::map<std::string, std::uint64_t> endpoint_counts_;
    mutable std::map<std::string, std::uint64_t> status_counts_;
    mutable std::uint64_t total_count_ = 0;
};

}  // namespace ledgersync::sandbox::stripe
