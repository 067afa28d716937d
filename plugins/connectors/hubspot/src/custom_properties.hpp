#pragma once
/// The custom properties the connector needs in the HubSpot account, created on first start
/// (the first write): the property group "ledgersync" on invoices, line items, discounts, fees
/// and taxes, the unique-value property ledgersync_source_id on each (what batch upserts key
/// on, so a write replayed after a lost response finds what the first one created), and on
/// invoices ledgersync_source_system and the sync-status properties (sync_status.hpp); on deals
/// the group and the properties of the deal's latest QuickBooks invoice (deal_latest_invoice.hpp).
/// Through PropertyDefinitions (hubspot_common); once per instance, whatever the number of
/// writing threads.

#include <mutex>

#include "client.hpp"
#include "property_definitions.hpp"

namespace ledgersync::connectors::hubspot {

class CustomProperties {
public:
    explicit CustomProperties(HubSpotClient& client);

    /// Creates what is missing; throws sdk::Error (auth with the missing scopes, transient...).
    void ensure();

private:
    HubSpotClient& client_;
    PropertyDefinitions definitions_;
    std::mutex mutex_;
    bool done_ = false;
};

}  // namespace ledgersync::connectors::hubspot
