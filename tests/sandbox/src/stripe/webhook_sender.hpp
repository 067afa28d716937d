#pragma once
/// Sends the account's events to its webhook endpoints, signed with each endpoint's secret
/// (two v1 signatures while a rolled secret's previous value is still valid), through the
/// sandbox's WebhookDispatcher (retries with increasing delays, per-URL order, a delivery
/// log). Delivery modes reproduce what receivers must survive (stripe.md §2.7, pain-points.md
/// 69): "normal", "duplicate" (every event twice), "out_of_order" (each event held until the
/// next one is sent first); any event can be redelivered.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox {
class SandboxClock;
class WebhookDispatcher;
}  // namespace ledgersync::sandbox

namespace ledgersync::sandbox::stripe {

/// An endpoint as delivery needs it.
struct WebhookTarget {
    std::string id;
    std::string url;
    std::vector<std::string> enabled_events;  ///< "*" or exact types
    std::string secret;
};

class WebhookSender {
public:
    WebhookSender(WebhookDispatcher& dispatcher, const SandboxClock& clock);

    /// Delivers `events` (oldest first) to the matching `targets`.
    void send(const std::vector<nlohmann::json>& events, const std::vector<WebhookTarget>& targets);
    /// Sends what out-of-order mode still holds.
    void flush();

    /// Members mode, retry_delays_ms, timeout_ms; throws std::invalid_argument.
    void configure(const nlohmann::json& config);
    /// Keeps `previous_secret` of `endpoint_id` signing until `expires_at` (unix seconds).
    void keep_previous_secret(const std::string& endpoint_id, const std::string& previous_secret,
                              std::int64_t expires_at);
    /// The secrets an endpoint's deliveries are signed with now: its own first.
    std::vector<std::string> secrets_for(const WebhookTarget& target) const;
    nlohmann::json to_json() const;
    void reset();

    /// The JSON text of an event as it is delivered and served (exact numbers).
    static std::string event_payload(const nlohmann::json& event);
    static bool type_enabled(const std::vector<std::string>& enabled, const std::string& type);

private:
    struct Held {
        nlohmann::json event;
        std::vector<WebhookTarget> targets;
    };
    void enqueue(const nlohmann::json& event, const std::vector<WebhookTarget>& targets);
    std::vector<std::string> secrets_locked(const WebhookTarget& target) const;

    WebhookDispatcher& dispatcher_;
    const SandboxClock& clock_;
    mutable std::mutex mutex_;
    std::string mode_ = "normal";
    std::vector<Held> held_;
    std::map<std::string, std::vector<std::pair<std::string, std::int64_t>>> previous_secrets_;
};

}  // namespace ledgersync::sandbox::stripe
