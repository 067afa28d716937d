#pragma once
/// The custom properties the connector needs in the HubSpot account, created on first start
/// (the first write): the property group "ledgersync" on invoices, line items, discounts, fees
/// and taxes, the unique-value property ledgersync_source_id on each (what batch upserts key
/// on, so a write replayed after a lost response finds what the first one created), and on
/// invoices ledgersync_source_system and the sync-status properties (sync_status.hpp); on deals
/// the group and the properties of the deal's latest QuickBooks invoice (deal_latest_invoice.hpp).
/// One read of each object type's properties finds what exists: only what is missing is created
/// (one made meanwhile by another host, 409, is kept), and an enumeration whose options differ
/// gets this version's options (so a status value added later is accepted). Once per instance,
/// whatever the number of writing threads.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "client.hpp"

namespace ledgersync::connectors::hubspot {

/// The definition of a property in the connector's group "ledgersync", for POST
/// /crm/v3/properties/{object type}.
nlohmann::json property_definition(const char* name, const char* label, const char* type, const char* field_type,
                                   const char* description);

class CustomProperties {
public:
    explicit CustomProperties(HubSpotClient& client);

    /// Creates what is missing; throws sdk::Error (auth with the missing scopes, transient...).
    void ensure();
    /// The same for commerce payments (the group and ledgersync_source_id), before the first
    /// payment is written.
    void ensure_payments();

private:
    /// The properties of `object_type` the account has, by name (one call).
    std::map<std::string, nlohmann::json> existing(const std::string& object_type);
    /// Creates what `definitions` lists that `object_type` lacks (the group first), and gives an
    /// enumeration whose options differ this version's options.
    void ensure_defined(const std::string& object_type, const std::vector<nlohmann::json>& definitions);
    /// Creates a property or group; one that exists is kept (an enumeration gets `definition`'s options).
    void create(const std::string& object_type, const std::string& path, const nlohmann::json& definition);
    /// Replaces the options of enumeration property `definition` (defined by an earlier version).
    void update_options(const std::string& object_type, const nlohmann::json& definition);

    HubSpotClient& client_;
    std::mutex mutex_;
    bool done_ = false;
    bool payments_done_ = false;
};

}  // namespace ledgersync::connectors::hubspot
