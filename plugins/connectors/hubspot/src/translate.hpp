#pragma once
/// Translation between HubSpot CRM objects (as the API returns them: {id, properties,
/// associations, updatedAt}) and canonical records (docs/model.md; the HubSpot columns).
/// Reading: invoices with their line items and contact / company / deal associations, contacts
/// or companies as customers (customer_from), products. Writing: the invoice and line item
/// properties of a canonical invoice. A HubSpot object without a faithful canonical form is a
/// TranslationError, which the reader reports as an untranslated object.

#include <cstdint>
#include <map>
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

/// The objects an invoice's translation needs besides the invoice, by id.
struct RelatedObjects {
    std::map<std::string, nlohmann::json> line_items;
    std::map<std::string, nlohmann::json> contacts;
    std::map<std::string, nlohmann::json> companies;
    /// Invoice-level discounts, fees and taxes (adjustments.hpp).
    std::map<std::string, nlohmann::json> discounts;
    std::map<std::string, nlohmann::json> fees;
    std::map<std::string, nlohmann::json> taxes;
    /// The commerce payments applied to the invoices, for where each was made.
    std::map<std::string, nlohmann::json> payments;
};

/// A HubSpot invoice as a canonical invoice record; `customer_from` is "contact" or "company";
/// the `custom_properties` with a value become its custom fields, by their names.
/// Throws TranslationError.
sdk::Record invoice_record(const nlohmann::json& invoice, const RelatedObjects& related, const std::string& customer_from,
                           const std::vector<std::string>& custom_properties);

/// The invoice properties the connector reads for itself (custom properties come on top).
std::vector<std::string> invoice_properties_read();
/// True when the connector reads or writes invoice property `name` for itself: not a custom field.
bool connector_invoice_property(const std::string& name);

/// A contact ("contacts") or company ("companies") as a canonical customer record.
sdk::Record customer_record(const nlohmann::json& object, const std::string& object_type);

/// A HubSpot product as a canonical product record priced in `currency`.
sdk::Record product_record(const nlohmann::json& product, const std::string& currency);

/// The name people know a contact or company by, "" when it has none.
std::string display_name_of(const nlohmann::json& object, const std::string& object_type);

/// A delete of `type` `id`.
sdk::Record deleted_record(const std::string& type, const std::string& id, const std::string& updated_at);

/// The properties of a HubSpot invoice for a canonical invoice (without status: an invoice is
/// written as a draft and finalized once its contact and lines are associated).
/// The HubSpot properties of a canonical invoice: its custom fields go to the properties of
/// `custom_properties` by the same names; one with no such property is a TranslationError.
nlohmann::json invoice_properties(const nlohmann::json& canonical, const std::string& source_id, const std::string& source_system,
                                  const std::vector<std::string>& custom_properties);

/// The properties of the HubSpot line item for line `index` of a canonical invoice.
nlohmann::json line_item_properties(const nlohmann::json& line, const std::string& currency, const std::string& source_id);

/// The unique value identifying line `index` of the invoice with unique value `invoice_source_id`.
std::string line_source_id(const std::string& invoice_source_id, std::size_t index);

}  // namespace ledgersync::connectors::hubspot
