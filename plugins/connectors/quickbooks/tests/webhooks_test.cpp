// Webhook signatures on Intuit's test vector (../shared/specs/qbo/samples/webhooks/) and both
// payload formats, every sample.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "fake_host.hpp"
#include "webhooks.hpp"

namespace ledgersync::connectors::quickbooks {
namespace {

using nlohmann::json;
using testing::sample;

TEST(WebhookSignature, the_test_vector_verifies) {
    const json vector = sdk::parse_json_exact(sample("webhooks/signature_test_vector.json"));
    const std::string body = sample("webhooks/" + vector["payload_file"].get<std::string>());
    const std::string token = vector["verifier_token"];
    const std::string signature = vector["expected_signature"];
    EXPECT_EQ(webhook_signature(token, body), signature);
    EXPECT_TRUE(verify_webhook_signature(token, body, signature));
    EXPECT_TRUE(verify_webhook_signature(token, body, " " + signature + "\r\n"));
}

TEST(WebhookSignature, a_tampered_body_token_or_signature_does_not_verify) {
    const json vector = sdk::parse_json_exact(sample("webhooks/signature_test_vector.json"));
    const std::string body = sample("webhooks/legacy_payload.raw.json");
    const std::string token = vector["verifier_token"];
    std::string signature = vector["expected_signature"];
    std::string tampered_body = body;
    tampered_body.replace(tampered_body.find("\"40\""), 4, "\"41\"");
    EXPECT_FALSE(verify_webhook_signature(token, tampered_body, signature));
    EXPECT_FALSE(verify_webhook_signature(token, body + " ", signature));
    EXPECT_FALSE(verify_webhook_signature("00faeec4-08d0-4996-bb37-698ae19f0148", body, signature));
    signature[3] = signature[3] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verify_webhook_signature(token, body, signature));
    EXPECT_FALSE(verify_webhook_signature(token, body, ""));
    EXPECT_FALSE(verify_webhook_signature("", body, vector["expected_signature"].get<std::string>()));
}

TEST(WebhookPayload, legacy_raw_payload_parses) {
    const WebhookPayload payload = parse_webhook_payload(sample("webhooks/legacy_payload.raw.json"));
    EXPECT_EQ(payload.format, WebhookFormat::legacy);
    ASSERT_EQ(payload.events.size(), 2u);
    EXPECT_EQ(payload.events[0].realm_id, "1269959970");
    EXPECT_EQ(payload.events[0].entity, "Vendor");
    EXPECT_EQ(payload.events[0].entity_id, "40");
    EXPECT_EQ(payload.events[0].operation, "Update");
    EXPECT_EQ(payload.events[0].time, "2016-10-05T03:09:04.000Z");
    EXPECT_EQ(payload.events[1].entity, "Customer");
    EXPECT_EQ(payload.events[1].entity_id, "43");
    EXPECT_EQ(payload.events[1].operation, "Create");
    EXPECT_TRUE(payload.skipped.empty());
}

TEST(WebhookPayload, legacy_blog_payload_parses) {
    const WebhookPayload payload = parse_webhook_payload(sample("webhooks/legacy_payload_blog.json"));
    EXPECT_EQ(payload.format, WebhookFormat::legacy);
    ASSERT_EQ(payload.events.size(), 1u);
    EXPECT_EQ(payload.events[0].realm_id, "310687");
    EXPECT_EQ(payload.events[0].entity, "Account");
    EXPECT_EQ(payload.events[0].entity_id, "1234");
    EXPECT_EQ(payload.events[0].operation, "Create");
}

TEST(WebhookPayload, cloudevents_payloads_parse) {
    const WebhookPayload blog = parse_webhook_payload(sample("webhooks/cloudevents_payload_blog.json"));
    EXPECT_EQ(blog.format, WebhookFormat::cloudevents);
    ASSERT_EQ(blog.events.size(), 1u);
    EXPECT_EQ(blog.events[0].event_id, "88cd52aa-33b6-4351-9aa4-47572edbd068");
    EXPECT_EQ(blog.events[0].realm_id, "310687");
    EXPECT_EQ(blog.events[0].entity, "Account");
    EXPECT_EQ(blog.events[0].entity_id, "1234");
    EXPECT_EQ(blog.events[0].operation, "Create");
    EXPECT_EQ(blog.events[0].time, "2025-09-10T21:31:25.179851517Z");

    const WebhookPayload merge = parse_webhook_payload(sample("webhooks/cloudevents_payload_merge_docs.json"));
    ASSERT_EQ(merge.events.size(), 1u);
    EXPECT_EQ(merge.events[0].entity, "Customer");
    EXPECT_EQ(merge.events[0].operation, "Merge");
    EXPECT_EQ(merge.events[0].entity_id, "123");
    EXPECT_EQ(merge.events[0].deleted_id, "27");

    const WebhookPayload nodata = parse_webhook_payload(sample("webhooks/cloudevents_payload_nodata_docs.json"));
    ASSERT_EQ(nodata.events.size(), 1u);
    EXPECT_EQ(nodata.events[0].entity, "SalesReceipt");
    EXPECT_EQ(nodata.events[0].operation, "Update");
    EXPECT_EQ(nodata.events[0].entity_id, "150");

    const WebhookPayload sdk_test = parse_webhook_payload(sample("webhooks/cloudevents_payload_sdk_test.json"));
    ASSERT_EQ(sdk_test.events.size(), 1u);
    EXPECT_EQ(sdk_test.events[0].entity, "Class");
    EXPECT_EQ(sdk_test.events[0].operation, "Create");
    EXPECT_EQ(sdk_test.events[0].entity_id, "1234");
    EXPECT_EQ(sdk_test.events[0].event_id, "d1a3aedd-9670-41bf-a4f9-c148a1cc4e03");
}

TEST(WebhookPayload, unreadable_bodies_and_events_are_reported) {
    EXPECT_THROW(parse_webhook_payload("not json"), WebhookFormatError);
    EXPECT_THROW(parse_webhook_payload(R"({"something": "else"})"), WebhookFormatError);
    const WebhookPayload payload = parse_webhook_payload(
        R"([{"id":"1","type":"qbo.invoice.exploded.v1","intuitentityid":"9","intuitaccountid":"1"},{"id":"2","type":"qbo.invoice.voided.v1","intuitentityid":"9","intuitaccountid":"1"}])");
    ASSERT_EQ(payload.events.size(), 1u);
    EXPECT_EQ(payload.events[0].operation, "Void");
    EXPECT_EQ(payload.events[0].entity, "Invoice");
    ASSERT_EQ(payload.skipped.size(), 1u);
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
