#pragma once
/// The checks a HubSpot webhook delivery passes before a connector reads what it names, the
/// same for both HubSpot plugins: a configured webhook_secret, the X-HubSpot-Signature-v3 over
/// the URI HubSpot signed (webhook_target_url, else the URL rebuilt from the Host header), the
/// 5-minute window measured from when the host received it, and no replay of an accepted
/// delivery. A refusal is an sdk::Error (data) that says why and what to do, counted as
/// <system>_webhooks_rejected_total{reason=...}.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <ledgersync/sdk/connector.hpp>
#include <ledgersync/sdk/host_services.hpp>
#include <ledgersync/sdk/http.hpp>

#include "connection_config.hpp"
#include "replay_guard.hpp"
#include "webhooks.hpp"

namespace ledgersync::connectors::hubspot {

/// A delivery that passed every check.
struct VerifiedDelivery {
    std::vector<HubSpotEvent> events;
    std::string signature;
    std::int64_t received_at_ms = 0;
};

/// Adds what a read by ids of the objects a delivery names found to the delivery's result.
void add_read(sdk::ReadResult read, sdk::WebhookResult& result);

class WebhookGate {
public:
    /// `system`: the connector's id ("hubspot"), which names its metrics.
    WebhookGate(sdk::HostServices host, const HubSpotConnectionConfig& config, std::string system);

    /// The events of a delivery that passes; throws sdk::Error when it is refused. A verified
    /// delivery whose body cannot be read is dropped with a log line (HubSpot would resend it
    /// forever): nullopt.
    std::optional<VerifiedDelivery> open(const sdk::HttpRequest& request);

    /// Remembers a processed delivery: the same signed request is refused from now on (one the
    /// host retries after a failure of the connector is not a replay).
    void processed(const VerifiedDelivery& delivery);

private:
    /// The URI HubSpot signed: the configured target URL (with the request's query), else the
    /// URL rebuilt from the Host header.
    std::string webhook_uri(const sdk::HttpRequest& request) const;
    sdk::Error refused(const std::string& reason, const std::string& why, const std::string& fix) const;

    sdk::HostServices host_;
    const HubSpotConnectionConfig& config_;
    std::string system_;
    ReplayGuard replays_;
};

}  // namespace ledgersync::connectors::hubspot
