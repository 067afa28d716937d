#pragma once
/// The HubSpot connector as the SDK sees it: check, read, webhook, write. Each call is
/// delegated to the part that owns it (client, reader, writer, webhooks, translate). One
/// instance serves one connection (one HubSpot account) and may be called from several threads.

#include <ledgersync/sdk.hpp>

#include "client.hpp"
#include "company_currency.hpp"
#include "config.hpp"
#include "custom_properties.hpp"
#include "reader.hpp"
#include "sync_status.hpp"
#include "webhook_gate.hpp"
#include "writer.hpp"

namespace ledgersync::connectors::hubspot {

class HubSpotConnector final : public sdk::Connector {
public:
    /// Reads the configuration; no I/O (config check constructs every plugin).
    HubSpotConnector(sdk::HostServices host, const nlohmann::json& config);

    /// Reads one object of each type the connector uses and the account's company currency;
    /// names the scopes the app lacks.
    sdk::CheckResult check() override;
    sdk::ReadResult read(const sdk::ReadRequest& request) override;
    /// Verifies X-HubSpot-Signature-v3 over the raw request, refuses old and replayed
    /// deliveries, then re-reads every object the events name.
    sdk::WebhookResult webhook(const sdk::HttpRequest& request) override;
    /// Invoices go to the writer, sync_outcome records to the sync-status writer.
    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items) override;

private:
    HubSpotConfig config_;
    HubSpotClient client_;
    CustomProperties properties_;
    CompanyCurrency company_currency_;
    Reader reader_;
    Writer writer_;
    SyncStatusWriter sync_status_;
    WebhookGate webhooks_;
};

}  // namespace ledgersync::connectors::hubspot
