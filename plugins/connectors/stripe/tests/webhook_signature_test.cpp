// Stripe-Signature verification against vectors computed independently (openssl dgst -sha256
// -hmac), as docs.stripe.com/webhooks#verify-manually describes the scheme.

#include <gtest/gtest.h>

#include "webhook_signature.hpp"

namespace ledgersync::connectors::stripe {
namespace {

const std::string kPayload = R"({"id":"evt_test_1","object":"event","type":"charge.succeeded"})";
constexpr std::int64_t kSigned = 1700000000;
const std::string kCurrent = "whsec_test_secret_current";
const std::string kPrevious = "whsec_test_secret_previous";
// printf '%s' '1700000000.<payload>' | openssl dgst -sha256 -hmac <secret>
const std::string kCurrentV1 = "61217c816782f89afc0f4d8a6f2fc9f9d5babb0cc5fcaa4b715169c22c01a8c7";
const std::string kPreviousV1 = "116ceb998ff4595201be2470af01bfc60bccb71de8bf51b11ee55ffda96f678f";

SignatureCheck check(const std::string& payload, const std::string& header, std::vector<std::string> secrets = {kCurrent},
                     std::int64_t now = kSigned + 10) {
    return verify_stripe_signature(payload, header, secrets, now, 300);
}

TEST(StripeWebhookSignature, computes_the_documented_v1_signature) {
    EXPECT_EQ(stripe_v1_signature(kCurrent, kSigned, kPayload), kCurrentV1);
    EXPECT_EQ(stripe_v1_signature(kPrevious, kSigned, kPayload), kPreviousV1);
}

TEST(StripeWebhookSignature, accepts_a_payload_signed_as_stripe_documents) {
    const auto result = check(kPayload, "t=1700000000,v1=" + kCurrentV1);
    EXPECT_TRUE(result.valid) << result.reason;
}

TEST(StripeWebhookSignature, accepts_when_any_v1_matches_and_ignores_other_schemes) {
    const std::string header = "t=1700000000, v0=abc, v1=" + std::string(64, '0') + ", v1=" + kCurrentV1;
    EXPECT_TRUE(check(kPayload, header).valid);
}

TEST(StripeWebhookSignature, rejects_any_changed_byte_of_the_body) {
    std::string changed = kPayload;
    changed[10] = static_cast<char>(changed[10] ^ 1);
    const auto result = check(changed, "t=1700000000,v1=" + kCurrentV1);
    EXPECT_FALSE(result.valid);
    EXPECT_NE(result.reason.find("no v1 signature"), std::string::npos) << result.reason;
    EXPECT_FALSE(check(kPayload + " ", "t=1700000000,v1=" + kCurrentV1).valid);
}

TEST(StripeWebhookSignature, rejects_a_changed_timestamp_or_signature) {
    EXPECT_FALSE(check(kPayload, "t=1700000001,v1=" + kCurrentV1).valid);
    std::string signature = kCurrentV1;
    signature[0] = signature[0] == '6' ? '7' : '6';
    EXPECT_FALSE(check(kPayload, "t=1700000000,v1=" + signature).valid);
}

TEST(StripeWebhookSignature, rejects_a_timestamp_older_than_the_tolerance) {
    const auto result = check(kPayload, "t=1700000000,v1=" + kCurrentV1, {kCurrent}, kSigned + 301);
    EXPECT_FALSE(result.valid);
    EXPECT_NE(result.reason.find("301 s old"), std::string::npos) << result.reason;
    EXPECT_TRUE(check(kPayload, "t=1700000000,v1=" + kCurrentV1, {kCurrent}, kSigned + 300).valid);
}

TEST(StripeWebhookSignature, rejects_a_wrong_secret) {
    EXPECT_FALSE(check(kPayload, "t=1700000000,v1=" + kCurrentV1, {"whsec_someone_else"}).valid);
}

TEST(StripeWebhookSignature, accepts_the_rotated_secret_while_it_is_configured) {
    EXPECT_TRUE(check(kPayload, "t=1700000000,v1=" + kPreviousV1, {kCurrent, kPrevious}).valid);
    EXPECT_FALSE(check(kPayload, "t=1700000000,v1=" + kPreviousV1, {kCurrent}).valid);
}

TEST(StripeWebhookSignature, rejects_missing_or_malformed_headers_with_a_reason) {
    EXPECT_NE(check(kPayload, "").reason.find("no Stripe-Signature header"), std::string::npos);
    EXPECT_NE(check(kPayload, "v1=" + kCurrentV1).reason.find("no timestamp"), std::string::npos);
    EXPECT_NE(check(kPayload, "t=1700000000").reason.find("no v1 signature"), std::string::npos);
    EXPECT_FALSE(check(kPayload, "t=17x,v1=" + kCurrentV1).valid);
}

}  // namespace
}  // namespace ledgersync::connectors::stripe
