#include "webhooks.hpp"

#include <chrono>

#include <ledgersync/sdk/json.hpp>

#include "webhook_signature.hpp"

namespace ledgersync::connectors::stripe {

using nlohmann::json;

WebhookReceiver::WebhookReceiver(sdk::HostServices host, const StripeConfig& config, Reader& reader)
    : host_(host), config_(config), reader_(reader), seen_(host) {}

void WebhookReceiver::reject(const std::string& label, const std::string& reason, const std::string& fix) const {
    host_.count("stripe_webhooks_rejected_total", 1, "reason=" + label);
    throw sdk::Error(sdk::Outcome::data("a Stripe webhook was refused: " + reason, fix));
}

sdk::WebhookResult WebhookReceiver::receive(const sdk::HttpRequest& request) {
    if (config_.webhook_secrets.empty()) {
        reject("not_configured", "the connection has no webhook_secret to verify it with",
               "set webhook_secret to the endpoint's signing secret (whsec_...) from Developers > Webhooks in the Stripe Dashboard");
    }
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(host_.now().time_since_epoch()).count();
    const SignatureCheck check = verify_stripe_signature(request.body, request.header(kSignatureHeader), config_.webhook_secrets, now,
                                                         config_.limits.signature_tolerance_seconds);
    if (!check.valid) {
        reject("signature", check.reason,
               "check that webhook_secret (and, while rotating, previous_webhook_secret) is this endpoint's signing secret, and "
               "that the host's clock is right");
    }

    json event;
    try {
        event = sdk::parse_json_exact(request.body);
    } catch (const sdk::JsonParseError& e) {
        // Verified but unreadable: nothing to retry; say so and acknowledge.
        host_.log(sdk::LogLevel::error, std::string("a verified Stripe webhook is not JSON and was dropped: ") + e.what());
        return {};
    }
    const std::string event_id = event.is_object() ? event.value("id", std::string()) : std::string();
    const std::string type = event.is_object() ? event.value("type", std::string()) : std::string();
    if (event_id.empty()) {
        host_.log(sdk::LogLevel::error, "a verified Stripe webhook holds no event id and was dropped");
        return {};
    }
    if (seen_.contains(event_id)) {
        host_.count("stripe_webhook_events_duplicate_total");
        host_.log(sdk::LogLevel::debug, "Stripe event " + event_id + " (" + type + ") was already ingested; this delivery is ignored");
        return {};
    }

    sdk::WebhookResult result;
    const json* object = nullptr;
    if (const auto data = event.find("data"); data != event.end() && data->is_object() && data->contains("object")) {
        object = &data->at("object");
    }
    const std::string kind = object != nullptr && object->is_object() ? object->value("object", std::string()) : std::string();
    std::string id = object != nullptr ? stripe_id(*object) : std::string();
    const StreamKind* stream = stream_of_object(kind);
    if (kind == "payment_intent" && object != nullptr) {
        // A payment intent's money is its latest charge.
        stream = find_stream("payment");
        id = stripe_id(object->value("latest_charge", json()));
    }
    if (stream == nullptr || id.empty()) {
        host_.count("stripe_webhook_events_ignored_total", 1, "object=" + (kind.empty() ? std::string("none") : kind));
    } else if (const auto current = reader_.fetch(*stream, id)) {
        reader_.translate(*stream, *current, result.records, result.untranslated);
    } else {
        host_.log(sdk::LogLevel::warning, "Stripe event " + event_id + " names " + kind + " " + id + ", which Stripe no longer has");
    }
    seen_.add(event_id);
    host_.count("stripe_webhook_events_total", 1, "type=" + type);
    return result;
}

}  // namespace ledgersync::connectors::stripe
