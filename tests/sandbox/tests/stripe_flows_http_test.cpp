// The other flows a connector meets, over real HTTP: manual capture (partial), cancel, direct
// charges, a refund that fails, webhook endpoints through the API, deleted customers, the
// 30-day window of /v1/events.

#include <gtest/gtest.h>

#include "stripe_sandbox.hpp"

namespace ledgersync::sandbox::testing {
namespace {

TEST(StripeFlows, manual_capture_settles_only_the_captured_amount) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/stripe/fees", {{"percent", "2.9"}, {"fixed", 30}});
    const auto intent = stripe.post("/v1/payment_intents", {{"amount", "10000"},
                                                            {"currency", "usd"},
                                                            {"capture_method", "manual"},
                                                            {"payment_method", "pm_card_visa"},
                                                            {"confirm", "true"}});
    ASSERT_EQ(intent.json["status"], "requires_capture");
    EXPECT_EQ(intent.json["amount_capturable"], 10000);
    const std::string charge = intent.json["latest_charge"];
    EXPECT_TRUE(stripe.get("/v1/charges/" + charge).json["balance_transaction"].is_null());
    const auto captured = stripe.post("/v1/payment_intents/" + intent.json["id"].get<std::string>() + "/capture",
                                      {{"amount_to_capture", "6000"}, {"expand[]", "latest_charge.balance_transaction"}});
    ASSERT_EQ(captured.status, 200) << captured.body;
    EXPECT_EQ(captured.json["status"], "succeeded");
    EXPECT_EQ(captured.json["amount_received"], 6000);
    const auto& c = captured.json["latest_charge"];
    EXPECT_EQ(c["amount_captured"], 6000);
    EXPECT_EQ(c["amount_refunded"], 4000);
    EXPECT_EQ(c["balance_transaction"]["amount"], 6000);
    EXPECT_EQ(c["balance_transaction"]["fee"], 174 + 30);
    const auto again = stripe.post("/v1/charges/" + charge + "/capture");
    EXPECT_EQ(again.status, 400);
}

TEST(StripeFlows, a_canceled_intent_cannot_be_confirmed) {
    StripeSandbox stripe;
    const auto intent = stripe.post("/v1/payment_intents", {{"amount", "500"}, {"currency", "usd"}});
    EXPECT_EQ(intent.json["status"], "requires_payment_method");
    const std::string id = intent.json["id"];
    const auto canceled = stripe.post("/v1/payment_intents/" + id + "/cancel", {{"cancellation_reason", "abandoned"}});
    EXPECT_EQ(canceled.json["status"], "canceled");
    const auto confirm = stripe.post("/v1/payment_intents/" + id + "/confirm", {{"payment_method", "pm_card_visa"}});
    EXPECT_EQ(confirm.status, 400);
    EXPECT_EQ(stripe.get("/v1/charges").json["data"].size(), 0u);
}

TEST(StripeFlows, a_direct_charge_of_a_token_records_its_balance_transaction) {
    StripeSandbox stripe;
    const auto charge = stripe.post("/v1/charges", {{"amount", "2500"},
                                                    {"currency", "usd"},
                                                    {"source", "tok_mastercard"},
                                                    {"description", "Invoice 7"},
                                                    {"expand[]", "balance_transaction"}});
    ASSERT_EQ(charge.status, 200) << charge.body;
    EXPECT_TRUE(charge.json["payment_intent"].is_null());
    EXPECT_EQ(charge.json["payment_method_details"]["card"]["brand"], "mastercard");
    EXPECT_EQ(charge.json["balance_transaction"]["description"], "Invoice 7");
    const auto missing = stripe.post("/v1/charges", {{"amount", "2500"}, {"currency", "usd"}});
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.json["error"]["param"], "source");
}

TEST(StripeFlows, a_failed_refund_gives_the_money_back_through_a_refund_failure) {
    StripeSandbox stripe;
    const std::string charge = stripe.pay(3000).at("latest_charge").at("id");
    const std::string refund = stripe.post("/v1/refunds", {{"charge", charge}}).json["id"];
    const auto failed = stripe.control("POST", "/__sandbox/stripe/refunds/" + refund + "/fail",
                                       {{"failure_reason", "expired_or_canceled_card"}});
    EXPECT_EQ(failed["status"], "failed");
    const auto bt = stripe.get("/v1/balance_transactions/" + failed["failure_balance_transaction"].get<std::string>());
    EXPECT_EQ(bt.json["type"], "refund_failure");
    EXPECT_EQ(bt.json["amount"], 3000);
    const auto after = stripe.get("/v1/charges/" + charge);
    EXPECT_EQ(after.json["amount_refunded"], 0);
    EXPECT_EQ(after.json["refunded"], false);
    EXPECT_EQ(stripe.get("/v1/events?type=refund.updated").json["data"].size(), 1u);
}

TEST(StripeFlows, webhook_endpoints_show_their_secret_only_on_create) {
    StripeSandbox stripe;
    const auto created = stripe.post("/v1/webhook_endpoints", {{"url", "http://127.0.0.1:9/hook"},
                                                               {"enabled_events[]", "charge.succeeded"},
                                                               {"enabled_events[]", "payout.paid"}});
    ASSERT_EQ(created.status, 200) << created.body;
    EXPECT_EQ(created.json["secret"].get<std::string>().rfind("whsec_", 0), 0u);
    const std::string id = created.json["id"];
    EXPECT_FALSE(stripe.get("/v1/webhook_endpoints/" + id).json.contains("secret"));
    EXPECT_FALSE(stripe.get("/v1/webhook_endpoints").json["data"][0].contains("secret"));
    const auto disabled = stripe.post("/v1/webhook_endpoints/" + id, {{"disabled", "true"}});
    EXPECT_EQ(disabled.json["status"], "disabled");
    EXPECT_EQ(stripe.del("/v1/webhook_endpoints/" + id).json["deleted"], true);
    EXPECT_EQ(stripe.get("/v1/webhook_endpoints/" + id).status, 404);
    // The spec's enum of event types: only "*" is a wildcard there.
    const auto wildcard = stripe.post("/v1/webhook_endpoints", {{"url", "http://127.0.0.1:9/hook"},
                                                                {"enabled_events[]", "payout.*"}});
    EXPECT_EQ(wildcard.status, 400);
    EXPECT_EQ(wildcard.json["error"]["param"], "enabled_events[0]");
    const auto missing = stripe.post("/v1/webhook_endpoints", {{"url", "http://127.0.0.1:9/hook"}});
    EXPECT_EQ(missing.json["error"]["code"], "parameter_missing");
    EXPECT_EQ(missing.json["error"]["param"], "enabled_events");
}

TEST(StripeFlows, a_deleted_customer_is_gone_and_says_so) {
    StripeSandbox stripe;
    const std::string id = stripe.post("/v1/customers", {{"email", "gone@example.com"}}).json["id"];
    const auto deleted = stripe.del("/v1/customers/" + id);
    EXPECT_EQ(deleted.json, (nlohmann::json{{"id", id}, {"object", "customer"}, {"deleted", true}}));
    EXPECT_EQ(stripe.get("/v1/customers/" + id).status, 404);
    EXPECT_EQ(stripe.get("/v1/events?type=customer.deleted").json["data"].size(), 1u);
}

TEST(StripeFlows, events_are_listed_for_thirty_days) {
    StripeSandbox stripe;
    stripe.post("/v1/customers");
    EXPECT_EQ(stripe.get("/v1/events").json["data"].size(), 1u);
    stripe.control("POST", "/__sandbox/stripe/clock", {{"advance_days", 31}});
    EXPECT_EQ(stripe.get("/v1/events").json["data"].size(), 0u);
}

TEST(StripeFlows, an_event_older_than_thirty_days_is_gone_by_id_and_as_a_list_cursor) {
    StripeSandbox stripe;
    stripe.post("/v1/customers");
    const std::string old = stripe.get("/v1/events").json["data"][0]["id"];
    EXPECT_EQ(stripe.get("/v1/events?ending_before=" + old).status, 200);
    stripe.control("POST", "/__sandbox/stripe/clock", {{"advance_days", 31}});
    stripe.post("/v1/customers");

    const auto by_id = stripe.get("/v1/events/" + old);
    EXPECT_EQ(by_id.status, 404);
    EXPECT_EQ(by_id.json["error"]["code"], "resource_missing");
    const auto after = stripe.get("/v1/events?ending_before=" + old);
    EXPECT_EQ(after.status, 404) << after.body;
    EXPECT_EQ(after.json["error"]["param"], "ending_before");
    EXPECT_EQ(stripe.get("/v1/events?starting_after=" + old).status, 404);
    EXPECT_EQ(stripe.get("/v1/events").json["data"].size(), 1u);  // the newer event stays
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
