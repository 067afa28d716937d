// Webhook payloads and their intuit-signature, checked against Intuit's own test vector.

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

#include "qbo/webhook_notifier.hpp"

namespace ledgersync::sandbox::qbo {
namespace {

std::string sample(const std::string& name) {
    std::ifstream in(std::string(LEDGERSYNC_SHARED_DIR) + "/specs/qbo/samples/webhooks/" + name,
                     std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(QboWebhookSignature, matches_intuits_test_vector) {
    const auto vector = sdk::parse_json_exact(sample("signature_test_vector.json"));
    const std::string payload = sample(vector.at("payload_file"));
    ASSERT_FALSE(payload.empty());
    const std::string token = vector.at("verifier_token").get<std::string>();
    EXPECT_EQ(sdk::base64_encode(sdk::hmac_sha256(token, payload)),
              vector.at("expected_signature").get<std::string>());
}

TEST(QboWebhookPayloads, legacy_body_has_the_shape_of_intuits_sample) {
    const auto body = sdk::parse_json_exact(
        WebhookNotifier::legacy_body("310687", {"Invoice", "130", "Create", 1757364751657}));
    const auto sample_body = sdk::parse_json_exact(sample("legacy_payload_blog.json"));
    const auto& ours = body["eventNotifications"][0];
    const auto& theirs = sample_body["eventNotifications"][0];
    EXPECT_EQ(ours["realmId"], "310687");
    for (auto it = theirs["dataChangeEvent"]["entities"][0].begin();
         it != theirs["dataChangeEvent"]["entities"][0].end(); ++it) {
        EXPECT_TRUE(ours["dataChangeEvent"]["entities"][0].contains(it.key())) << it.key();
    }
    EXPECT_EQ(ours["dataChangeEvent"]["entities"][0]["lastUpdated"], "2025-09-08T20:52:31.657Z");
    EXPECT_EQ(ours["dataChangeEvent"]["entities"][0]["operation"], "Create");
}

TEST(QboWebhookPayloads, cloudevents_body_has_every_member_of_intuits_sample) {
    const auto body = sdk::parse_json_exact(
        WebhookNotifier::cloudevents_body("310687", {"Invoice", "130", "Void", 1757364751657}));
    const auto sample_body = sdk::parse_json_exact(sample("cloudevents_payload_blog.json"));
    ASSERT_TRUE(body.is_array());
    for (auto it = sample_body[0].begin(); it != sample_body[0].end(); ++it) {
        EXPECT_TRUE(body[0].contains(it.key())) << it.key();
    }
    EXPECT_EQ(body[0]["type"], "qbo.invoice.voided.v1");
    EXPECT_EQ(body[0]["specversion"], "1.0");
    EXPECT_EQ(body[0]["intuitaccountid"], "310687");
    EXPECT_EQ(body[0]["intuitentityid"], "130");
    EXPECT_NE(body[0]["id"], sdk::parse_json_exact(WebhookNotifier::cloudevents_body(
                                 "310687", {"Invoice", "130", "Void", 1}))[0]["id"]);
}

}  // namespace
}  // namespace ledgersync::sandbox::qbo
