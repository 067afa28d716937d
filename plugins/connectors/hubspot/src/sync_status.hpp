#pragma once
/// The sync-status properties on HubSpot invoices (docs/connectors/hubspot.md, "Sync status"):
/// ledgersync_sync_status (synced | failed), ledgersync_qbo_id, ledgersync_qbo_link,
/// ledgersync_last_synced_at and ledgersync_last_error, in the property group "ledgersync",
/// created on first start with the connector's other properties (custom_properties.hpp).
///
/// They are set from `sync_outcome` records (sdk/schema/sync_outcome.schema.json) that a route
/// from `<connection>.sync_outcome` to `<connection>.sync_outcome` carries back (docs/bus.md,
/// "Outcomes flow back"): the invoice named by source.id gets the status, the target's id, the
/// link made from `qbo_invoice_link`, the outcome's time and its failure reason (cleared when
/// synced). A failed outcome without a target id keeps the id and link written earlier.
/// Outcomes of anything but an invoice written as an invoice change nothing ("unchanged").

#include <optional>
#include <string>
#include <vector>

#include <ledgersync/sdk/connector.hpp>
#include <nlohmann/json.hpp>

#include "client.hpp"
#include "custom_properties.hpp"
#include "qbo_link.hpp"

namespace ledgersync::connectors::hubspot {

inline constexpr const char* kSyncStatusProperty = "ledgersync_sync_status";
inline constexpr const char* kQboIdProperty = "ledgersync_qbo_id";
inline constexpr const char* kLastSyncedAtProperty = "ledgersync_last_synced_at";
inline constexpr const char* kLastErrorProperty = "ledgersync_last_error";
/// The record type a route carries outcomes back with.
inline constexpr const char* kSyncOutcomeType = "sync_outcome";

/// The definitions of the five invoice properties, for POST /crm/v3/properties/invoices.
std::vector<nlohmann::json> sync_status_property_definitions();

/// The invoice properties a sync outcome's body sets, nullopt when it concerns no invoice.
/// `link_template` holds {id}. Throws std::invalid_argument on a body without status or time.
std::optional<nlohmann::json> sync_status_properties(const nlohmann::json& outcome, const std::string& link_template);

/// Writes sync outcomes as invoice properties: batch updates of up to 100 invoices; several
/// outcomes of one invoice in a batch are applied in the order of their time.
class SyncStatusWriter {
public:
    /// `qbo_invoice_link`: the link written into ledgersync_qbo_link ({id}: the QuickBooks invoice id).
    SyncStatusWriter(HubSpotClient& client, CustomProperties& properties, std::string qbo_invoice_link);

    /// One outcome per item, in order: `updated` with the invoice's id and updatedAt,
    /// `unchanged` for outcomes that concern no invoice, or HubSpot's failure.
    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items);

private:
    HubSpotClient& client_;
    CustomProperties& properties_;
    const std::string qbo_invoice_link_;
};

}  // namespace ledgersync::connectors::hubspot
