// POST /webhooks/<connection> on the real HTTP server of a running host: deliveries are stored
// and acknowledged at once, then verified and decoded by the connector off the HTTP thread.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "bus_scenario.hpp"
#include "child_process.hpp"
#include "http_request.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using testing::BusScenario;
using testing::envelope;

class WebhookEndpointTest : public ::testing::Test {
protected:
    void SetUp() override {
        s_.add_ledger("src");
        s_.add_ledger("dst");
        s_.add_ledger("plain");  // takes webhooks, verifies none, and does not allow unsigned ones
        // The ledger test connector verifies no signature: its webhooks are served only because
        // the connection says so.
        s_.config()["connections"]["src"]["webhooks"] = {{"allow_unsigned", true}};
        s_.add_route({{"name", "hooks"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
        s_.config()["server"]["webhook_body_limit_bytes"] = 4096;
        s_.start();
        url_ = s_.runtime().url();
    }

    std::int64_t backlog(const std::string& connection) {
        std::int64_t waiting = 0;
        s_.store().read([&](store::StoreTransaction& tx) { waiting = tx.webhook_backlog(connection); });
        return waiting;
    }
    std::vector<store::TimelineEntry> timeline(const std::string& id) {
        std::vector<store::TimelineEntry> entries;
        s_.store().read([&](store::StoreTransaction& tx) { entries = tx.timeline({"src", "invoice", id}, 10); });
        return entries;
    }

    BusScenario s_;
    std::string url_;
};

TEST_F(WebhookEndpointTest, a_delivery_is_stored_and_acknowledged_before_the_connector_runs_then_delivered) {
    // While the connection is paused its deliveries wait in the inbox: the connector cannot have
    // seen this one when the answer comes.
    s_.store().write([](store::StoreTransaction& tx) { tx.set_pause({"connection", "src", "held by the test", 1}); });
    const auto r = testing::http_request("POST", url_ + "/webhooks/src",
                                         envelope("invoice", "W1", "1", testing::canonical_invoice("W-1")).dump(),
                                         {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body), json({{"accepted", true}}));
    EXPECT_EQ(backlog("src"), 1);  // stored durably when the answer came...
    EXPECT_TRUE(timeline("W1").empty());  // ...and not yet handed to the connector

    s_.store().write([](store::StoreTransaction& tx) { tx.clear_pause("connection", "src"); });
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 1; })) << s_.log();
    EXPECT_EQ(backlog("src"), 0);  // deleted in the transaction that ingested it
    ASSERT_FALSE(timeline("W1").empty());
    EXPECT_EQ(timeline("W1")[0].event, "received");
}

TEST_F(WebhookEndpointTest, a_delivery_the_connector_refuses_is_acknowledged_then_rejected_logged_and_counted) {
    const auto refused = testing::http_request("POST", url_ + "/webhooks/src", R"({"no": "identity"})");
    EXPECT_EQ(refused.status, 200) << "the sender learns nothing from the answer; the host keeps the reason";
    ASSERT_TRUE(BusScenario::eventually([&] {
        return s_.runtime().health()["webhooks"]["src"].value("rejected", 0) == 1;
    })) << s_.log();
    const json health = s_.runtime().health();
    EXPECT_THAT(health["webhooks"]["src"]["last_rejection"]["reason"].get<std::string>(), HasSubstr("identity"));
    EXPECT_EQ(health["webhooks"]["src"]["waiting"], 0);
    EXPECT_THAT(s_.log(), HasSubstr("was rejected, nothing was ingested"));
    const std::string metrics = testing::http_request("GET", url_ + "/metrics").body;
    EXPECT_THAT(metrics, HasSubstr(R"(ledgersync_webhook_deliveries_total{connection="src",result="rejected"} 1)"));
    EXPECT_EQ(health["status"], "ok");
}

TEST_F(WebhookEndpointTest, an_unknown_connection_gets_404_and_the_wrong_method_405) {
    EXPECT_EQ(testing::http_request("POST", url_ + "/webhooks/nobody", "{}").status, 404);
    EXPECT_EQ(testing::http_request("GET", url_ + "/webhooks/src").status, 405);
    EXPECT_EQ(backlog("nobody"), 0);
}

TEST_F(WebhookEndpointTest, a_connector_that_verifies_no_signature_is_not_reachable_unless_the_connection_allows_it) {
    const auto r = testing::http_request("POST", url_ + "/webhooks/plain",
                                         envelope("invoice", "F1", "1", {{"number", "forged"}}).dump());
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(backlog("plain"), 0);
    EXPECT_THAT(s_.log(), HasSubstr("/connections/plain/webhooks/allow_unsigned: POST /webhooks/plain is not served"));
    EXPECT_THAT(s_.log(), HasSubstr("/connections/src/webhooks/allow_unsigned: POST /webhooks/src accepts deliveries "
                                    "without any verification"));

    // `config check` says the same before anything starts.
    const auto check = testing::run_command(LEDGERSYNC_BINARY, {"config", "check", s_.config_file()});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_THAT(check.out, HasSubstr("warning: /connections/src/webhooks/allow_unsigned: POST /webhooks/src accepts"));
    EXPECT_THAT(check.out, HasSubstr("warning: /connections/plain/webhooks/allow_unsigned: POST /webhooks/plain is not served"));
}

// The demo's configuration as scripts/demo.sh assembles it: config/demo.json with the shipped
// routes, its secret files beside it (as the script writes them) and the built plugins.
TEST(DemoConfigurationTest, the_demo_with_the_shipped_routes_passes_config_check_and_serves_no_unsigned_webhooks) {
    testing::TempDir dir;
    const std::string source = LEDGERSYNC_SOURCE_DIR;
    json config = json::parse(testing::read_file(source + "/config/demo.json"));
    config["routes"] = json::parse(testing::read_file(source + "/config/routes/invoice-sync.json")).at("routes");
    config["plugins"]["paths"] = {LEDGERSYNC_BUILD_PLUGIN_DIR};
    const auto file = dir.write("config/demo.json", config.dump(2));
    for (const char* secret : {"hubspot_token", "qbo_client_secret", "qbo_refresh_token"}) {
        const auto path = dir.write(std::string("build/demo/") + secret, "demo-secret");
        std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    }
    const auto keys = testing::run_command(LEDGERSYNC_BINARY, {"keys", "generate", (dir / "build/demo/secret.key").string()});
    ASSERT_EQ(keys.exit_code, 0) << keys.err;

    const auto check = testing::run_command(LEDGERSYNC_BINARY, {"config", "check", file.string()});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_THAT(check.out, ::testing::Not(HasSubstr("accepts deliveries without any verification")));
    EXPECT_THAT(check.out, ::testing::Not(HasSubstr("is not served")));
}

TEST_F(WebhookEndpointTest, a_body_over_the_limit_gets_413_and_is_not_stored) {
    const std::string big(5000, ' ');
    const auto r = testing::http_request("POST", url_ + "/webhooks/src", "[" + big + "]");
    EXPECT_EQ(r.status, 413);
    EXPECT_THAT(r.body, HasSubstr("webhook_body_limit_bytes"));
    EXPECT_EQ(backlog("src"), 0);
}

TEST_F(WebhookEndpointTest, a_full_inbox_turns_deliveries_away_with_503_until_it_drains) {
    s_.stop();
    BusScenario small;
    small.add_ledger("src");
    small.config()["connections"]["src"]["webhooks"] = {{"allow_unsigned", true}};
    small.config()["server"]["webhook_inbox_limit"] = 1;
    small.start();
    small.store().write([](store::StoreTransaction& tx) { tx.set_pause({"connection", "src", "held by the test", 1}); });
    const std::string url = small.url() + "/webhooks/src";
    EXPECT_EQ(testing::http_request("POST", url, envelope("invoice", "Q1", "1", {{"n", 1}}).dump()).status, 200);
    const auto full = testing::http_request("POST", url, envelope("invoice", "Q2", "1", {{"n", 2}}).dump());
    EXPECT_EQ(full.status, 503);
    EXPECT_FALSE(full.headers.at("Retry-After").empty());
    small.store().write([](store::StoreTransaction& tx) { tx.clear_pause("connection", "src"); });
    ASSERT_TRUE(BusScenario::eventually([&] {
        std::int64_t waiting = 1;
        small.store().read([&](store::StoreTransaction& tx) { waiting = tx.webhook_backlog("src"); });
        return waiting == 0;
    }));
    EXPECT_EQ(testing::http_request("POST", url, envelope("invoice", "Q2", "1", {{"n", 2}}).dump()).status, 200);
}

}  // namespace
}  // namespace ledgersync
