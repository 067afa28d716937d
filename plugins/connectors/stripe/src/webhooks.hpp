#pragma once
/// Stripe webhook deliveries: the Stripe-Signature verified over the raw body bytes
/// (webhook_signature.hpp), the event deduplicated by its id (seen_events.hpp), and the object
/// it names read again from Stripe (events are hints: deliveries come late, twice, out of order),
/// then translated. docs/connectors/stripe.md, "Webhooks".

#include <ledgersync/sdk.hpp>

#include "config.hpp"
#include "reader.hpp"
#include "seen_events.hpp"

namespace ledgersync::connectors::stripe {

class WebhookReceiver {
public:
    WebhookReceiver(sdk::HostServices host, const StripeConfig& config, Reader& reader);

    /// Throws sdk::Error (data) for a delivery that fails verification; other errors (Stripe
    /// unavailable while re-reading) keep the delivery for the host to try again.
    sdk::WebhookResult receive(const sdk::HttpRequest& request);

private:
    [[noreturn]] void reject(const std::string& label, const std::string& reason, const std::string& fix) const;

    sdk::HostServices host_;
    const StripeConfig& config_;
    Reader& reader_;
    SeenEvents seen_;
};

}  // namespace ledgersync::connectors::stripe
