// Webhooks through the whole host (HostRuntime: the webhook endpoint, the inbox, the webhook
// processor, the bus) with the HubSpot plugin: deliveries signed by the sandbox bring their
// objects in; forged, old and replayed deliveries are refused, and a valid delivery sent three
// times is ingested once; a change to an invoice's line item or discount brings the invoice in.

#include <gtest/gtest.h>

#include <Poco/Net/ServerSocket.h>

#include <ledgersync/sdk.hpp>

#include "bus_scenario.hpp"
#include "http_request.hpp"
#include "hubspot_sandbox.hpp"
#include "services/secret_box.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::BusScenario;
using testing::HubSpotSandbox;

/// A port free now, for a host that must know its own webhook URL before it starts.
int free_port() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    const int port = socket.address().port();
    socket.close();
    return port;
}

class HostWithHubSpot : public BusScenario {
public:
    explicit HostWithHubSpot(const HubSpotSandbox& sandbox) : port_(free_port()) {
        services::SecretBox::generate_key_file(path("secret.key"));
        config()["server"]["listen"] = "127.0.0.1:" + std::to_string(port_);
        config()["plugins"]["paths"].push_back(LEDGERSYNC_BUILD_PLUGIN_DIR);
        config()["secrets"] = {{"key_file", path("secret.key").string()}};
        config()["connections"]["hubspot"] = {
            {"plugin", "hubspot"},
            {"poll_interval_seconds", 3600},
            {"config", sandbox.private_app_config({}, {{"webhook_secret", sandbox.client_secret()}, {"webhook_target_url", target()}})}};
        add_ledger("dst");
        config()["connections"]["dst"]["poll_interval_seconds"] = 3600;
        add_route({{"name", "products"}, {"from", "hubspot.product"}, {"to", "dst.product"}});
    }
    std::string target() const { return "http://127.0.0.1:" + std::to_string(port_) + "/webhooks/hubspot"; }
    std::string metrics() const { return testing::http_request("GET", url() + "/metrics").body; }
    bool applied_product(const std::string& name) const {
        for (const auto& r : applied("dst", "product")) {
            if (r.dump().find(name) != std::string::npos) return true;
        }
        return false;
    }

private:
    int port_;
};

/// A product created in the default account with the API, as a HubSpot user would; its id.
std::string create_product(const HubSpotSandbox& sandbox, const std::string& name) {
    const auto answer = testing::http_request("POST", sandbox.url() + "/crm/v3/objects/products",
                                              json{{"properties", {{"name", name}, {"price", "12.50"}}}}.dump(),
                                              {{"Authorization", "Bearer " + sandbox.static_token()}, {"Content-Type", "application/json"}});
    EXPECT_EQ(answer.status, 201) << answer.body;
    return json::parse(answer.body).at("id");
}

TEST(HubSpotWebhookHost, deliveries_signed_by_the_sandbox_bring_the_changed_objects_in) {
    HubSpotSandbox sandbox;
    HostWithHubSpot host(sandbox);
    host.start();
    sandbox.control("POST", "/__sandbox/hubspot/webhooks",
                    {{"target_url", host.target()}, {"subscriptions", {{{"eventType", "product.creation"}}}}, {"retry_delays_ms", {200, 500}}});
    create_product(sandbox, "Webhook Widget");
    ASSERT_TRUE(BusScenario::eventually([&] { return host.applied_product("Webhook Widget"); }))
        << host.log() << "\n" << sandbox.control("GET", "/__sandbox/requests?limit=30&api=hubspot").dump(1);
}

TEST(HubSpotWebhookHost, forged_old_and_replayed_deliveries_are_refused_and_a_valid_one_sent_three_times_is_ingested_once) {
    HubSpotSandbox sandbox;
    HostWithHubSpot host(sandbox);
    host.start();
    const std::string product = create_product(sandbox, "Replayed Widget");
    const std::string body = json::array({{{"eventId", 1}, {"subscriptionType", "product.propertyChange"}, {"objectId", std::stoll(product)},
                                           {"propertyName", "price"}, {"propertyValue", "12.50"}, {"occurredAt", 1}}})
                                 .dump();
    auto send = [&](const std::string& secret, std::int64_t timestamp_ms) {
        const std::string timestamp = std::to_string(timestamp_ms);
        const std::string signature = sdk::base64_encode(sdk::hmac_sha256(secret, "POST" + host.target() + body + timestamp));
        const auto answer = testing::http_request("POST", host.target(), body,
                                                  {{"Content-Type", "application/json"}, {"X-HubSpot-Signature-v3", signature},
                                                   {"X-HubSpot-Request-Timestamp", timestamp}});
        EXPECT_EQ(answer.status, 200) << answer.body;  // stored first, verified after
    };
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    send("not-the-app-secret", now);
    send(sandbox.client_secret(), now - 6 * 60 * 1000);
    for (int i = 0; i < 3; ++i) send(sandbox.client_secret(), now);

    const auto has = [&](const std::string& text) { return host.metrics().find(text) != std::string::npos; };
    ASSERT_TRUE(BusScenario::eventually([&] {
        return has("ledgersync_webhook_deliveries_total{connection=\"hubspot\",result=\"rejected\"} 4") &&
               has("ledgersync_webhook_deliveries_total{connection=\"hubspot\",result=\"ingested\"} 1");
    })) << host.metrics() << host.log();
    const std::string metrics = host.metrics();
    EXPECT_NE(metrics.find("reason=\"signature\"} 1"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("reason=\"expired\"} 1"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("reason=\"replay\"} 2"), std::string::npos) << metrics;
    ASSERT_TRUE(BusScenario::eventually([&] { return host.applied_product("Replayed Widget"); })) << host.log();
    int copies = 0;  // the backfill may have read it too: same version, applied once
    for (const auto& r : host.applied("dst", "product")) copies += r.dump().find("Replayed Widget") != std::string::npos ? 1 : 0;
    EXPECT_EQ(copies, 1);
}

/// An open invoice of the sandbox's default content and the id of its first line item.
std::pair<std::string, std::string> open_invoice_with_a_line(const HubSpotSandbox& sandbox) {
    for (const auto& invoice : sandbox.objects("invoices")) {
        if (invoice.at("properties").value("hs_invoice_status", "") != "open") continue;
        const json lines = invoice.value("associations", json::object()).value("line_items", json::array());
        if (!lines.empty()) return {invoice.at("id"), lines.at(0)};
    }
    return {};
}

TEST(HubSpotWebhookHost, a_changed_line_item_or_discount_brings_its_invoice_in_again_even_when_no_amount_moves) {
    HubSpotSandbox sandbox;
    HostWithHubSpot host(sandbox);
    // An invoice is delivered once its customer is there.
    host.add_route({{"name", "customers"}, {"from", "hubspot.customer"}, {"to", "dst.customer"}});
    host.add_route({{"name", "invoices"}, {"from", "hubspot.invoice"}, {"to", "dst.invoice"}});
    const auto [invoice, line] = open_invoice_with_a_line(sandbox);
    ASSERT_FALSE(line.empty()) << sandbox.objects("invoices").dump(2);
    host.start();
    const auto applied_totals = [&] {
        std::vector<std::string> totals;
        for (const auto& r : host.applied("dst", "invoice")) {
            if (r.value("source_id", "") == invoice) totals.push_back(r.dump());
        }
        return totals;
    };
    ASSERT_TRUE(BusScenario::eventually([&] { return applied_totals().size() == 1; })) << host.log();
    // Only the parts are subscribed to: what brings the invoice in again is the connector
    // reading the part's invoice, not an invoice event nor a poll (every hour here).
    sandbox.control("POST", "/__sandbox/hubspot/webhooks",
                    {{"target_url", host.target()},
                     {"subscriptions",
                      {{{"eventType", "object.propertyChange"}, {"objectTypeId", "0-8"}, {"propertyName", "quantity"}},
                       {{"eventType", "object.propertyChange"}, {"objectTypeId", "0-8"}, {"propertyName", "name"}},
                       {{"eventType", "object.creation"}, {"objectTypeId", "0-84"}}}},
                     {"retry_delays_ms", {200, 500}}});
    sandbox.api("PATCH", "/crm/v3/objects/line_items/" + line, {{"properties", {{"quantity", "7"}}}});
    ASSERT_TRUE(BusScenario::eventually([&] { return applied_totals().size() == 2; }))
        << host.log() << "\n" << sandbox.control("GET", "/__sandbox/requests?limit=30&api=hubspot").dump(1);
    EXPECT_NE(applied_totals().back().find("\"quantity\":\"7\""), std::string::npos) << applied_totals().back();

    // A discount created and associated with the invoice: its creation event names the discount.
    const json discount = sandbox.api("POST", "/crm/v3/objects/discounts",
                                      {{"properties", {{"hs_label", "Loyalty"}, {"hs_type", "FIXED"}, {"hs_value", "5"}}},
                                       {"associations",
                                        {{{"to", {{"id", invoice}}},
                                          {"types", {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", 412}}}}}}}});
    ASSERT_TRUE(discount.contains("id")) << discount.dump();
    ASSERT_TRUE(BusScenario::eventually([&] { return applied_totals().size() == 3; })) << host.log();
    EXPECT_NE(applied_totals().back().find("\"discount\":\"5.00\""), std::string::npos) << applied_totals().back();

    // A line renamed moves no amount, so HubSpot leaves the invoice's own date alone: the
    // invoice's version is that of its latest part, and the rename arrives.
    sandbox.api("PATCH", "/crm/v3/objects/line_items/" + line, {{"properties", {{"name", "Renamed line"}}}});
    ASSERT_TRUE(BusScenario::eventually([&] { return applied_totals().size() == 4; })) << host.log();
    EXPECT_NE(applied_totals().back().find("Renamed line"), std::string::npos) << applied_totals().back();
}

}  // namespace
}  // namespace ledgersync
