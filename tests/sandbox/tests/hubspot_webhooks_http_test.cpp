// Webhooks v3: creation, property change, deletion and association change events, POSTed as
// arrays of at most 100 with X-HubSpot-Signature-v3 checked against an independent OpenSSL
// computation; retries on non-2xx with attemptNumber; duplicate and out-of-order modes.

#include <chrono>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "support/hubspot_client.hpp"
#include "support/openssl_reference.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "ledgersync-hubspot-secret";

class HubSpotWebhooksHttp : public ::testing::Test {
protected:
    void subscribe(const WebhookReceiver& receiver,
                   nlohmann::json extra = nlohmann::json::object()) {
        nlohmann::json config = {
            {"target_url", receiver.url()},
            {"retry_delays_ms", {50, 50, 50}},
            {"subscriptions",
             {{{"eventType", "object.creation"}, {"objectTypeId", "0-53"}},
              {{"eventType", "object.propertyChange"},
               {"objectTypeId", "0-53"},
               {"propertyName", "hs_invoice_status"}},
              {{"eventType", "object.deletion"}, {"objectTypeId", "0-53"}},
              {{"eventType", "object.associationChange"}, {"objectTypeId", "0-53"}},
              {{"eventType", "contact.creation"}}}}};
        config.update(extra);
        hubspot_.control("POST", "/__sandbox/hubspot/webhooks", config);
    }
    // Every event of every delivery, with its delivery's index.
    static std::vector<nlohmann::json> events(const std::vector<WebhookReceiver::Delivery>& all) {
        std::vector<nlohmann::json> out;
        for (const auto& d : all) {
            for (const auto& e : parse_exact_or_null(d.body))
                out.push_back(e);
        }
        return out;
    }
    HubSpotSandbox hubspot_;
};

TEST_F(HubSpotWebhooksHttp, events_are_signed_with_v3_over_method_url_body_and_timestamp) {
    WebhookReceiver receiver;
    subscribe(receiver);
    const auto invoice = hubspot_.create("invoices", {{"hs_currency", "USD"}});
    ASSERT_TRUE(receiver.wait_for(1, 10s));
    const auto delivery = receiver.deliveries().front();
    const std::string timestamp = delivery.headers.at("X-HubSpot-Request-Timestamp");
    EXPECT_EQ(
        delivery.headers.at("X-HubSpot-Signature-v3"),
        reference_hmac_sha256_base64(kSecret, "POST" + receiver.url() + delivery.body + timestamp));
    EXPECT_EQ(delivery.headers.at("X-HubSpot-Signature"),
              reference_sha256_hex(kSecret + delivery.body));
    EXPECT_EQ(delivery.headers.at("X-HubSpot-Signature-Version"), "v1");
    const auto body = parse_exact_or_null(delivery.body);
    ASSERT_TRUE(body.is_array());
    std::set<std::string> types;
    for (const auto& e : body) {
        types.insert(e["subscriptionType"].get<std::string>());
        EXPECT_EQ(e["portalId"].get<std::int64_t>(), std::stoll(hubspot_.portal()));
        EXPECT_EQ(e["attemptNumber"], 0);
        EXPECT_EQ(e["objectTypeId"], "0-53");
        EXPECT_EQ(std::to_string(e["objectId"].get<std::int64_t>()), invoice["id"]);
    }
    // Created as a draft: a creation event and the status being set.
    EXPECT_EQ(types, (std::set<std::string>{"object.creation", "object.propertyChange"}));
}

TEST_F(HubSpotWebhooksHttp, property_association_and_deletion_events) {
    WebhookReceiver receiver;
    subscribe(receiver);
    const std::string contact = hubspot_.create("contacts", {{"email", "hook@example.com"}})["id"];
    const std::string invoice = hubspot_.create("invoices", {{"hs_currency", "USD"}})["id"];
    ASSERT_EQ(hubspot_
                  .api("PUT", "/crm/v4/objects/invoices/" + invoice +
                                  "/associations/default/contacts/" + contact)
                  .status,
              200);
    ASSERT_EQ(hubspot_.api("DELETE", "/crm/v3/objects/invoices/" + invoice).status, 204);
    ASSERT_TRUE(receiver.wait_for(4, 10s));
    const auto all = events(receiver.deliveries());
    std::map<std::string, int> seen;
    for (const auto& e : all) {
        seen[e["subscriptionType"].get<std::string>()]++;
        if (e["subscriptionType"] == "object.associationChange" &&
            e["associationType"] == "INVOICE_TO_CONTACT") {
            EXPECT_EQ(e["associationTypeId"], 177);
            EXPECT_EQ(std::to_string(e["toObjectId"].get<std::int64_t>()), contact);
        }
    }
    EXPECT_EQ(seen["contact.creation"], 1);
    EXPECT_EQ(seen["object.creation"], 1);
    EXPECT_EQ(seen["object.deletion"], 1);
    // Added on association, removed when the invoice was deleted.
    EXPECT_EQ(seen["object.associationChange"], 2);
}

TEST_F(HubSpotWebhooksHttp, failed_deliveries_are_retried_with_attempt_numbers) {
    WebhookReceiver receiver({500, 404});
    subscribe(receiver);
    hubspot_.create("contacts", {{"email", "retry@example.com"}});
    ASSERT_TRUE(receiver.wait_for(3, 10s));
    const auto deliveries = receiver.deliveries();
    for (int attempt = 0; attempt < 3; ++attempt) {
        const auto body = parse_exact_or_null(deliveries[static_cast<std::size_t>(attempt)].body);
        EXPECT_EQ(body[0]["attemptNumber"], attempt);
        EXPECT_EQ(body[0]["eventId"], parse_exact_or_null(deliveries[0].body)[0]["eventId"]);
    }
    // Each attempt is signed anew.
    const auto& third = deliveries[2];
    EXPECT_EQ(
        third.headers.at("X-HubSpot-Signature-v3"),
        reference_hmac_sha256_base64(kSecret, "POST" + receiver.url() + third.body +
                                                  third.headers.at("X-HubSpot-Request-Timestamp")));
}

TEST_F(HubSpotWebhooksHttp, batches_hold_at_most_the_configured_number_of_events) {
    WebhookReceiver receiver;
    subscribe(receiver, {{"max_batch_size", 3}});
    nlohmann::json inputs = nlohmann::json::array();
    for (int i = 0; i < 10; ++i)
        inputs.push_back({{"properties", {{"email", "b" + std::to_string(i) + "@example.com"}}}});
    ASSERT_EQ(
        hubspot_.api("POST", "/crm/v3/objects/contacts/batch/create", {{"inputs", inputs}}).status,
        201);
    ASSERT_TRUE(receiver.wait_for(4, 10s));
    std::size_t total = 0;
    for (const auto& d : receiver.deliveries()) {
        const auto body = parse_exact_or_null(d.body);
        EXPECT_LE(body.size(), 3u);
        total += body.size();
    }
    EXPECT_EQ(total, 10u);
}

TEST_F(HubSpotWebhooksHttp, duplicate_mode_delivers_every_batch_twice) {
    WebhookReceiver receiver;
    subscribe(receiver, {{"duplicate", true}});
    hubspot_.create("contacts", {{"email", "twice@example.com"}});
    ASSERT_TRUE(receiver.wait_for(2, 10s));
    const auto deliveries = receiver.deliveries();
    EXPECT_EQ(parse_exact_or_null(deliveries[0].body)[0]["eventId"],
              parse_exact_or_null(deliveries[1].body)[0]["eventId"]);
}

TEST_F(HubSpotWebhooksHttp, out_of_order_mode_shuffles_events) {
    WebhookReceiver receiver;
    subscribe(receiver, {{"out_of_order", true}, {"seed", 7}});
    nlohmann::json inputs = nlohmann::json::array();
    for (int i = 0; i < 20; ++i)
        inputs.push_back({{"properties", {{"email", "o" + std::to_string(i) + "@example.com"}}}});
    ASSERT_EQ(
        hubspot_.api("POST", "/crm/v3/objects/contacts/batch/create", {{"inputs", inputs}}).status,
        201);
    ASSERT_TRUE(receiver.wait_for(1, 10s));
    const auto all = events(receiver.deliveries());
    ASSERT_EQ(all.size(), 20u);
    bool ordered = true;
    for (std::size_t i = 1; i < all.size(); ++i)
        ordered = ordered &&
                  all[i - 1]["eventId"].get<std::int64_t>() < all[i]["eventId"].get<std::int64_t>();
    EXPECT_FALSE(ordered);
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
