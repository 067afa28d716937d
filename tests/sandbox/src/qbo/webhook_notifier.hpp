#pragma once
/// QBO webhooks (reference/qbo.md §2): turns committed changes into signed notifications for the
/// subscribed URLs, in the legacy eventNotifications format or as CloudEvents, signed with
/// intuit-signature = base64(HMAC-SHA256(verifier token, body)). Delivery and retries are the
/// common WebhookDispatcher's.

#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/webhook_dispatcher.hpp"
#include "qbo/ledger.hpp"

namespace ledgersync::sandbox::qbo {

struct WebhookSubscription {
    std::vector<std::string> urls;
    std::string format = "legacy";  ///< "legacy" or "cloudevents"
    std::string verifier_token;
};

class WebhookNotifier {
public:
    explicit WebhookNotifier(WebhookDispatcher& dispatcher);

    /// {"urls":[...], "format":"legacy"|"cloudevents", "verifier_token":"...",
    ///  "retry_delays_ms":[...], "timeout_ms":N}; throws std::invalid_argument.
    void configure(const nlohmann::json& config);
    nlohmann::json to_json() const;
    void reset();
    /// One message per change (entities QBO's webhooks do not cover are skipped).
    void notify(const std::string& realm_id, const std::vector<ChangeEvent>& events);

    /// The legacy body for one change.
    static std::string legacy_body(const std::string& realm_id, const ChangeEvent& event);
    /// The CloudEvents body (a JSON array of one event) for one change.
    static std::string cloudevents_body(const std::string& realm_id, const ChangeEvent& event);

private:
    WebhookDispatcher& dispatcher_;
    mutable std::mutex mutex_;
    WebhookSubscription subscription_;
};

}  // namespace ledgersync::sandbox::qbo
