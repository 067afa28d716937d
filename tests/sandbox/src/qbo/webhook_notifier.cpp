#include "qbo/webhook_notifier.hpp"

#include <stdexcept>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>

#include "common/iso_time.hpp"
#include "common/random_token.hpp"
#include "qbo/entity_kind.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

// Legacy operation names -> CloudEvents verbs (qbo.md §2.2).
std::string cloudevents_verb(const std::string& operation) {
    if (operation == "Create")
        return "created";
    if (operation == "Update")
        return "updated";
    if (operation == "Delete")
        return "deleted";
    if (operation == "Void")
        return "voided";
    if (operation == "Merge")
        return "merged";
    if (operation == "Emailed")
        return "emailed";
    return to_lower(operation);
}

// The sandbox's stand-in for Intuit's per-app event source id.
constexpr const char* kEventSource = "intuit.ledgersyncSandboxWebhooksSource00000000000=";

}  // namespace

WebhookNotifier::WebhookNotifier(WebhookDispatcher& dispatcher) : dispatcher_(dispatcher) {}

void WebhookNotifier::configure(const nlohmann::json& config) {
    if (!config.is_object())
        throw std::invalid_argument("the webhook configuration must be an object");
    WebhookSubscription updated;
    WebhookRetryPolicy policy;
    for (auto it = config.begin(); it != config.end(); ++it) {
        const std::string& key = it.key();
        if (key == "urls") {
            if (!it->is_array())
                throw std::invalid_argument("\"urls\" must be an array of http:// URLs");
            for (const auto& url : *it) {
                if (!url.is_string() || url.get<std::string>().rfind("http://", 0) != 0) {
                    throw std::invalid_argument("\"urls\" must hold http:// URLs");
                }
                updated.urls.push_back(url.get<std::string>());
            }
        } else if (key == "format") {
            if (*it != "legacy" && *it != "cloudevents")
                throw std::invalid_argument("\"format\" must be \"legacy\" or \"cloudevents\"");
            updated.format = it->get<std::string>();
        } else if (key == "verifier_token") {
            if (!it->is_string() || it->get<std::string>().empty())
                throw std::invalid_argument("\"verifier_token\" must be a non-empty string");
            updated.verifier_token = it->get<std::string>();
        } else if (key == "retry_delays_ms") {
            if (!it->is_array())
                throw std::invalid_argument("\"retry_delays_ms\" must be an array of integers");
            policy.delays_ms.clear();
            for (const auto& d : *it) {
                if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
                    throw std::invalid_argument(
                        "\"retry_delays_ms\" must hold non-negative integers");
                policy.delays_ms.push_back(d.get<std::int64_t>());
            }
        } else if (key == "timeout_ms") {
            if (!it->is_number_integer() || it->get<std::int64_t>() < 1)
                throw std::invalid_argument("\"timeout_ms\" must be a positive integer");
            policy.timeout_ms = it->get<std::int64_t>();
        } else {
            throw std::invalid_argument("unknown webhook setting \"" + key + "\"");
        }
    }
    if (!updated.urls.empty() && updated.verifier_token.empty()) {
        throw std::invalid_argument(
            "\"verifier_token\" is required: every delivery is signed with it");
    }
    dispatcher_.set_retry_policy("qbo", policy);
    std::lock_guard lock(mutex_);
    subscription_ = std::move(updated);
}

nlohmann::json WebhookNotifier::to_json() const {
    std::lock_guard lock(mutex_);
    return {{"urls", subscription_.urls},
            {"format", subscription_.format},
            {"verifier_token", subscription_.verifier_token}};
}

void WebhookNotifier::reset() {
    {
        std::lock_guard lock(mutex_);
        subscription_ = WebhookSubscription{};
    }
    dispatcher_.set_retry_policy("qbo", WebhookRetryPolicy{});
}

std::string WebhookNotifier::legacy_body(const std::string& realm_id, const ChangeEvent& event) {
    const nlohmann::json entity = {
        {"name", event.entity},
        {"id", event.id},
        {"operation", event.operation},
        {"lastUpdated", format_iso_datetime(event.time_ms, 0, true, true)}};
    const nlohmann::json body = {
        {"eventNotifications",
         {{{"realmId", realm_id}, {"dataChangeEvent", {{"entities", {entity}}}}}}}};
    return body.dump();
}

std::string WebhookNotifier::cloudevents_body(const std::string& realm_id,
                                              const ChangeEvent& event) {
    const nlohmann::json cloud_event = {
        {"specversion", "1.0"},
        {"id", random_uuid()},
        {"source", kEventSource},
        {"type", "qbo." + to_lower(event.entity) + "." + cloudevents_verb(event.operation) + ".v1"},
        {"datacontenttype", "application/json"},
        {"time", format_iso_datetime(event.time_ms, 0, true, true)},
        {"intuitentityid", event.id},
        {"intuitaccountid", realm_id},
        {"data", nlohmann::json::object()}};
    return nlohmann::json::array({cloud_event}).dump();
}

void WebhookNotifier::notify(const std::string& realm_id, const std::vector<ChangeEvent>& events) {
    WebhookSubscription subscription;
    {
        std::lock_guard lock(mutex_);
        subscription = subscription_;
    }
    if (subscription.urls.empty())
        return;
    for (const auto& event : events) {
        const EntityKind* entity = find_kind_by_name(event.entity);
        if (entity == nullptr || !entity->webhook_events)
            continue;
        const bool cloud = subscription.format == "cloudevents";
        const std::string body =
            cloud ? cloudevents_body(realm_id, event) : legacy_body(realm_id, event);
        for (const auto& url : subscription.urls) {
            WebhookMessage message;
            message.api = "qbo";
            message.url = url;
            message.body = body;
            message.summary =
                event.entity + " " + event.id + " " + event.operation + " (realm " + realm_id + ")";
            message.headers["Content-Type"] =
                cloud ? "application/cloudevents+json" : "application/json; charset=utf-8";
            message.headers["intuit-signature"] =
                sdk::base64_encode(sdk::hmac_sha256(subscription.verifier_token, body));
            message.headers["intuit-created-time"] =
                format_iso_datetime(event.time_ms, 0, true, true);
            message.headers["intuit-t-id"] = random_uuid();
            message.headers["intuit-notification-schema-version"] = "0.1";
            message.headers["User-Agent"] = "intuit_notification_server/0.1";
            dispatcher_.enqueue(std::move(message));
        }
    }
}

}  // namespace ledgersync::sandbox::qbo
