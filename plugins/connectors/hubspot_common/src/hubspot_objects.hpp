#pragma once
/// What both HubSpot plugins (hubspot, hubspot_payments) read of a CRM object as the API returns
/// it ({id, properties, associations, updatedAt}): its properties, associations, id and
/// modification time; the unique-value property and group the connectors create; the error a
/// translation throws for an object without a faithful canonical form. No I/O.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <ledgersync/sdk/record.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::connectors::hubspot {

/// Why an object has no canonical form; the message names the object and the field.
class TranslationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The custom properties the connector creates on first start (docs/connectors/hubspot.md).
inline constexpr const char* kSourceIdProperty = "ledgersync_source_id";
inline constexpr const char* kSourceSystemProperty = "ledgersync_source_system";
inline constexpr const char* kPropertyGroup = "ledgersync";

/// Where HubSpot says a commerce payment was made (read-only): SALES_CHECKOUT, QUOTE, INVOICE, MIGRATION,
/// SUBSCRIPTION; and the id of that checkout, quote, invoice...
inline constexpr const char* kPaymentSourceApp = "hs_payment_source_app";
inline constexpr const char* kPaymentSourceId = "hs_payment_source_id";

/// A property's value, nullopt when absent, null or empty (HubSpot's "no value").
std::optional<std::string> property(const nlohmann::json& object, const std::string& name);

/// A decimal property as canonical decimal text, nullopt when absent; TranslationError when it
/// is not a decimal.
std::optional<std::string> decimal_property(const nlohmann::json& object, const std::string& name);

/// The ids of `object`'s associations of `to_type` ("contacts", "line_items"), each once, in
/// the order given.
std::vector<std::string> associated_ids(const nlohmann::json& object, const std::string& to_type);

/// An object's "id" as text ("" without one).
std::string object_id_of(const nlohmann::json& object);

/// -1, 0 or 1: ids compared as numbers when both are decimal digits (HubSpot and QuickBooks
/// ids), else as text.
int compare_ids(const std::string& a, const std::string& b);

/// A HubSpot datetime (ISO-8601, or epoch milliseconds as text) in epoch ms.
std::optional<std::int64_t> hubspot_time_ms(const std::string& text);

/// When `object` last changed, epoch ms: hs_lastmodifieddate (contacts: lastmodifieddate), else
/// updatedAt; nullopt without either.
std::optional<std::int64_t> modified_ms(const nlohmann::json& object);

/// A delete of `type` `id` as connector `system` ("hubspot", "hubspot_payments") hands it out.
sdk::Record deleted_record(const std::string& system, const std::string& type, const std::string& id, const std::string& updated_at);

}  // namespace ledgersync::connectors::hubspot
