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

#include "hubspot_objects.hpp"

namespace ledgersync::connectors::hubspot {

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
