// What goes on the wire: the client's requests (key, version, budgets, form bodies, idempotency
// keys) and the refund a canonical refund becomes.

#include <gtest/gtest.h>

#include "client.hpp"
#include "read_cursor.hpp"
#include "reader.hpp"
#include "writer.hpp"

namespace ledgersync::connectors::stripe {
namespace {

using nlohmann::json;

// The requests are built without any host call: a host without services is enough.
sdk::HostServices no_host() { return sdk::HostServices(nullptr, nullptr); }

TEST(StripeClientRequests, a_read_is_a_get_on_the_read_budget_with_key_and_version) {
    const auto config = StripeConfig::parse({{"api_key", "sk_test_abc"}, {"environment", {{"base_url", "http://127.0.0.1:9"}}}});
    StripeClient client(no_host(), config);
    const auto request = client.to_http("GET", "/v1/charges", {{"limit", "100"}, {"expand[]", "data.balance_transaction"}}, {});
    EXPECT_EQ(request.method, "GET");
    EXPECT_EQ(request.url, "http://127.0.0.1:9/v1/charges?limit=100&expand%5B%5D=data.balance_transaction");
    EXPECT_EQ(request.header("Authorization"), "Bearer sk_test_abc");
    EXPECT_EQ(request.header("Stripe-Version"), "2023-08-16");
    EXPECT_EQ(request.budget, "read");
    EXPECT_TRUE(request.body.empty());
    EXPECT_EQ(request.timeout, std::chrono::seconds(80));
}

TEST(StripeClientRequests, a_write_is_a_form_post_on_the_write_budget_with_the_idempotency_key) {
    const auto config = StripeConfig::parse({{"api_key", "sk_test_abc"}, {"stripe_version", "2024-06-20"}});
    StripeClient client(no_host(), config);
    const auto request = client.to_http("POST", "/v1/refunds", {{"charge", "ch_1"}, {"metadata[memo]", "a b&c"}}, "key-1");
    EXPECT_EQ(request.url, "https://api.stripe.com/v1/refunds");
    EXPECT_EQ(request.body, "charge=ch_1&metadata%5Bmemo%5D=a+b%26c");
    EXPECT_EQ(request.header("Content-Type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(request.header("Idempotency-Key"), "key-1");
    EXPECT_EQ(request.header("Stripe-Version"), "2024-06-20");
    EXPECT_EQ(request.budget, "write");
}

sdk::WriteItem refund_item(const json& body, const std::string& payment_target) {
    sdk::WriteItem item;
    item.idempotency_key = "0123456789abcdef0123456789abcdef";
    item.operation = "create";
    item.record.identity = {"hubspot_payments", "hs", "refund", "r-1"};
    item.record.schema = "ledgersync.refund";
    item.record.body = body;
    item.record.links = {{"payment", "payment", body.at("payment").at("id"), "/payment", payment_target}};
    return item;
}

json refund_body(const std::string& amount, const std::string& currency = "USD", const std::string& reason = "requested_by_customer") {
    return {{"amount", amount}, {"currency", currency}, {"reason", reason}, {"status", "succeeded"},
            {"payment", {{"type", "payment"}, {"id", "p-1"}}}, {"date", "2026-12-05"}};
}

TEST(StripeRefundWrite, a_refund_of_a_linked_charge_names_it_and_the_amount_in_minor_units) {
    const auto parameters = Writer::refund_parameters(refund_item(refund_body("25.50"), "ch_123"));
    EXPECT_EQ(parameters, (StripeParameters{{"charge", "ch_123"}, {"amount", "2550"}, {"reason", "requested_by_customer"},
                                            {"metadata[ledgersync_source]", "hs/refund/r-1"}}));
}

TEST(StripeRefundWrite, a_payment_intent_target_and_a_zero_decimal_currency) {
    const auto parameters = Writer::refund_parameters(refund_item(refund_body("500", "JPY", "other"), "pi_9"));
    EXPECT_EQ(parameters.at(0), (std::pair<std::string, std::string>{"payment_intent", "pi_9"}));
    EXPECT_EQ(parameters.at(1), (std::pair<std::string, std::string>{"amount", "500"}));
    EXPECT_EQ(parameters.at(2).first, "metadata[ledgersync_source]");  // no reason for "other"
}

TEST(StripeRefundWrite, an_unlinked_payment_is_a_data_failure_saying_what_to_do) {
    try {
        Writer::refund_parameters(refund_item(refund_body("25.50"), ""));
        FAIL() << "an unlinked payment was accepted";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::data);
        EXPECT_NE(e.outcome().reason.find("payment p-1, which is not linked to a Stripe charge"), std::string::npos);
        EXPECT_FALSE(e.outcome().fix_hint.empty());
    }
}

TEST(StripeRefundWrite, other_types_and_deletes_are_refused_per_item_without_calls) {
    const auto config = StripeConfig::parse({{"api_key", "sk_test_abc"}});
    StripeClient client(no_host(), config);
    Writer writer(client);
    sdk::WriteItem invoice = refund_item(refund_body("1.00"), "ch_1");
    invoice.record.identity.type = "invoice";
    sdk::WriteItem deletion = refund_item(refund_body("1.00"), "ch_1");
    deletion.operation = "delete";
    sdk::WriteItem linked = refund_item(refund_body("1.00"), "ch_1");
    linked.target_id = "re_1";
    const auto outcomes = writer.write({invoice, deletion, linked});
    ASSERT_EQ(outcomes.size(), 3u);
    EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::data);
    EXPECT_EQ(outcomes[1].kind, sdk::OutcomeClass::data);
    EXPECT_EQ(outcomes[2].kind, sdk::OutcomeClass::ok);
    EXPECT_EQ(outcomes[2].target_id, "re_1");
}

TEST(StripeReadCursor, survives_a_round_trip_and_refuses_foreign_text) {
    ReadCursor cursor;
    cursor.phase = ReadCursor::Phase::events;
    cursor.anchor = "evt_1";
    cursor.started_at = 1700000000;
    cursor.anchored = true;
    cursor.created_gte = 1600000000;
    const auto again = ReadCursor::parse(cursor.to_text());
    EXPECT_EQ(again.phase, ReadCursor::Phase::events);
    EXPECT_EQ(again.anchor, "evt_1");
    EXPECT_EQ(again.started_at, 1700000000);
    EXPECT_EQ(again.created_gte, 1600000000);
    EXPECT_THROW(ReadCursor::parse("2026-01-01T00:00:00Z"), sdk::Error);
}

TEST(StripeEvents, each_object_of_the_stream_is_read_once_per_page_in_event_order) {
    const json events = json::array({
        {{"id", "evt_1"}, {"data", {{"object", {{"id", "ch_b"}, {"object", "charge"}}}}}},
        {{"id", "evt_2"}, {"data", {{"object", {{"id", "re_1"}, {"object", "refund"}}}}}},
        {{"id", "evt_3"}, {"data", {{"object", {{"id", "ch_a"}, {"object", "charge"}}}}}},
        {{"id", "evt_4"}, {"data", {{"object", {{"id", "ch_b"}, {"object", "charge"}}}}}},
    });
    EXPECT_EQ(Reader::objects_named(*find_stream("payment"), events), (std::vector<std::string>{"ch_b", "ch_a"}));
    EXPECT_EQ(Reader::objects_named(*find_stream("refund"), events), (std::vector<std::string>{"re_1"}));
    EXPECT_LE(find_stream("payment")->event_types.size(), 20u);
}

}  // namespace
}  // namespace ledgersync::connectors::stripe
