#include "stripe/webhook_sender.hpp"

#include <stdexcept>

#include "common/sandbox_clock.hpp"
#include "common/webhook_dispatcher.hpp"
#include "stripe/stripe_json.hpp"
#include "stripe/webhook_signature.hpp"

namespace ledgersync::sandbox::stripe {

WebhookSender::WebhookSender(WebhookDispatcher& dispatcher, const SandboxClock& clock)
    : dispatcher_(dispatcher), clock_(clock) {
    reset();
}

std::string WebhookSender::event_payload(const nlohmann::json& event) {
    return render_stripe_json(event);
}

bool WebhookSender::type_enabled(const std::vector<std::string>& enabled, const std::string& type) {
    for (const auto& pattern : enabled) {
        if (pattern == "*" || pattern == type)
            return true;
        if (!pattern.empty() && pattern.back() == '*' &&
            type.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0)
            return true;
    }
    return false;
}

std::vector<std::string> WebhookSender::secrets_for(const WebhookTarget& target) const {
    std::lock_guard lock(mutex_);
    return secrets_locked(target);
}

std::vector<std::string> WebhookSender::secrets_locked(const WebhookTarget& target) const {
    std::vector<std::string> secrets{target.secret};
    const std::int64_t now = clock_.now_ms() / 1000;
    const auto it = previous_secrets_.find(target.id);
    if (it != previous_secrets_.end()) {
        for (const auto& [secret, expires_at] : it->second) {
            if (expires_at > now)
                secrets.push_back(secret);
        }
    }
    return secrets;
}

void WebhookSender::enqueue(const nlohmann::json& event, const std::vector<WebhookTarget>& targets) {
    const std::string payload = event_payload(event);
    const std::string type = event.at("type");
    const int copies = mode_ == "duplicate" ? 2 : 1;
    for (const auto& target : targets) {
        if (!type_enabled(target.enabled_events, type))
            continue;
        WebhookMessage message;
        message.api = "stripe";
        message.url = target.url;
        message.body = payload;
        message.summary = event.at("id").get<std::string>() + " " + type + " -> " + target.id;
        message.headers["Content-Type"] = "application/json; charset=utf-8";
        message.headers["User-Agent"] = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";
        message.headers["Stripe-Signature"] =
            signature_header(clock_.now_ms() / 1000, secrets_locked(target), payload);
        for (int i = 0; i < copies; ++i)
            dispatcher_.enqueue(message);
    }
}

void WebhookSender::send(const std::vector<nlohmann::json>& events,
                         const std::vector<WebhookTarget>& targets) {
    std::lock_guard lock(mutex_);
    for (const auto& event : events) {
        if (mode_ != "out_of_order") {
            enqueue(event, targets);
            continue;
        }
        if (held_.empty()) {
            held_.push_back({event, targets});
        } else {
            // The newer event overtakes the one held back.
            enqueue(event, targets);
            for (const auto& held : held_)
                enqueue(held.event, held.targets);
            held_.clear();
        }
    }
}

void WebhookSender::flush() {
    std::lock_guard lock(mutex_);
    for (const auto& held : held_)
        enqueue(held.event, held.targets);
    held_.clear();
}

void WebhookSender::configure(const nlohmann::json& config) {
    if (!config.is_object())
        throw std::invalid_argument("the webhook settings must be a JSON object");
    std::string mode;
    WebhookRetryPolicy policy;
    bool policy_given = false;
    for (auto it = config.begin(); it != config.end(); ++it) {
        if (it.key() == "mode") {
            if (*it != "normal" && *it != "duplicate" && *it != "out_of_order")
                throw std::invalid_argument("\"mode\" must be normal, duplicate or out_of_order");
            mode = it->get<std::string>();
        } else if (it.key() == "retry_delays_ms") {
            if (!it->is_array())
                throw std::invalid_argument("\"retry_delays_ms\" must be an array of integers");
            policy.delays_ms.clear();
            for (const auto& d : *it) {
                if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
                    throw std::invalid_argument("\"retry_delays_ms\" must hold non-negative integers");
                policy.delays_ms.push_back(d.get<std::int64_t>());
            }
            policy_given = true;
        } else if (it.key() == "timeout_ms") {
            if (!it->is_number_integer() || it->get<std::int64_t>() < 1)
                throw std::invalid_argument("\"timeout_ms\" must be a positive integer");
            policy.timeout_ms = it->get<std::int64_t>();
            policy_given = true;
        } else if (it.key() != "endpoints") {
            throw std::invalid_argument("unknown webhook setting \"" + it.key() +
                                        "\" (endpoints, mode, retry_delays_ms, timeout_ms)");
        }
    }
    if (policy_given)
        dispatcher_.set_retry_policy("stripe", policy);
    if (!mode.empty()) {
        if (mode != "out_of_order")
            flush();
        std::lock_guard lock(mutex_);
        mode_ = mode;
    }
}

void WebhookSender::keep_previous_secret(const std::string& endpoint_id,
                                         const std::string& previous_secret,
                                         std::int64_t expires_at) {
    std::lock_guard lock(mutex_);
    previous_secrets_[endpoint_id].emplace_back(previous_secret, expires_at);
}

nlohmann::json WebhookSender::to_json() const {
    std::lock_guard lock(mutex_);
    nlohmann::json previous = nlohmann::json::object();
    for (const auto& [id, secrets] : previous_secrets_) {
        for (const auto& [secret, expires_at] : secrets)
            previous[id].push_back({{"secret", secret}, {"expires_at", expires_at}});
    }
    return {{"mode", mode_}, {"held", held_.size()}, {"previous_secrets", previous}};
}

void WebhookSender::reset() {
    {
        std::lock_guard lock(mutex_);
        mode_ = "normal";
        held_.clear();
        previous_secrets_.clear();
    }
    // Stripe retries for days; tests need seconds.
    WebhookRetryPolicy policy;
    policy.delays_ms = {200, 500, 1000, 2000, 5000};
    dispatcher_.set_retry_policy("stripe", policy);
}

}  // namespace ledgersync::sandbox::stripe
