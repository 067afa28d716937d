#pragma once
/// Translation of HubSpot commerce payments (object type commerce_payments, 0-101) into
/// canonical payments and refunds (docs/connectors/hubspot_payments.md), and of canonical
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

#include "config.hpp"

namespace ledgersync::connectors::hubspot {

/// The properties the connector reads of a commerce payment.
std::vector<std::string> payment_properties_read();

/// The associations a commerce payment is read with: its invoices, contacts and companies.
const std::vector<std::string>& payment_associations_read();

/// True when the payment has refunds (hs_refunds_amount > 0): its refunds need the history of
/// hs_refunds_amount.
bool has_refunds(const nlohmann::json& payment);

/// A commerce payment as a canonical payment record; `settings` say which association is its
/// customer and, for a byo_stripe payment, its source (the byo_stripe rule: "stripe" when a
/// Stripe connection books it). A byo_stripe payment whose hs_reference_number is a Stripe
/// charge or payment intent id carries it in processor_ids (stripe_charge /
/// stripe_payment_intent), as the Stripe connector's payment does. Throws TranslationError.
sdk::Record payment_record(const nlohmann::json& payment, const PaymentSettings& settings);

/// True when HubSpot processed the payment through the customer's own Stripe account.
bool processed_by_own_stripe(const nlohmann::json& payment);

/// False when a Stripe connection books the payment (byo_stripe, byo_stripe_booked_by stripe):
/// its refunds are then that connection's refunds, and this connector hands none out.
bool refunds_booked_here(const nlohmann::json& payment, const PaymentSettings& settings);

/// The canonical refund records of a commerce payment, oldest first, from the history of
/// hs_refunds_amount in payment["propertiesWithHistory"] (newest first, as HubSpot answers).
/// Throws TranslationError when the history cannot be read as refunds.
std::vector<sdk::Record> refund_records(const nlohmann::json& payment);

/// The id of the payment a refund id ("<payment id>-refund-<n>") belongs to; "" when `refund_id`
/// is not one.
std::string payment_id_of_refund(const std::string& refund_id);

/// The commerce payment properties of a canonical payment written from another system, with its
/// unique value `source_id` ("<system>/<connection>/<id>"); a payment from QuickBooks also links
/// to it in QuickBooks' web app (ledgersync_qbo_link: `qbo_payment_link` with its id). Throws
/// TranslationError.
nlohmann::json payment_properties(const nlohmann::json& canonical, const std::string& source_system,
                                  const std::string& source_record_id, const std::string& source_id,
                                  const std::string& qbo_payment_link);

}  // namespace ledgersync::connectors::hubspot
