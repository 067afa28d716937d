#pragma once
/// The Stripe connector as the SDK sees it: check, read, webhook, write. Each call is delegated to
/// the part that owns it (client, reader, webhooks, writer, translate). One instance serves one
/// connection (one Stripe account) and may be called from several threads.

#include <ledgersync/sdk.hpp>

#include "client.hpp"
#include "config.hpp"
#include "reader.hpp"
#include "webhooks.hpp"
#include "writer.hpp"

namespace ledgersync::connectors::stripe {

class StripeConnector final : public sdk::Connector {
public:
    /// Reads the configuration; no I/O (config check constructs every plugin).
    StripeConnector(sdk::HostServices host, const nlohmann::json& config);

    /// The key works and may make every read the connector makes, or each permission it lacks
    /// (AccessCheck).
    sdk::CheckResult check() override;
    sdk::ReadResult read(const sdk::ReadRequest& request) override;
    /// Verifies Stripe-Signature over the raw body, then re-reads the object the event names.
    sdk::WebhookResult webhook(const sdk::HttpRequest& request) override;
    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items) override;

private:
    sdk::HostServices host_;
    StripeConfig config_;
    StripeClient client_;
    Reader reader_;
    WebhookReceiver webhooks_;
    Writer writer_;
};

}  // namespace ledgersync::connectors::stripe
