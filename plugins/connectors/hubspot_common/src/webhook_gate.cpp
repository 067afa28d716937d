#include "webhook_gate.hpp"

#include <chrono>
#include <stdexcept>

#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::connectors::hubspot {

namespace {

std::int64_t now_ms(const sdk::HostServices& host) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(host.now().time_since_epoch()).count();
}

}  // namespace

WebhookGate::WebhookGate(sdk::HostServices host, const HubSpotConnectionConfig& config, std::string system)
    : host_(host), config_(config), system_(std::move(system)), replays_(host, kSignatureMaxAgeMs) {}

sdk::Error WebhookGate::refused(const std::string& reason, const std::string& why, const std::string& fix) const {
    host_.count(system_ + "_webhooks_rejected_total", 1, "reason=" + reason);
    return sdk::Error(sdk::Outcome::data("a HubSpot webhook was refused: " + why, fix));
}

std::string WebhookGate::webhook_uri(const sdk::HttpRequest& request) const {
    const std::size_t query = request.url.find('?');
    if (!config_.webhook_target_url.empty()) {
        return config_.webhook_target_url.find('?') == std::string::npos && query != std::string::npos
                   ? config_.webhook_target_url + request.url.substr(query)
                   : config_.webhook_target_url;
    }
    const std::string proto = request.header("X-Forwarded-Proto");
    return (proto.empty() ? std::string("https") : proto) + "://" + request.header("Host") + request.url;
}

std::optional<VerifiedDelivery> WebhookGate::open(const sdk::HttpRequest& request) {
    if (config_.webhook_secret.empty()) {
        throw refused("not_configured", "the connection has no webhook_secret to verify it with",
                      "set webhook_secret to the client secret of the HubSpot app that sends the webhooks");
    }
    const std::string received = request.header(kReceivedAtHeader);
    std::int64_t received_at = now_ms(host_);
    if (!received.empty()) {
        try {
            received_at = std::stoll(received);
        } catch (const std::exception&) {
        }
    }
    const std::string signature = request.header(kSignatureV3Header);
    const std::string timestamp = request.header(kRequestTimestampHeader);
    switch (verify_signature_v3(config_.webhook_secret, request.method, webhook_uri(request), request.body, signature, timestamp,
                                received_at)) {
        case SignatureVerdict::valid:
            break;
        case SignatureVerdict::missing:
            throw refused("unsigned", "it carries no X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp",
                          "subscribe with a HubSpot app (webhooks v3); unsigned requests are never accepted");
        case SignatureVerdict::forged:
            throw refused("signature",
                          "its X-HubSpot-Signature-v3 does not match the request (a wrong webhook_secret or "
                          "webhook_target_url, a sender that is not HubSpot, or a request altered on the way)",
                          "check that webhook_secret is the app's client secret and webhook_target_url the target URL "
                          "exactly as configured in the app");
        case SignatureVerdict::expired:
            throw refused("expired", "it was signed at " + timestamp + ", more than 5 minutes before it was received",
                          "nothing to do for a replayed old request; if HubSpot's deliveries are refused, check the clock "
                          "of this host");
        case SignatureVerdict::from_the_future:
            throw refused("future", "it is stamped " + timestamp + ", more than 5 minutes after it was received",
                          "check the clock of this host");
    }
    if (replays_.seen(signature, received_at)) {
        throw refused("replay", "the same signed request was accepted before (a replay)",
                      "nothing to do: each delivery is ingested once");
    }
    VerifiedDelivery delivery{{}, signature, received_at};
    try {
        delivery.events = parse_events(request.body);
    } catch (const std::invalid_argument& e) {
        host_.count(system_ + "_webhooks_rejected_total", 1, "reason=format");
        host_.log(sdk::LogLevel::error, std::string("a verified HubSpot webhook could not be read and was dropped: ") + e.what());
        replays_.remember(signature, received_at);
        return std::nullopt;
    }
    host_.count(system_ + "_webhooks_total", 1);
    return delivery;
}

void add_read(sdk::ReadResult read, sdk::WebhookResult& result) {
    for (auto& r : read.records) result.records.push_back(std::move(r));
    for (auto& u : read.untranslated) result.untranslated.push_back(std::move(u));
}

void WebhookGate::processed(const VerifiedDelivery& delivery) { replays_.remember(delivery.signature, delivery.received_at_ms); }

}  // namespace ledgersync::connectors::hubspot
