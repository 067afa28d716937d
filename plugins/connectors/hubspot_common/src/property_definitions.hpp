#pragma once
/// Defining the connectors' own properties in the HubSpot account (group "ledgersync"): one read
/// of an object type's properties finds what exists, only what is missing is created (one made
/// meanwhile by another host, 409, is kept), and an enumeration whose options differ gets this
/// version's options (so a status value added later is accepted). What each connector defines,
/// and when, is its own (hubspot: custom_properties.hpp; hubspot_payments: payment_writer.hpp).

#include <map>
#include <string>
#include <vector>

#include "client.hpp"

namespace ledgersync::connectors::hubspot {

/// The definition of a property in the connector's group "ledgersync", for POST
/// /crm/v3/properties/{object type}.
nlohmann::json property_definition(const char* name, const char* label, const char* type, const char* field_type,
                                   const char* description);

/// The unique-value property ledgersync_source_id (what batch upserts key on, so a write
/// replayed after a lost response finds what the first one created).
nlohmann::json source_id_definition(const char* description);

class PropertyDefinitions {
public:
    explicit PropertyDefinitions(HubSpotClient& client);

    /// Creates what `definitions` lists that `object_type` lacks (the group first), and gives an
    /// enumeration whose options differ this version's options. Throws sdk::Error (auth with
    /// the missing scopes, transient...).
    void ensure_defined(const std::string& object_type, const std::vector<nlohmann::json>& definitions);

private:
    /// The properties of `object_type` the account has, by name (one call).
    std::map<std::string, nlohmann::json> existing(const std::string& object_type);
    /// Creates a property or group; one that exists is kept (an enumeration gets `definition`'s options).
    void create(const std::string& object_type, const std::string& path, const nlohmann::json& definition);
    /// Replaces the options of enumeration property `definition` (defined by an earlier version).
    void update_options(const std::string& object_type, const nlohmann::json& definition);

    HubSpotClient& client_;
};

}  // namespace ledgersync::connectors::hubspot
