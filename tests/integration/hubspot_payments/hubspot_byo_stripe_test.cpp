// The byo_stripe rule end to end (docs/connectors/hubspot_payments.md, "Payments processed
// through your own Stripe account"): a buyer pays through HubSpot with the customer's own
// Stripe account, so the HubSpot sandbox holds a commerce payment (hs_processor_type byo_stripe,
// hs_reference_number = the charge) and the Stripe sandbox the charge. The host runs in this
// process with a hubspot_payments connection, a Stripe connection and a ledger target, each
// payment connection routed into the ledger as the docs say. The money is booked once, from
// Stripe; the HubSpot copy is in the store, filtered with its reason on its timeline.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "bus_scenario.hpp"
#include "services/secret_box.hpp"
#include "hubspot_sandbox.hpp"
#include "stripe_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using sandbox::testing::StripeSandbox;
using testing::BusScenario;
using testing::HubSpotSandbox;

/// The two payment routes of docs/connectors/hubspot_payments.md into ledger `books`.
void route_payments_into(BusScenario& host) {
    host.add_route({{"name", "stripe-payments"}, {"from", "stripe.payment"}, {"to", "books.payment"}});
    host.add_route({{"name", "hubspot-payments"},
                    {"from", "hubspot_payments.payment"},
                    {"when", {{"ne", {"source", "stripe"}}}},
                    {"to", "books.payment"}});
}

TEST(HubSpotPaymentsByoStripe, a_byo_stripe_payment_seen_in_both_sources_is_booked_once_from_stripe_and_the_hubspot_copy_says_why) {
    HubSpotSandbox hubspot;
    const json seeded = hubspot.seed({{"defaults", true}});
    const std::string portal = seeded.at("portal_id");
    const std::string invoice = seeded.at("created").at("invoices_by_status").at("open").at(0);
    StripeSandbox stripe;

    // The buyer pays 120.00 of the invoice through HubSpot, processed by the customer's Stripe:
    // the charge in Stripe, and HubSpot's payment naming it.
    const json intent = stripe.pay(12000, "usd");
    const std::string charge = intent.at("latest_charge").at("id");
    const std::string byo = hubspot
                                .control("POST", "/__sandbox/hubspot/accounts/" + portal + "/payments",
                                         {{"invoice_id", invoice}, {"amount", "120.00"}, {"processor", "byo_stripe"}, {"reference_number", charge}})
                                .at("id");
    // A payment recorded by hand in HubSpot, applied to no invoice: this connection books it.
    const std::string manual = hubspot
                                   .api("POST", "/crm/v3/objects/commerce_payments",
                                        {{"properties",
                                          {{"hs_initial_amount", "30.00"}, {"hs_currency_code", "USD"}, {"hs_initiated_date", "1795564800000"},
                                           {"hs_latest_status", "succeeded"}, {"hs_processor_type", "none"}}}},
                                        portal)
                                   .at("id");

    BusScenario host;
    host.config()["plugins"]["paths"].push_back(LEDGERSYNC_BUILD_PLUGIN_DIR);
    // The Stripe connector keeps its credentials encrypted in the host's state.
    services::SecretBox::generate_key_file(host.path("secret.key"));
    host.config()["secrets"] = {{"key_file", host.path("secret.key").string()}};
    host.add_ledger("books");
    host.config()["connections"]["hubspot_payments"] = {
        {"plugin", "hubspot_payments"}, {"poll_interval_seconds", 1}, {"config", hubspot.private_app_config(portal)}};
    host.config()["connections"]["stripe"] = {
        {"plugin", "stripe"},
        {"poll_interval_seconds", 1},
        {"config", {{"api_key", StripeSandbox::kTestKey}, {"environment", {{"base_url", stripe.url()}}}}}};
    route_payments_into(host);
    host.start();

    const store::ObjectKey hubspot_copy{"hubspot_payments", "payment", byo};
    const auto has_entry = [&](const store::ObjectKey& object, const std::string& kind) {
        for (const auto& entry : host.timeline(object)) {
            if (entry.event == kind) return true;
        }
        return false;
    };
    ASSERT_TRUE(BusScenario::eventually(
        [&] { return host.applied("books", "payment").size() >= 2 && has_entry(hubspot_copy, "filtered") && host.deliveries_settled(); },
        std::chrono::seconds(90)))
        << host.log();
    // Give a second booking every chance to show up: a further poll of both connections.
    std::this_thread::sleep_for(std::chrono::seconds(3));
    ASSERT_TRUE(BusScenario::eventually([&] { return host.deliveries_settled(); })) << host.log();

    const auto booked = host.applied("books", "payment");
    ASSERT_EQ(booked.size(), 2u) << host.log();  // the Stripe charge and the manual payment, nothing else
    int from_stripe = 0;
    int manual_booked = 0;
    for (const auto& receipt : booked) {
        const json& body = receipt.at("record").at("body");
        if (body.at("processor_ids").value("stripe_charge", "") == charge) {
            ++from_stripe;
            EXPECT_EQ(receipt.at("record").at("identity").at("connection"), "stripe");
            EXPECT_EQ(sdk::Decimal::parse(body.at("amount").get<std::string>()), sdk::Decimal::parse("120.00"));
        }
        if (body.at("processor_ids").value("hubspot_payment", "") == manual) ++manual_booked;
        EXPECT_NE(body.at("processor_ids").value("hubspot_payment", ""), byo) << receipt.dump();
    }
    EXPECT_EQ(from_stripe, 1);
    EXPECT_EQ(manual_booked, 1);

    // The HubSpot copy is kept, with the invoice it pays, and its timeline says why it was not routed.
    std::string why;
    for (const auto& entry : host.timeline(hubspot_copy)) {
        if (entry.event == "filtered") why = entry.detail;
    }
    EXPECT_NE(why.find("source is \"stripe\""), std::string::npos) << why;
    EXPECT_FALSE(has_entry(hubspot_copy, "routed")) << host.log();
}

}  // namespace
}  // namespace ledgersync
