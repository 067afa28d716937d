#pragma once
/// The hubspot_payments connector as the SDK sees it: check, read, webhook, write. Commerce
/// payments of a HubSpot account (docs/connectors/hubspot_payments.md): read as payments and
/// refunds, written from QuickBooks against the invoice they pay. The HubSpot client, auth,
/// object reader and webhook checks are hubspot_common's, shared with the hubspot connector.
/// One instance serves one connection and may be called from several threads.

#include <ledgersync/sdk.hpp>

#include "client.hpp"
#include "config.hpp"
#include "payment_reader.hpp"
#include "payment_writer.hpp"
#include "webhook_gate.hpp"

namespace ledgersync::connectors::hubspot {

class HubSpotPaymentsConnector final : public sdk::Connector {
public:
    /// Reads the configuration; no I/O (config check constructs every plugin).
    HubSpotPaymentsConnector(sdk::HostServices host, const nlohmann::json& config);

    /// Reads one commerce payment and one invoice (payments are written against invoices);
    /// names the scopes the app lacks.
    sdk::CheckResult check() override;
    sdk::ReadResult read(const sdk::ReadRequest& request) override;
    /// Verifies the delivery (hubspot_common's WebhookGate), then re-reads the commerce payments
    /// its events name, with their refunds.
    sdk::WebhookResult webhook(const sdk::HttpRequest& request) override;
    /// Canonical payments, written as commerce payments associated with their invoice.
    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items) override;

private:
    HubSpotPaymentsConfig config_;
    HubSpotClient client_;
    PaymentReader reader_;
    PaymentWriter writer_;
    WebhookGate webhooks_;
};

}  // namespace ledgersync::connectors::hubspot
