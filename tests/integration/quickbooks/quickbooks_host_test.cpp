// The whole host (app::HostRuntime: config, plugins, SQLite store, encrypted state, HTTP
// service, sync bus, webhook endpoint) with the QuickBooks plugin against the sandbox.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <ledgersync/sdk.hpp>

#include "bus_scenario.hpp"
#include "http_request.hpp"
#include "qbo_sandbox.hpp"
#include "services/secret_box.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::QboSandbox;

using testing::BusScenario;
using testing::envelope;

/// The host with the QuickBooks plugin against the sandbox, and two ledgers: src (polled every
/// second) and dst (a target only).
class HostWithQuickBooks : public BusScenario {
public:
    explicit HostWithQuickBooks(const QboSandbox& sandbox, const json& qbo_extra = json::object()) {
        services::SecretBox::generate_key_file(path("secret.key"));
        config()["plugins"]["paths"].push_back(LEDGERSYNC_BUILD_PLUGIN_DIR);
        config()["bus"]["workers"] = 2;
        config()["secrets"] = {{"key_file", path("secret.key").string()}};
        config()["connections"]["qbo"] = {
            {"plugin", "quickbooks"}, {"poll_interval_seconds", 3600}, {"config", sandbox.connector_config(qbo_extra)}};
        add_ledger("src");
        add_ledger("dst");
        config()["connections"]["dst"]["poll_interval_seconds"] = 3600;
    }

    void route(const std::string& name, const std::string& from, const std::string& to) {
        add_route({{"name", name}, {"from", from}, {"to", to}});
    }
    std::string metrics() const { return testing::http_request("GET", url() + "/metrics").body; }
};

json find_by(const QboSandbox& sandbox, const std::string& entity, const std::string& member, const std::string& value) {
    for (const auto& e : sandbox.entities(entity)) {
        if (e.value(member, "") == value) return e;
    }
    return nullptr;
}

json invoice_body(const std::string& memo, const std::string& status = "open") {
    return {{"number", "BUS-1"}, {"status", status}, {"currency", "USD"}, {"issue_date", "2026-11-20"}, {"memo", memo},
            {"customer", {{"type", "customer"}, {"id", "C1"}}},
            {"lines", json::array({{{"kind", "item"}, {"product", {{"type", "product"}, {"id", "P1"}}}, {"quantity", "3"},
                                    {"unit_price", "33.333"}, {"amount", "100.00"}}})},
            {"totals", {{"subtotal", "100.00"}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", "100.00"}, {"amount_paid", "0.00"},
                        {"balance_due", "100.00"}}},
            {"source_system", "ledger"}, {"updated_at", "2026-11-20T10:00:00Z"}};
}

TEST(QuickBooksHost, the_bus_creates_updates_and_voids_an_invoice_with_its_customer_and_item) {
    QboSandbox sandbox;
    sandbox.use_custom_transaction_numbers();  // the invoice is found by its number
    HostWithQuickBooks host(sandbox, {{"mapping", {{"income_account_id", "1"}}}});
    host.route("customers", "src.customer", "qbo.customer");
    host.route("products", "src.product", "qbo.product");
    host.route("invoices", "src.invoice", "qbo.invoice");
    const json invoice_links = json::array({{{"rel", "customer"}, {"type", "customer"}, {"id", "C1"}, {"path", "/customer"}},
                                            {{"rel", "product"}, {"type", "product"}, {"id", "P1"}, {"path", "/lines/0/product"}}});
    // The invoice comes first: the bus holds it until its customer and item are in QuickBooks.
    host.append("src", {envelope("invoice", "I1", "1", invoice_body("first"), invoice_links),
                        envelope("customer", "C1", "1", {{"display_name", "Bus Customer"}, {"email", "bus@example.com"}}),
                        envelope("product", "P1", "1", {{"name", "Bus Service"}, {"type", "service"}})});
    host.start();

    json invoice;
    ASSERT_TRUE(BusScenario::eventually([&] { return !(invoice = find_by(sandbox, "Invoice", "DocNumber", "BUS-1")).is_null(); })) << host.log();
    const json customer = find_by(sandbox, "Customer", "DisplayName", "Bus Customer");
    const json item = find_by(sandbox, "Item", "Name", "Bus Service");
    ASSERT_FALSE(customer.is_null());
    ASSERT_FALSE(item.is_null());
    EXPECT_EQ(invoice["CustomerRef"]["value"], customer["Id"]);
    EXPECT_EQ(invoice["Line"][0]["SalesItemLineDetail"]["ItemRef"]["value"], item["Id"]);
    EXPECT_EQ(sdk::Decimal::from_json(invoice["TotalAmt"]), sdk::Decimal::parse("100.00"));
    EXPECT_EQ(sdk::Decimal::from_json(invoice["Line"][0]["SalesItemLineDetail"]["UnitPrice"]), sdk::Decimal::parse("33.333"));

    host.append("src", {envelope("invoice", "I1", "2", invoice_body("second"), invoice_links)});
    ASSERT_TRUE(BusScenario::eventually([&] {
        const json now = find_by(sandbox, "Invoice", "DocNumber", "BUS-1");
        return !now.is_null() && now.contains("CustomerMemo") && now["CustomerMemo"].value("value", "") == "second";
    })) << host.log();

    host.append("src", {envelope("invoice", "I1", "3", invoice_body("second", "voided"), invoice_links)});
    ASSERT_TRUE(BusScenario::eventually([&] {
        const json now = find_by(sandbox, "Invoice", "DocNumber", "BUS-1");
        return !now.is_null() && now.value("PrivateNote", "").rfind("Voided", 0) == 0;
    })) << host.log();
    int copies = 0;
    for (const auto& e : sandbox.entities("Invoice")) copies += e.value("DocNumber", "") == "BUS-1" ? 1 : 0;
    EXPECT_EQ(copies, 1);
}

TEST(QuickBooksHost, webhooks_signed_by_quickbooks_in_both_formats_bring_their_entities_in) {
    QboSandbox sandbox;
    HostWithQuickBooks host(sandbox, {{"webhook_verifier_token", "verifier-of-the-test-app"}});
    host.route("customers", "qbo.customer", "dst.customer");
    host.start();

    for (const std::string format : {"legacy", "cloudevents"}) {
        sandbox.control("POST", "/__sandbox/qbo/webhooks",
                        {{"urls", {host.url() + "/webhooks/qbo"}}, {"format", format}, {"verifier_token", "verifier-of-the-test-app"},
                         {"retry_delays_ms", {200, 500, 1000}}});
        const std::string name = "Webhook Customer " + format;
        const auto [status, created] = sandbox.api("POST", "customer", json{{"DisplayName", name}}.dump());
        ASSERT_EQ(status, 200) << created.dump();
        ASSERT_TRUE(BusScenario::eventually([&] {
            for (const auto& r : host.applied("dst", "customer")) {
                if (r.dump().find(name) != std::string::npos) return true;
            }
            return false;
        })) << format << "\n" << host.log() << "\n" << sandbox.control("GET", "/__sandbox/qbo/webhooks").dump();
    }
    const std::string metrics = host.metrics();
    EXPECT_NE(metrics.find("ledgersync_plugin_qbo_webhooks_total"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("format=\"cloudevents\""), std::string::npos) << metrics;
}

TEST(QuickBooksHost, a_webhook_with_a_wrong_signature_is_rejected_and_the_test_vector_verifies) {
    QboSandbox sandbox;
    std::ifstream vector_file(std::string(LEDGERSYNC_SHARED_DIR) + "/specs/qbo/samples/webhooks/signature_test_vector.json");
    std::stringstream vector_text;
    vector_text << vector_file.rdbuf();
    const json vector = json::parse(vector_text.str());
    std::ifstream payload_file(std::string(LEDGERSYNC_SHARED_DIR) + "/specs/qbo/samples/webhooks/" +
                                   vector["payload_file"].get<std::string>(),
                               std::ios::binary);
    std::stringstream payload;
    payload << payload_file.rdbuf();

    HostWithQuickBooks host(sandbox, {{"webhook_verifier_token", vector["verifier_token"]}});
    host.route("customers", "qbo.customer", "dst.customer");
    host.start();
    const std::string url = host.url() + "/webhooks/qbo";
    const std::string signature = vector["expected_signature"];

    const auto good = testing::http_request("POST", url, payload.str(),
                                            {{"intuit-signature", signature}, {"Content-Type", "application/json; charset=utf-8"}});
    EXPECT_EQ(good.status, 200) << good.body;

    // Every delivery is stored and acknowledged before the connector verifies it: a forger gets
    // the same 200 as Intuit, and the host rejects, logs and counts the forgery afterwards.
    std::string tampered = payload.str();
    tampered.replace(tampered.find("\"43\""), 4, "\"44\"");
    const auto altered_body = testing::http_request("POST", url, tampered, {{"intuit-signature", signature}});
    EXPECT_EQ(altered_body.status, 200) << altered_body.body;

    std::string wrong = signature;
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    const auto wrong_signature = testing::http_request("POST", url, payload.str(), {{"intuit-signature", wrong}});
    EXPECT_EQ(wrong_signature.status, 200);
    const auto unsigned_delivery = testing::http_request("POST", url, payload.str());
    EXPECT_EQ(unsigned_delivery.status, 200);

    ASSERT_TRUE(BusScenario::eventually([&] {
        return host.metrics().find("ledgersync_webhook_deliveries_total{connection=\"qbo\",result=\"rejected\"} 3") !=
               std::string::npos;
    })) << host.metrics() << host.log();
    const std::string metrics = host.metrics();
    EXPECT_NE(metrics.find("ledgersync_plugin_qbo_webhooks_rejected_total"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("reason=\"signature\"} 3"), std::string::npos) << metrics;
    EXPECT_NE(host.log().find("intuit-signature does not match the body"), std::string::npos) << host.log();
    EXPECT_NE(metrics.find("ledgersync_webhook_deliveries_total{connection=\"qbo\",result=\"ingested\"} 1"),
              std::string::npos) << metrics;
}

}  // namespace
}  // namespace ledgersync
