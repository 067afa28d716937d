// Webhooks v3: the signature over method + URI + body + timestamp (vectors computed outside the
// SDK), constant-time verification, the 5-minute window measured from the host's receipt,
// replays refused, and verified events re-read by id.

#include <gtest/gtest.h>

#include "connector.hpp"
#include "hubspot_test_support.hpp"
#include "webhooks.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

using nlohmann::json;
using testing::batch_read_answer;
using testing::crm_object;
using testing::FakeHost;
using testing::private_app_config;
using testing::Router;

constexpr std::int64_t kSentAt = 1'795'000'000'000;
const std::string kTarget = "https://example.com/webhooks/hubspot";

// python3: base64(hmac.new(b"app-secret", b"POST" + uri + body + b"1795000000000", sha256))
TEST(HubSpotSignature, matches_vectors_computed_independently) {
    EXPECT_EQ(signature_v3("app-secret", "POST", kTarget + "?portal=1", R"([{"objectId":1}])", "1795000000000"),
              "F0ISb6N3TlQxuPYCbRcZmfvk9/mscZ1AUvNgHWYm2ao=");
    // HubSpot decodes %3A (and the other listed escapes) before signing.
    EXPECT_EQ(signature_v3("app-secret", "POST", kTarget + "?x=a%3ab", "[]", "1795000000000"),
              "TxZgl1Pbj5vEDPOihYQQS8WbTZcmweBoy2guh1Fnk4Q=");
    EXPECT_EQ(signed_uri("/h?a=%2F%2f%20"), "/h?a=//%20");
}

TEST(HubSpotSignature, forged_expired_and_future_deliveries_are_told_apart) {
    const std::string body = "[]";
    const std::string good = signature_v3("s", "POST", kTarget, body, std::to_string(kSentAt));
    EXPECT_EQ(verify_signature_v3("s", "POST", kTarget, body, good, std::to_string(kSentAt), kSentAt + 299'000), SignatureVerdict::valid);
    EXPECT_EQ(verify_signature_v3("other", "POST", kTarget, body, good, std::to_string(kSentAt), kSentAt), SignatureVerdict::forged);
    EXPECT_EQ(verify_signature_v3("s", "POST", kTarget, "[1]", good, std::to_string(kSentAt), kSentAt), SignatureVerdict::forged);
    EXPECT_EQ(verify_signature_v3("s", "POST", kTarget, body, good, std::to_string(kSentAt), kSentAt + 301'000), SignatureVerdict::expired);
    const std::string late = signature_v3("s", "POST", kTarget, body, std::to_string(kSentAt + 400'000));
    EXPECT_EQ(verify_signature_v3("s", "POST", kTarget, body, late, std::to_string(kSentAt + 400'000), kSentAt), SignatureVerdict::from_the_future);
    EXPECT_EQ(verify_signature_v3("s", "POST", kTarget, body, "", "", kSentAt), SignatureVerdict::missing);
}

TEST(HubSpotEvents, an_association_change_names_both_ends_and_invoice_parts_are_known_by_type) {
    const auto events = parse_events(
        R"([{"subscriptionType":"object.associationChange","fromObjectId":501,"fromObjectTypeId":"0-8",)"
        R"("toObjectId":"77","toObjectTypeId":"0-53","occurredAt":5},)"
        R"({"subscriptionType":"object.propertyChange","objectTypeId":"0-85","objectId":9,"occurredAt":6}])");
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].from_object_id, "501");
    EXPECT_EQ(events[0].to_object_id, "77");
    EXPECT_EQ(events[0].to_object_type_id, "0-53");
    EXPECT_EQ(invoice_part_type(events[0].from_object_type_id), "line_items");
    EXPECT_EQ(invoice_part_type(events[1].object_type_id), "fees");
    EXPECT_EQ(invoice_part_type("0-84"), "discounts");
    EXPECT_EQ(invoice_part_type("0-86"), "taxes");
    EXPECT_EQ(invoice_part_type("0-53"), "");
    EXPECT_EQ(invoice_part_type("0-7"), "");
}

class HubSpotWebhook : public ::testing::Test {
protected:
    HubSpotWebhook() {
        router.on("POST /crm/v3/objects/products/batch/read", [this](const sdk::HttpRequest& r) {
            ++reads;
            return batch_read_answer(r, {{"9001", crm_object("9001", {{"name", "Consulting"}, {"price", "150.00"}})}});
        });
        testing::on_account_details(router);
        host.on_http(std::ref(router));
    }

    sdk::HttpRequest delivery(const std::string& body, std::int64_t sent_at, const std::string& secret = "app-secret") {
        sdk::HttpRequest request;
        request.method = "POST";
        request.url = "/webhooks/hubspot";
        request.body = body;
        request.headers = {{"Host", "example.com"},
                           {kSignatureV3Header, signature_v3(secret, "POST", kTarget, body, std::to_string(sent_at))},
                           {kRequestTimestampHeader, std::to_string(sent_at)}};
        return request;
    }

    std::string refusal(HubSpotConnector& connector, const sdk::HttpRequest& request) {
        try {
            connector.webhook(request);
        } catch (const sdk::Error& e) {
            EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::data);
            return e.outcome().reason;
        }
        return {};
    }

    FakeHost host;
    Router router;
    int reads = 0;
    const std::string events = R"([{"eventId":1,"subscriptionType":"product.propertyChange","objectId":9001,"occurredAt":1795000000000},)"
                               R"({"eventId":2,"subscriptionType":"product.deletion","objectId":9002,"occurredAt":1795000000001},)"
                               R"({"eventId":3,"subscriptionType":"contact.creation","objectId":7001,"occurredAt":1795000000002}])";
};

TEST_F(HubSpotWebhook, a_verified_delivery_rereads_what_it_names_and_is_ingested_once) {
    HubSpotConnector connector(host.services(), private_app_config({{"webhook_secret", "app-secret"}, {"customer_from", "company"}}));
    const sdk::HttpRequest request = delivery(events, host.now_ms - 1000);
    const sdk::WebhookResult result = connector.webhook(request);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].operation, sdk::RecordOperation::remove);
    EXPECT_EQ(result.records[0].identity.id, "9002");
    EXPECT_EQ(result.records[1].identity.id, "9001");
    EXPECT_EQ(result.records[1].body["name"], "Consulting");
    EXPECT_EQ(reads, 1);
    EXPECT_NE(refusal(connector, request).find("replay"), std::string::npos);
    EXPECT_NE(refusal(connector, request).find("replay"), std::string::npos);
    EXPECT_EQ(reads, 1);
    EXPECT_EQ(host.counter("hubspot_webhooks_rejected_total", "reason=replay"), 2);
    // A restarted instance remembers it too.
    HubSpotConnector restarted(host.services(), private_app_config({{"webhook_secret", "app-secret"}, {"customer_from", "company"}}));
    EXPECT_NE(refusal(restarted, request).find("replay"), std::string::npos);
}

TEST_F(HubSpotWebhook, forged_old_and_unsigned_deliveries_are_refused_and_nothing_is_read) {
    HubSpotConnector connector(host.services(), private_app_config({{"webhook_secret", "app-secret"}}));
    EXPECT_NE(refusal(connector, delivery(events, host.now_ms, "not-the-secret")).find("does not match"), std::string::npos);
    EXPECT_NE(refusal(connector, delivery(events, host.now_ms - 301'000)).find("more than 5 minutes before"), std::string::npos);
    sdk::HttpRequest unsigned_request = delivery(events, host.now_ms);
    unsigned_request.headers.resize(1);
    EXPECT_NE(refusal(connector, unsigned_request).find("no X-HubSpot-Signature-v3"), std::string::npos);
    HubSpotConnector unconfigured(host.services(), private_app_config());
    EXPECT_NE(refusal(unconfigured, delivery(events, host.now_ms)).find("no webhook_secret"), std::string::npos);
    EXPECT_EQ(reads, 0);
}

TEST_F(HubSpotWebhook, the_window_is_measured_from_the_hosts_receipt_not_from_processing) {
    HubSpotConnector connector(host.services(), private_app_config({{"webhook_secret", "app-secret"}, {"customer_from", "company"}}));
    sdk::HttpRequest request = delivery(events, host.now_ms - 1000);
    request.headers.emplace_back(kReceivedAtHeader, std::to_string(host.now_ms));
    host.now_ms += 10 * 60 * 1000;  // processed ten minutes after it arrived
    EXPECT_EQ(connector.webhook(request).records.size(), 2u);
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
