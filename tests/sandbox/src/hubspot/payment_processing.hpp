#pragma once
/// What HubSpot's own payment processing (HubSpot payments, or a connected Stripe account) does
/// to commerce payments, which the public API cannot: a buyer paying an invoice records a
/// succeeded payment with the processing fee (hs_fees_amount) and the platform fee
/// (hs_platform_fee, read-only through the API), associated with the invoice and marked as made
/// through it (hs_payment_source_app INVOICE, hs_payment_source_id the invoice's id, both
/// read-only); a refund made in HubSpot raises hs_refunds_amount (its history keeps each refund)
/// and moves hs_latest_status to partially_refunded, refunded, or processing_refund while it
/// settles. The control plane serves them (README, "Control plane"); changes publish webhooks
/// like API writes.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hubspot/crm_writer.hpp"

namespace ledgersync::sandbox::hubspot {

/// A buyer's payment of `invoice_id` through the processor: {"invoice_id", "amount",
/// "fees_amount"?, "platform_fee"?, "method"? (card), "processor"? (hs_payments | byo_stripe),
/// "reference_number"? (hs_reference_number: with byo_stripe, the Stripe charge id)}.
/// Returns {"id"}. Throws HubSpotError or std::invalid_argument.
nlohmann::json process_invoice_payment(CrmWriter& writer, const nlohmann::json& request);

/// A refund of processed payment `payment_id`: {"amount", "settled"? (true; false leaves it in
/// processing_refund)}. Returns the payment's refund state. Throws HubSpotError or
/// std::invalid_argument.
nlohmann::json refund_processed_payment(CrmWriter& writer, const std::string& payment_id, const nlohmann::json& request);

}  // namespace ledgersync::sandbox::hubspot
