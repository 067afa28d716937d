#pragma once
/// The hubspot_payments connector's configuration (docs/connectors/hubspot_payments.md,
/// "Configuration"): the connection's keys (hubspot_common's connection_config.hpp) and the
/// connector's own, read strictly with sdk::ConfigReader: every problem is reported at its
/// path, unknown keys are refused.

#include <string>

#include <nlohmann/json.hpp>

#include "connection_config.hpp"

namespace ledgersync::connectors::hubspot {

/// Which connection's records book a commerce payment HubSpot processed through the customer's
/// own Stripe account (hs_processor_type byo_stripe): the same money is in that Stripe account,
/// so only one of the two may reach the books.
enum class ByoStripeBooking {
    /// A Stripe connection of that account books it (its balance transaction has the exact
    /// fees and the payout): this connection hands the payment out with source "stripe", which
    /// its routes filter out, and not its refunds (the default).
    stripe,
    /// This connection books it (no Stripe connection reads that account): the payment has
    /// source "hubspot_payments" and its refunds are handed out.
    hubspot_payments,
};

/// How commerce payments translate: which association is the customer, and the byo_stripe rule.
struct PaymentSettings {
    /// "contact" or "company".
    std::string customer_from = "contact";
    ByoStripeBooking byo_stripe_booked_by = ByoStripeBooking::stripe;
};

/// The default of qbo_payment_link: a payment in QuickBooks Online's (production) web app.
inline constexpr const char* kQboPaymentLink = "https://app.qbo.intuit.com/app/recvpayment?txnId={id}";

struct HubSpotPaymentsConfig : HubSpotConnectionConfig {
    PaymentSettings payments;
    /// The link a payment written from QuickBooks carries in ledgersync_qbo_link: {id} becomes
    /// the QuickBooks payment's id.
    std::string qbo_payment_link = kQboPaymentLink;

    /// Reads and checks a configuration; throws sdk::Error (fatal) listing every problem.
    static HubSpotPaymentsConfig parse(const nlohmann::json& config);
};

}  // namespace ledgersync::connectors::hubspot
