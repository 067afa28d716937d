// HubSpot webhook signatures, checked against an independent computation with OpenSSL's EVP
// interfaces (not the sandbox's helpers) and against HubSpot's documented recipe.

#include <string>

#include <gtest/gtest.h>

#include "hubspot/webhook_signature.hpp"
#include "support/openssl_reference.hpp"

namespace ledgersync::sandbox::hubspot {
namespace {

using testing::reference_hmac_sha256_base64;
using testing::reference_sha256_hex;

TEST(HubSpotWebhookSignature, v3_is_base64_hmac_of_method_uri_body_and_timestamp) {
    const std::string secret = "ledgersync-hubspot-secret";
    const std::string uri = "http://127.0.0.1:9000/webhooks/hubspot?x=1";
    const std::string body = R"([{"eventId":1,"objectId":123}])";
    const std::string timestamp = "1757364751657";
    EXPECT_EQ(signature_v3(secret, "POST", uri, body, timestamp),
              reference_hmac_sha256_base64(secret, "POST" + uri + body + timestamp));
}

TEST(HubSpotWebhookSignature, v3_changes_with_each_signed_part) {
    const std::string base = signature_v3("s", "POST", "http://h/p", "[]", "1");
    EXPECT_NE(base, signature_v3("t", "POST", "http://h/p", "[]", "1"));
    EXPECT_NE(base, signature_v3("s", "POST", "http://h/q", "[]", "1"));
    EXPECT_NE(base, signature_v3("s", "POST", "http://h/p", "[ ]", "1"));
    EXPECT_NE(base, signature_v3("s", "POST", "http://h/p", "[]", "2"));
}

TEST(HubSpotWebhookSignature, v1_and_v2_are_hex_sha256_of_secret_and_request) {
    EXPECT_EQ(signature_v1("secret", "[{}]"), reference_sha256_hex("secret[{}]"));
    EXPECT_EQ(signature_v2("secret", "POST", "http://h/p", "[{}]"),
              reference_sha256_hex("secretPOSThttp://h/p[{}]"));
    // The SHA-256 of the empty string, a fixed point of the algorithm.
    EXPECT_EQ(signature_v1("", ""),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace ledgersync::sandbox::hubspot
