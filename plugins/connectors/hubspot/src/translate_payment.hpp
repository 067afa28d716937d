#pragma once
/// Translation of HubSpot commerce payments (object type commerce_payments, 0-101) into
/// canonical payments and refunds (docs/connectors/hubspot.md, "Payments"), and of canonical
/// payments into commerce payment properties. No I/O.
///
/// HubSpot has no refund object: a payment carries the running total refunded
/// (hs_refunds_amount) and its latest status. The refunds are the increases of that total in
/// the property's history (propertiesWithHistory), oldest first: one canonical refund per
/// increase, dated by the change, with the id "<payment id>-refund-<n>".

#include <string>
#include <vector>

#include <ledgersync/sdk/record.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::connectors::hubspot {

/// The properties the connector reads of a commerce payment.
std::vector<std::string> payment_properties_read();

/// The associations a commerce payment is read with: its invoices, contacts and companies.
const std::vector<std::string>& payment_associations_read();

/// Where HubSpot says a payment was made (read-only): SALES_CHECKOUT, QUOTE, INVOICE, MIGRATION,
/// SUBSCRIPTION; and the id of that checkout, quote, invoice...
inline constexpr const char* kPaymentSourceApp = "hs_payment_source_app";
inline constexpr const char* kPaymentSourceId = "hs_payment_source_id";

/// What a canonical invoice says of commerce payment `payment_id` applied to it (an entry of
/// its `payments`): where the payment was made, and through which invoice when it was made
/// through one. `payment` is the commerce payment as read, nullptr when it could not be read
/// (the entry then names the payment alone).
nlohmann::json invoice_payment_entry(const std::string& payment_id, const nlohmann::json* payment);

/// True when the payment has refunds (hs_refunds_amount > 0): its refunds need the history of
/// hs_refunds_amount.
bool has_refunds(const nlohmann::json& payment);

/// A commerce payment as a canonical payment record; `customer_from` ("contact" or "company")
/// says which association is its customer. Throws TranslationError.
sdk::Record payment_record(const nlohmann::json& payment, const std::string& customer_from);

/// The canonical refund records of a commerce payment, oldest first, from the history of
/// hs_refunds_amount in payment["propertiesWithHistory"] (newest first, as HubSpot answers).
/// Throws TranslationError when the history cannot be read as refunds.
std::vector<sdk::Record> refund_records(const nlohmann::json& payment);

/// The id of the payment a refund id ("<payment id>-refund-<n>") belongs to; "" when `refund_id`
/// is not one.
std::string payment_id_of_refund(const std::string& refund_id);

/// The commerce payment properties of a canonical payment written from another system, with its
/// unique value `source_id` ("<system>/<connection>/<id>"). Throws TranslationError.
nlohmann::json payment_properties(const nlohmann::json& canonical, const std::string& source_system,
                                  const std::string& source_record_id, const std::string& source_id);

}  // namespace ledgersync::connectors::hubspot
