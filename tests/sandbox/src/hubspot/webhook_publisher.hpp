#pragma once
/// HubSpot webhooks (hubspot.md §2.13): each app's target URL and subscriptions (generic
/// object.creation / object.propertyChange / object.deletion / object.associationChange with an
/// objectTypeId, or the legacy contact.* / company.* / deal.* / product.* / line_item.* forms);
/// committed changes of the accounts the app is installed in become events, POSTed as JSON
/// arrays of at most 100 (configurable lower) with X-HubSpot-Signature-v3 and
/// X-HubSpot-Request-Timestamp computed at each attempt, attemptNumber counting the retries.
/// Any non-2xx answer is retried (the common WebhookDispatcher's schedule). For tests,
/// "duplicate" delivers every batch twice and "out_of_order" shuffles the events (seeded).

#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/sandbox_clock.hpp"
#include "common/webhook_dispatcher.hpp"
#include "hubspot/auth_server.hpp"
#include "hubspot/change_event.hpp"

namespace ledgersync::sandbox::hubspot {

struct WebhookSubscription {
    std::int64_t id = 0;
    std::string event_type;      ///< "object.propertyChange", "contact.creation", ...
    std::string object_type_id;  ///< "0-53" (generic subscriptions)
    std::string property_name;   ///< propertyChange only
    bool active = true;
};

struct AppWebhooks {
    std::string target_url;
    std::vector<WebhookSubscription> subscriptions;
};

class WebhookPublisher {
public:
    WebhookPublisher(WebhookDispatcher& dispatcher, const SandboxClock& clock,
                     const AuthServer& auth);

    /// {"app_id"?, "target_url", "subscriptions": [{"eventType", "objectTypeId"?,
    ///  "propertyName"?, "active"?}], "max_batch_size"?, "duplicate"?, "out_of_order"?, "seed"?,
    ///  "retry_delays_ms"?, "timeout_ms"?}; throws std::invalid_argument.
    void configure(const nlohmann::json& config);
    nlohmann::json to_json() const;
    void reset();
    /// Sends the events of `changes` to every subscribed app installed in `portal_id`.
    void publish(const std::string& portal_id, const std::vector<ChangeEvent>& changes);

private:
    std::vector<nlohmann::json> events_for(const std::string& portal_id, const std::string& app_id,
                                           const AppWebhooks& hooks,
                                           const std::vector<ChangeEvent>& changes);

    WebhookDispatcher& dispatcher_;
    const SandboxClock& clock_;
    const AuthServer& auth_;
    mutable std::mutex mutex_;
    std::map<std::string, AppWebhooks> apps_;
    int max_batch_size_ = 100;
    bool duplicate_ = false;
    bool out_of_order_ = false;
    std::uint64_t seed_ = 1;
    std::mt19937_64 random_{1};
    std::int64_t next_event_id_ = 1;
    std::int64_t next_subscription_id_ = 1;
};

}  // namespace ledgersync::sandbox::hubspot
