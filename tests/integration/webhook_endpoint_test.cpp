// POST /webhooks/<connection> on the real HTTP server of a running host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bus_scenario.hpp"
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
        s_.add_route({{"name", "hooks"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
        s_.config()["server"]["webhook_body_limit_bytes"] = 4096;
        s_.start();
        url_ = s_.runtime().url();
    }
    BusScenario s_;
    std::string url_;
};

TEST_F(WebhookEndpointTest, a_delivery_is_ingested_before_it_is_acknowledged_and_then_delivered) {
    const auto r = testing::http_request("POST", url_ + "/webhooks/src",
                                         envelope("invoice", "W1", "1", testing::canonical_invoice("W-1")).dump(),
                                         {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<store::TimelineEntry> timeline;
    s_.store().read([&](store::StoreTransaction& tx) { timeline = tx.timeline({"src", "invoice", "W1"}, 10); });
    ASSERT_FALSE(timeline.empty());  // stored when the answer came
    EXPECT_EQ(timeline[0].event, "received");
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 1; }));
}

TEST_F(WebhookEndpointTest, a_refused_delivery_gets_401_and_an_unknown_connection_404) {
    const auto refused = testing::http_request("POST", url_ + "/webhooks/src", R"({"no": "identity"})");
    EXPECT_EQ(refused.status, 401);
    EXPECT_THAT(refused.body, HasSubstr("identity"));
    EXPECT_EQ(testing::http_request("POST", url_ + "/webhooks/nobody", "{}").status, 404);
    EXPECT_EQ(testing::http_request("GET", url_ + "/webhooks/src").status, 405);
    EXPECT_EQ(s_.runtime().health()["status"], "ok");
}

TEST_F(WebhookEndpointTest, a_body_over_the_limit_gets_413_and_is_not_read) {
    const std::string big(5000, ' ');
    const auto r = testing::http_request("POST", url_ + "/webhooks/src", "[" + big + "]");
    EXPECT_EQ(r.status, 413);
    EXPECT_THAT(r.body, HasSubstr("webhook_body_limit_bytes"));
}

}  // namespace
}  // namespace ledgersync
