// Webhooks over real HTTP: signed deliveries (checked with an independent OpenSSL HMAC), secret
// rotation with two v1 signatures, duplicate, out-of-order and re-delivery, retries.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "stripe/webhook_signature.hpp"
#include "stripe_sandbox.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using namespace std::chrono_literals;

// HMAC-SHA256 hex straight from OpenSSL, independent of the sandbox's code path.
std::string openssl_hmac_hex(const std::string& key, const std::string& message) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 15]);
    }
    return out;
}

struct ParsedSignature {
    std::string t;
    std::vector<std::string> v1;
};

ParsedSignature parse(const std::string& header) {
    ParsedSignature parsed;
    std::stringstream items(header);
    std::string item;
    while (std::getline(items, item, ',')) {
        const auto eq = item.find('=');
        if (item.substr(0, eq) == "t")
            parsed.t = item.substr(eq + 1);
        if (item.substr(0, eq) == "v1")
            parsed.v1.push_back(item.substr(eq + 1));
    }
    return parsed;
}

std::string header_of(const WebhookReceiver::Delivery& delivery) {
    for (const auto& [k, v] : delivery.headers) {
        if (k == "Stripe-Signature" || k == "stripe-signature")
            return v;
    }
    return {};
}

std::string configure_endpoint(const StripeSandbox& stripe, const WebhookReceiver& receiver,
                               nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json body = {{"endpoints", {{{"url", receiver.url()}, {"enabled_events", {"*"}}, {"secret", "whsec_sandbox_test"}}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body[it.key()] = it.value();
    return stripe.control("POST", "/__sandbox/stripe/webhooks", body)["endpoints"][0]["id"];
}

TEST(StripeWebhooks, deliveries_are_signed_as_stripe_signs_them) {
    StripeSandbox stripe;
    WebhookReceiver receiver;
    configure_endpoint(stripe, receiver);
    const std::string customer = stripe.post("/v1/customers", {{"name", "Signed"}}).json["id"];
    ASSERT_TRUE(receiver.wait_for(1, 10s));
    const auto delivery = receiver.deliveries()[0];
    const auto event = parse_exact_or_null(delivery.body);
    EXPECT_EQ(event["type"], "customer.created");
    EXPECT_EQ(event["data"]["object"]["id"], customer);
    EXPECT_EQ(event["object"], "event");
    const auto signature = parse(header_of(delivery));
    ASSERT_EQ(signature.v1.size(), 1u);
    EXPECT_EQ(signature.v1[0], openssl_hmac_hex("whsec_sandbox_test", signature.t + "." + delivery.body));
    // The event is the one /v1/events serves.
    EXPECT_EQ(stripe.get("/v1/events/" + event["id"].get<std::string>()).json["type"], "customer.created");
}

TEST(StripeWebhooks, a_rotated_secret_signs_with_both_until_the_old_one_expires) {
    StripeSandbox stripe;
    WebhookReceiver receiver;
    const std::string endpoint = configure_endpoint(stripe, receiver);
    stripe.control("POST", "/__sandbox/stripe/webhooks/rotate",
                   {{"endpoint", endpoint}, {"secret", "whsec_new"}, {"expires_in_seconds", 3600}});
    stripe.post("/v1/customers");
    ASSERT_TRUE(receiver.wait_for(1, 10s));
    const auto delivery = receiver.deliveries()[0];
    const auto signature = parse(header_of(delivery));
    ASSERT_EQ(signature.v1.size(), 2u);
    const std::string message = signature.t + "." + delivery.body;
    EXPECT_EQ(signature.v1[0], openssl_hmac_hex("whsec_new", message));
    EXPECT_EQ(signature.v1[1], openssl_hmac_hex("whsec_sandbox_test", message));
    stripe.control("POST", "/__sandbox/stripe/clock", {{"advance_seconds", 3601}});
    stripe.post("/v1/customers");
    ASSERT_TRUE(receiver.wait_for(2, 10s));
    EXPECT_EQ(parse(header_of(receiver.deliveries()[1])).v1.size(), 1u);
}

TEST(StripeWebhooks, duplicate_mode_delivers_every_event_twice) {
    StripeSandbox stripe;
    WebhookReceiver receiver;
    configure_endpoint(stripe, receiver, {{"mode", "duplicate"}});
    stripe.post("/v1/customers");
    ASSERT_TRUE(receiver.wait_for(2, 10s));
    const auto deliveries = receiver.deliveries();
    EXPECT_EQ(parse_exact_or_null(deliveries[0].body)["id"], parse_exact_or_null(deliveries[1].body)["id"]);
}

TEST(StripeWebhooks, out_of_order_mode_sends_the_newer_event_first) {
    StripeSandbox stripe;
    WebhookReceiver receiver;
    configure_endpoint(stripe, receiver, {{"mode", "out_of_order"}});
    stripe.post("/v1/customers", {{"name", "first"}});
    stripe.post("/v1/customers", {{"name", "second"}});
    ASSERT_TRUE(receiver.wait_for(2, 10s));
    const auto deliveries = receiver.deliveries();
    EXPECT_EQ(parse_exact_or_null(deliveries[0].body)["data"]["object"]["name"], "second");
    EXPECT_EQ(parse_exact_or_null(deliveries[1].body)["data"]["object"]["name"], "first");
    stripe.post("/v1/customers", {{"name", "third"}});
    stripe.control("POST", "/__sandbox/stripe/webhooks/flush");
    ASSERT_TRUE(receiver.wait_for(3, 10s));
}

TEST(StripeWebhooks, redelivery_sends_the_same_event_again_freshly_signed) {
    StripeSandbox stripe;
    WebhookReceiver receiver;
    configure_endpoint(stripe, receiver);
    stripe.post("/v1/customers");
    ASSERT_TRUE(receiver.wait_for(1, 10s));
    const std::string event = parse_exact_or_null(receiver.deliveries()[0].body)["id"];
    stripe.control("POST", "/__sandbox/stripe/webhooks/redeliver", {{"event", event}});
    ASSERT_TRUE(receiver.wait_for(2, 10s));
    EXPECT_EQ(parse_exact_or_null(receiver.deliveries()[1].body)["id"], event);
}

TEST(StripeWebhooks, a_failed_delivery_is_retried_until_acknowledged) {
    StripeSandbox stripe;
    WebhookReceiver receiver({500, 503});
    configure_endpoint(stripe, receiver, {{"retry_delays_ms", {50, 50, 50}}});
    stripe.post("/v1/customers");
    ASSERT_TRUE(receiver.wait_for(3, 10s));
    const auto deliveries = receiver.deliveries();
    EXPECT_EQ(deliveries[2].body, deliveries[0].body);
    // The dispatcher logs an attempt once the receiver has answered it: wait for the log.
    std::vector<std::string> states;
    for (const auto deadline = std::chrono::steady_clock::now() + 10s;
         std::chrono::steady_clock::now() < deadline;) {
        states.clear();
        const auto log = stripe.control("GET", "/__sandbox/stripe/webhooks");
        for (const auto& attempt : log["deliveries"])
            states.push_back(attempt["state"].get<std::string>());
        if (states.size() == 3)
            break;
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(states, (std::vector<std::string>{"retrying", "retrying", "delivered"}));
}

TEST(StripeWebhooks, payment_flow_raises_the_events_a_connector_listens_to) {
    StripeSandbox stripe;
    WebhookReceiver receiver;
    configure_endpoint(stripe, receiver);
    const std::string charge = stripe.pay(1000).at("latest_charge").at("id");
    stripe.post("/v1/refunds", {{"charge", charge}});
    ASSERT_TRUE(receiver.wait_for(5, 10s));
    std::vector<std::string> types;
    for (const auto& d : receiver.deliveries())
        types.push_back(parse_exact_or_null(d.body)["type"].get<std::string>());
    EXPECT_EQ(types, (std::vector<std::string>{"payment_intent.created", "charge.succeeded",
                                               "payment_intent.succeeded", "charge.refunded",
                                               "refund.created"}));
}

TEST(StripeWebhooks, the_sandbox_verifies_signatures_it_did_not_make) {
    StripeSandbox stripe;
    const std::string payload = R"({"id":"evt_1","object":"event"})";
    const auto now = stripe.control("GET", "/__sandbox/stripe/clock")["now"].get<std::int64_t>();
    const std::string header = "t=" + std::to_string(now) + ",v1=" +
                               openssl_hmac_hex("whsec_x", std::to_string(now) + "." + payload) + ",v0=ignored";
    auto check = stripe.control("POST", "/__sandbox/stripe/webhooks/verify",
                                {{"payload", payload}, {"header", header}, {"secret", "whsec_x"}});
    EXPECT_EQ(check["valid"], true) << check.dump();
    check = stripe.control("POST", "/__sandbox/stripe/webhooks/verify",
                           {{"payload", payload + " "}, {"header", header}, {"secret", "whsec_x"}});
    EXPECT_EQ(check["valid"], false);
}

// Unit level: the signature functions against OpenSSL and Stripe's documented header format
// ("t=1492774577,v1=5257a869...,v0=6ffbb59b..." from Stripe's "verify manually" guide: several
// schemes, only v1 counts).
TEST(StripeWebhookSignature, computes_lower_case_hex_hmac_of_timestamp_dot_payload) {
    const std::string payload = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
    EXPECT_EQ(stripe::compute_signature("whsec_test_secret", 1492774577, payload),
              openssl_hmac_hex("whsec_test_secret", "1492774577." + payload));
    EXPECT_EQ(stripe::compute_signature("k", 1, "").size(), 64u);
}

TEST(StripeWebhookSignature, verification_accepts_any_v1_ignores_v0_and_checks_tolerance) {
    const std::string payload = R"({"id":"evt_1"})";
    const std::string good = openssl_hmac_hex("whsec_b", "1492774577." + payload);
    const std::string header = "t=1492774577,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd,v1=" + good +
                               ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39";
    EXPECT_TRUE(stripe::verify_signature(header, payload, {"whsec_a", "whsec_b"}, 1492774577 + 10).valid);
    EXPECT_FALSE(stripe::verify_signature(header, payload, {"whsec_a"}, 1492774577).valid);
    const auto late = stripe::verify_signature(header, payload, {"whsec_b"}, 1492774577 + 301);
    EXPECT_FALSE(late.valid);
    EXPECT_EQ(late.reason, "Timestamp outside the tolerance zone");
    EXPECT_FALSE(stripe::verify_signature("v0=abc", payload, {"whsec_b"}, 0).valid);
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
