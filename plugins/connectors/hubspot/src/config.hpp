#pragma once
/// The connector's configuration (docs/connectors/hubspot.md, "Configuration"): the connection's
/// keys (connection_config.hpp) and the connector's own, read strictly with sdk::ConfigReader:
/// every problem is reported at its path, unknown keys are refused.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "connection_config.hpp"

namespace ledgersync::connectors::hubspot {

/// A QuickBooks Online invoice in the production web app; {id} is its Id (TxnId).
inline constexpr const char* kQboInvoiceLink = "https://app.qbo.intuit.com/app/invoice?txnId={id}";

/// The connector's own settings on top of the connection's (connection_config.hpp).
struct HubSpotConfig : HubSpotConnectionConfig {
    /// "contact" or "company": which association of an invoice is its canonical customer.
    std::string customer_from = "contact";
    /// The link written into ledgersync_qbo_link: {id} becomes the QuickBooks invoice's id.
    std::string qbo_invoice_link = kQboInvoiceLink;
    /// The invoice properties carried as the canonical invoice's custom fields, by these names,
    /// both ways (read into custom_fields, written from them): HubSpot's own
    /// hs_purchase_order_number and the account's custom invoice properties.
    std::vector<std::string> invoice_custom_properties = {"hs_purchase_order_number"};

    /// Reads and checks a configuration; throws sdk::Error (fatal) listing every problem.
    static HubSpotConfig parse(const nlohmann::json& config);
};

}  // namespace ledgersync::connectors::hubspot
