#pragma once
/// The QuickBooks Online connector as the SDK sees it: check, read, webhook, write, fetch. Each
/// call is delegated to the part that owns it (client, reader, writer, webhooks, translate).
/// One instance serves one connection (one QBO company) and may be called from several threads.

#include <ledgersync/sdk.hpp>

#include "client.hpp"
#include "config.hpp"
#include "reader.hpp"
#include "writer.hpp"

namespace ledgersync::connectors::quickbooks {

class QuickBooksConnector final : public sdk::Connector {
public:
    /// Reads the configuration; no I/O (config check constructs every plugin).
    QuickBooksConnector(sdk::HostServices host, const nlohmann::json& config);

    /// Reads CompanyInfo: the company's name, or why it cannot be reached.
    sdk::CheckResult check() override;
    sdk::ReadResult read(const sdk::ReadRequest& request) override;
    /// Verifies intuit-signature over the raw body, then re-reads every entity it names.
    sdk::WebhookResult webhook(const sdk::HttpRequest& request) override;
    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items) override;
    /// "invoice_pdf": the invoice's PDF from QBO.
    sdk::Document fetch(const sdk::FetchRequest& request) override;

private:
    sdk::HostServices host_;
    QboConfig config_;
    QboClient client_;
    Reader reader_;
    Writer writer_;
};

}  // namespace ledgersync::connectors::quickbooks
