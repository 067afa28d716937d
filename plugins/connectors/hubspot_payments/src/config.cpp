#include "config.hpp"

#include <ledgersync/sdk/config_reader.hpp>

#include "qbo_link.hpp"

namespace ledgersync::connectors::hubspot {

HubSpotPaymentsConfig HubSpotPaymentsConfig::parse(const nlohmann::json& config) {
    sdk::ConfigProblems problems;
    sdk::ConfigReader cfg(config, problems);
    HubSpotPaymentsConfig c;
    HubSpotConnectionConfig::read(cfg, c);
    c.payments.customer_from = cfg.one_of("customer_from", c.payments.customer_from, {"contact", "company"},
                                          "which association of a payment is its customer");
    c.payments.byo_stripe_booked_by =
        cfg.enumeration("byo_stripe_booked_by", c.payments.byo_stripe_booked_by,
                        {{"stripe", ByoStripeBooking::stripe}, {"hubspot_payments", ByoStripeBooking::hubspot_payments}},
                        "which connection's records book the payments HubSpot processed through your own Stripe account: "
                        "\"stripe\" (a Stripe connection of that account) or \"hubspot_payments\" (this one, when no Stripe "
                        "connection reads that account)");
    c.qbo_payment_link = read_qbo_link(cfg, "qbo_payment_link", kQboPaymentLink, "QuickBooks payment");
    cfg.finish();
    problems.throw_if_any();
    return c;
}

}  // namespace ledgersync::connectors::hubspot
