// Sync status through the whole host (HostRuntime, the bus, the real HubSpot plugin and the
// sandbox over HTTP): HubSpot invoices routed to a ledger come back as sync outcomes on a route
// from hubspot.sync_outcome to hubspot.sync_outcome, and the HubSpot invoice shows it synced
// with the id and link of its copy.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "bus_scenario.hpp"
#include "hubspot_sandbox.hpp"
#include "services/secret_box.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::BusScenario;
using testing::HubSpotSandbox;

TEST(HubSpotSyncStatusHost, an_invoice_routed_to_a_ledger_shows_it_synced_with_the_id_and_link_of_its_copy) {
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", true}});
    const std::string portal = seeded.at("portal_id");
    const std::string open = seeded.at("created").at("invoices_by_status").at("open").at(0);
    BusScenario host;
    services::SecretBox::generate_key_file(host.path("secret.key"));
    host.config()["plugins"]["paths"].push_back(LEDGERSYNC_BUILD_PLUGIN_DIR);
    host.config()["secrets"] = {{"key_file", host.path("secret.key").string()}};
    host.config()["connections"]["hubspot"] = {
        {"plugin", "hubspot"},
        {"poll_interval_seconds", 3600},
        {"config", sandbox.private_app_config(portal, {{"qbo_invoice_link", "https://ledger.example/invoices/{id}"}})}};
    host.add_ledger("dst");
    host.config()["connections"]["dst"]["poll_interval_seconds"] = 3600;
    for (const std::string type : {"customer", "product", "invoice"}) {
        host.add_route({{"name", type + "s"}, {"from", "hubspot." + type}, {"to", "dst." + type}});
    }
    host.add_route({{"name", "hubspot-sync-status"}, {"from", "hubspot.sync_outcome"}, {"to", "hubspot.sync_outcome"}});
    host.start();

    json properties;
    ASSERT_TRUE(BusScenario::eventually([&] {
        for (const auto& invoice : sandbox.objects("invoices", portal)) {
            if (invoice.at("id") == open) properties = invoice.at("properties");
        }
        return properties.value("ledgersync_sync_status", "") == "synced";
    })) << properties.dump(2) << "\n" << host.log();
    std::string copy;
    for (const auto& receipt : host.applied("dst", "invoice")) {
        if (receipt.value("source_id", "") == open) copy = receipt.value("target_id", "");
    }
    ASSERT_FALSE(copy.empty());
    EXPECT_EQ(properties["ledgersync_qbo_id"], copy);
    EXPECT_EQ(properties["ledgersync_qbo_link"], "https://ledger.example/invoices/" + copy);
    EXPECT_FALSE(properties.value("ledgersync_last_synced_at", "").empty());
}

}  // namespace
}  // namespace ledgersync
