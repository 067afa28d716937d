// The Stripe connector against the sandbox's Stripe emulator over real HTTP: payments with exact
// fees, refunds, catch-up through events, signed webhooks (accepted, forged, stale, rotated,
// redelivered), and a refund whose response is lost, retried with the same idempotency key.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>

#include "stripe_test_support.hpp"

namespace ledgersync::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kSecret = "whsec_ledgersync_current";
constexpr const char* kRotatedOut = "whsec_ledgersync_previous";

std::string charge_of(const json& intent) { return intent.at("latest_charge").at("id"); }

/// The balance transaction of a charge as the sandbox serves it.
json transaction_of(const StripeSandbox& stripe, const std::string& charge) {
    return stripe.get("/v1/charges/" + charge + "?expand[]=balance_transaction").json.at("balance_transaction");
}

/// Minor units as the canonical decimal text of a two-decimal currency: 1234 -> "12.34".
std::string cents(std::int64_t minor) { return sdk::Decimal::from_parts(minor, 2).to_string(); }

std::string endpoint_to(const StripeSandbox& stripe, const WebhookReceiver& receiver, const json& extra = json::object()) {
    json body = {{"endpoints", {{{"url", receiver.url()}, {"enabled_events", {"*"}}, {"secret", kRotatedOut}}}}};
    body.update(extra);
    return stripe.control("POST", "/__sandbox/stripe/webhooks", body)["endpoints"][0]["id"];
}

/// The delivery of the first event of `type`, waiting for the deliveries one by one.
WebhookReceiver::Delivery delivery_of(const WebhookReceiver& receiver, const std::string& type, std::size_t skip = 0) {
    for (std::size_t seen = 0;; ++seen) {
        if (!receiver.wait_for(seen + 1, std::chrono::seconds(30))) break;
        if (seen < skip) continue;
        const auto d = receiver.deliveries()[seen];
        if (sandbox::testing::parse_exact_or_null(d.body).value("type", "") == type) return d;
    }
    throw std::runtime_error("no " + type + " delivery among " + std::to_string(receiver.deliveries().size()));
}

/// A canonical refund of `payment_source_id` written to Stripe, its payment linked to `charge`.
sdk::WriteItem refund_of(const std::string& refund_id, const std::string& amount, const std::string& reason,
                         const std::string& payment_source_id, const std::string& charge) {
    return WriteItemBuilder::make("refund", refund_id,
                                  {{"amount", amount}, {"currency", "USD"}, {"reason", reason}, {"status", "succeeded"},
                                   {"payment", {{"type", "payment"}, {"id", payment_source_id}}}, {"date", "2026-12-05"}},
                                  {{"payment", "payment", payment_source_id, "/payment", charge}});
}

std::int64_t calls_to(const StripeSandbox& stripe, const std::string& endpoint) {
    const json counters = stripe.control("GET", "/__sandbox/stripe/counters");
    return counters["by_endpoint"].value(endpoint, std::int64_t{0});
}

TEST(StripeConnector, check_reads_the_balance_and_a_wrong_key_says_what_to_fix) {
    StripeSandbox stripe;
    auto harness = stripe_harness(stripe_connector_config(stripe));
    const auto ok = harness.connector().check();
    EXPECT_TRUE(ok.ok) << ok.details;
    EXPECT_NE(ok.details.find("test mode"), std::string::npos) << ok.details;

    // A restricted key that was never created is no key to Stripe: 401.
    auto refused = stripe_harness(stripe_connector_config(stripe, {{"api_key", "rk_live_not_a_key_the_sandbox_knows"}}));
    const auto bad = refused.connector().check();
    EXPECT_FALSE(bad.ok) << bad.details;
    EXPECT_NE(bad.details.find("401"), std::string::npos) << bad.details;
    EXPECT_NE(bad.details.find("check api_key"), std::string::npos) << bad.details;
    EXPECT_EQ(bad.details.find("rk_live_not_a_key_the_sandbox_knows"), std::string::npos) << "the key leaked: " << bad.details;
    // The key never reaches the log in clear.
    EXPECT_EQ(harness.log().find(StripeSandbox::kTestKey), std::string::npos);
    EXPECT_EQ(refused.log().find("rk_live_not_a_key_the_sandbox_knows"), std::string::npos);
}

/// Every permission the connector's reads need, at Read, but those in `missing`.
json read_permissions_but(const std::vector<std::string>& missing) {
    json permissions = json::object();
    for (const char* resource : {"balance", "balance_transaction_source", "charge", "refund", "payout", "dispute", "event"}) {
        if (std::find(missing.begin(), missing.end(), resource) == missing.end()) permissions[resource] = "read";
    }
    return permissions;
}

std::string restricted_key(const StripeSandbox& stripe, const std::string& key, const json& permissions) {
    return stripe.control("POST", "/__sandbox/stripe/restricted_keys", {{"key", key}, {"permissions", permissions}})["key"];
}

const std::vector<std::string> kReadPermissions = {"rak_balance_read", "rak_balance_transaction_source_read", "rak_charge_read",
                                                   "rak_refund_read", "rak_payout_read", "rak_dispute_read", "rak_event_read"};

/// The permissions of kReadPermissions that `details` names.
std::vector<std::string> permissions_named(const std::string& details) {
    std::vector<std::string> named;
    for (const auto& permission : kReadPermissions) {
        if (details.find("'" + permission + "'") != std::string::npos) named.push_back(permission);
    }
    return named;
}

TEST(StripeConnector, check_names_exactly_the_permissions_a_restricted_key_lacks) {
    StripeSandbox stripe;
    stripe.pay(2500);

    const std::string two_missing = restricted_key(stripe, "rk_test_ledgersync_no_refunds_no_events", read_permissions_but({"refund", "event"}));
    auto harness = stripe_harness(stripe_connector_config(stripe, {{"api_key", two_missing}}));
    stripe.control("POST", "/__sandbox/stripe/counters/reset");
    const auto lacking = harness.connector().check();
    EXPECT_FALSE(lacking.ok) << lacking.details;
    EXPECT_EQ(permissions_named(lacking.details), (std::vector<std::string>{"rak_refund_read", "rak_event_read"})) << lacking.details;
    EXPECT_NE(lacking.details.find("Stripe refused 2 of the connector's 7 reads"), std::string::npos) << lacking.details;
    EXPECT_NE(lacking.details.find("to fix: "), std::string::npos) << lacking.details;
    EXPECT_NE(lacking.details.find("Read on Refunds and Read on Events"), std::string::npos) << lacking.details;
    EXPECT_EQ(lacking.details.find(two_missing), std::string::npos) << "the key leaked: " << lacking.details;
    EXPECT_EQ(harness.log().find(two_missing), std::string::npos) << "the key leaked to the log";
    // One read of each kind, once: the balance and six lists of one object.
    const json counters = stripe.control("GET", "/__sandbox/stripe/counters");
    EXPECT_EQ(counters["total"], 7) << counters.dump();
    EXPECT_EQ(counters["by_status"].value("403", 0), 2) << counters.dump();

    const std::string no_balance = restricted_key(stripe, "rk_test_ledgersync_no_balance", read_permissions_but({"balance"}));
    const auto blind = stripe_harness(stripe_connector_config(stripe, {{"api_key", no_balance}})).connector().check();
    EXPECT_FALSE(blind.ok) << blind.details;
    EXPECT_EQ(permissions_named(blind.details), std::vector<std::string>{"rak_balance_read"}) << blind.details;

    json full = read_permissions_but({});
    full["refund"] = "write";
    const std::string complete = restricted_key(stripe, "rk_test_ledgersync_everything", full);
    const auto passes = stripe_harness(stripe_connector_config(stripe, {{"api_key", complete}})).connector().check();
    EXPECT_TRUE(passes.ok) << passes.details;
    EXPECT_NE(passes.details.find("balance in usd"), std::string::npos) << passes.details;
    EXPECT_NE(passes.details.find("`ledgersync payments refund` also needs Write on Refunds"), std::string::npos) << passes.details;

    // Read alone is enough for check: refunds are only written on an operator's command.
    auto read_only = stripe_harness(stripe_connector_config(
        stripe, {{"api_key", restricted_key(stripe, "rk_test_ledgersync_read_only", read_permissions_but({}))}}));
    EXPECT_TRUE(read_only.connector().check().ok);
}

TEST(StripeConnector, a_charge_with_fees_becomes_a_payment_whose_fees_equal_fee_details) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/stripe/fees", {{"tax_percent", "10"}});
    const json intent = stripe.pay(12345, "usd", {{"application_fee_amount", "200"}, {"metadata[hubspot_invoice_id]", "98765"}});
    const std::string charge = charge_of(intent);
    const json transaction = transaction_of(stripe, charge);
    std::int64_t by_type[3] = {0, 0, 0};
    for (const auto& detail : transaction.at("fee_details")) {
        const std::string type = detail.at("type");
        by_type[type == "stripe_fee" ? 0 : type == "application_fee" ? 1 : 2] += detail.at("amount").get<std::int64_t>();
    }
    ASSERT_GT(by_type[0], 0);
    ASSERT_EQ(by_type[1], 200);
    ASSERT_GT(by_type[2], 0) << "the sandbox charged no tax on fees: " << transaction.dump();

    auto harness = stripe_harness(stripe_connector_config(stripe));
    const StreamRead read = read_until_caught_up(harness.connector(), "payment");
    EXPECT_TRUE(read.untranslated.empty());
    const sdk::Record* record = last_record_of(read.records, charge);
    ASSERT_NE(record, nullptr);
    const json& body = record->body;
    EXPECT_EQ(body.at("amount"), "123.45");
    EXPECT_EQ(body.at("currency"), "USD");
    EXPECT_EQ(body.at("status"), "succeeded");
    EXPECT_EQ(body.at("source"), "stripe");
    EXPECT_EQ(body.at("fees").at("processing"), cents(by_type[0]));
    EXPECT_EQ(body.at("fees").at("platform"), "2.00");
    EXPECT_EQ(body.at("fees").at("tax_on_fees"), cents(by_type[2]));
    EXPECT_EQ(body.at("net"), cents(transaction.at("net").get<std::int64_t>()));
    EXPECT_EQ(body.at("processor_ids").at("stripe_payment_intent"), intent.at("id"));
    EXPECT_EQ(body.at("processor_ids").at("balance_transaction"), transaction.at("id"));
    EXPECT_EQ(body.at("invoices").at(0).at("id"), "98765");
    EXPECT_TRUE(sdk::model::Payment::validate_json(body).empty());
}

TEST(StripeConnector, partial_and_full_refunds_become_refunds_and_the_payment_follows_through_events) {
    StripeSandbox stripe;
    const std::string charge = charge_of(stripe.pay(10000));
    auto harness = stripe_harness(stripe_connector_config(stripe));
    StreamRead payments = read_until_caught_up(harness.connector(), "payment");
    StreamRead refunds = read_until_caught_up(harness.connector(), "refund");
    ASSERT_NE(last_record_of(payments.records, charge), nullptr);
    EXPECT_TRUE(refunds.records.empty());

    const json partial = stripe.post("/v1/refunds", {{"charge", charge}, {"amount", "2500"}, {"reason", "requested_by_customer"}}).json;
    payments = read_until_caught_up(harness.connector(), "payment", payments.cursor);
    const sdk::Record* after_partial = last_record_of(payments.records, charge);
    ASSERT_NE(after_partial, nullptr) << "the refund's events did not bring the payment again";
    EXPECT_EQ(after_partial->body.at("status"), "partially_refunded");
    EXPECT_EQ(after_partial->body.at("refunded_amount"), "25.00");

    const json rest = stripe.post("/v1/refunds", {{"charge", charge}}).json;
    payments = read_until_caught_up(harness.connector(), "payment", payments.cursor);
    ASSERT_NE(last_record_of(payments.records, charge), nullptr);
    EXPECT_EQ(last_record_of(payments.records, charge)->body.at("status"), "refunded");
    EXPECT_EQ(last_record_of(payments.records, charge)->body.at("refunded_amount"), "100.00");

    refunds = read_until_caught_up(harness.connector(), "refund", refunds.cursor);
    const sdk::Record* first = last_record_of(refunds.records, partial.at("id"));
    const sdk::Record* second = last_record_of(refunds.records, rest.at("id"));
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(first->body.at("amount"), "25.00");
    EXPECT_EQ(first->body.at("reason"), "requested_by_customer");
    EXPECT_EQ(first->body.at("status"), "succeeded");
    EXPECT_EQ(first->body.at("payment").at("id"), charge);
    EXPECT_EQ(second->body.at("amount"), "75.00");
    EXPECT_EQ(second->body.at("reason"), "other");
    ASSERT_EQ(first->links.size(), 1u);
    EXPECT_EQ(first->links[0].rel, "payment");

    // A fresh backfill of refunds finds both too.
    auto fresh = stripe_harness(stripe_connector_config(stripe));
    const StreamRead backfilled = read_until_caught_up(fresh.connector(), "refund");
    EXPECT_NE(last_record_of(backfilled.records, partial.at("id")), nullptr);
    EXPECT_NE(last_record_of(backfilled.records, rest.at("id")), nullptr);
}

TEST(StripeConnector, a_signed_delivery_is_accepted_and_any_forgery_refused) {
    StripeSandbox stripe;
    WebhookReceiver receiver;
    endpoint_to(stripe, receiver);
    const std::string charge = charge_of(stripe.pay(4200));
    const auto delivery = delivery_of(receiver, "charge.succeeded");

    auto harness = stripe_harness(stripe_connector_config(stripe, {{"webhook_secret", kRotatedOut}}));
    const sdk::WebhookResult accepted = harness.connector().webhook(as_webhook(delivery));
    ASSERT_EQ(accepted.records.size(), 1u);
    EXPECT_EQ(accepted.records[0].identity.id, charge);
    EXPECT_EQ(accepted.records[0].body.at("amount"), "42.00");
    EXPECT_TRUE(accepted.records[0].body.contains("fees"));

    auto expect_refused = [&](sdk::HttpRequest request, const std::string& why, ConnectorHarness& h) {
        try {
            h.connector().webhook(request);
            ADD_FAILURE() << "accepted: " << why;
        } catch (const sdk::Error& e) {
            EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::data) << why;
            EXPECT_NE(e.outcome().reason.find("Stripe webhook was refused"), std::string::npos) << e.outcome().reason;
        }
    };
    // Any changed byte.
    for (std::size_t at : {std::size_t{0}, delivery.body.size() / 2, delivery.body.size() - 1}) {
        sdk::HttpRequest changed = as_webhook(delivery);
        changed.body[at] = static_cast<char>(changed.body[at] ^ 0x20);
        expect_refused(changed, "byte " + std::to_string(at) + " changed", harness);
    }
    // A stale timestamp, signed correctly with the right secret.
    const std::int64_t stale = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() - 301;
    sdk::HttpRequest old = as_webhook(delivery);
    old.headers = {{"Stripe-Signature", "t=" + std::to_string(stale) + ",v1=" +
                                            sdk::hex_encode(sdk::hmac_sha256(kRotatedOut, std::to_string(stale) + "." + delivery.body))}};
    expect_refused(old, "a timestamp 301 s old", harness);
    // The wrong secret.
    auto other = stripe_harness(stripe_connector_config(stripe, {{"webhook_secret", "whsec_someone_else"}}));
    expect_refused(as_webhook(delivery), "a wrong secret", other);
    // No secret configured at all.
    auto none = stripe_harness(stripe_connector_config(stripe));
    expect_refused(as_webhook(delivery), "no secret", none);
}

TEST(StripeConnector, a_rotated_secret_is_accepted_during_rotation) {
    StripeSandbox stripe;
    WebhookReceiver receiver;
    const std::string endpoint = endpoint_to(stripe, receiver);
    stripe.pay(1000);
    const auto signed_with_old = delivery_of(receiver, "charge.succeeded");
    stripe.control("POST", "/__sandbox/stripe/webhooks/rotate", {{"endpoint", endpoint}, {"secret", kSecret}, {"expires_in_seconds", 3600}});
    const std::size_t before = receiver.deliveries().size();
    stripe.pay(2000);
    const auto signed_with_both = delivery_of(receiver, "charge.succeeded", before);
    ASSERT_FALSE(signed_with_both.body.empty());

    // The new secret configured, the old one kept as previous: both deliveries pass.
    auto rotating = stripe_harness(stripe_connector_config(stripe, {{"webhook_secret", kSecret}, {"previous_webhook_secret", kRotatedOut}}));
    EXPECT_EQ(rotating.connector().webhook(as_webhook(signed_with_old)).records.size(), 1u);
    EXPECT_EQ(rotating.connector().webhook(as_webhook(signed_with_both)).records.size(), 1u);
    // Only the new secret: what Stripe signs during rotation passes, the old signature alone not.
    auto rotated = stripe_harness(stripe_connector_config(stripe, {{"webhook_secret", kSecret}}));
    EXPECT_EQ(rotated.connector().webhook(as_webhook(signed_with_both)).records.size(), 1u);
    EXPECT_THROW(rotated.connector().webhook(as_webhook(signed_with_old)), sdk::Error);
}

TEST(StripeConnector, one_event_delivered_three_times_is_ingested_once) {
    StripeSandbox stripe;
    WebhookReceiver receiver;
    endpoint_to(stripe, receiver, {{"mode", "duplicate"}});
    const std::string charge = charge_of(stripe.pay(3100));
    const auto first = delivery_of(receiver, "charge.succeeded");
    const std::string event = sandbox::testing::parse_exact_or_null(first.body).at("id");
    stripe.control("POST", "/__sandbox/stripe/webhooks/redeliver", {{"event", event}});
    auto copies_of_event = [&] {
        std::vector<WebhookReceiver::Delivery> copies;
        for (const auto& d : receiver.deliveries()) {
            if (sandbox::testing::parse_exact_or_null(d.body).value("id", "") == event) copies.push_back(d);
        }
        return copies;
    };
    // Twice by the duplicate mode, once more by the redelivery: wait for each delivery in turn.
    for (std::size_t next = receiver.deliveries().size() + 1; copies_of_event().size() < 3; ++next) {
        ASSERT_TRUE(receiver.wait_for(next, 30s));
    }
    const auto copies = copies_of_event();
    ASSERT_GE(copies.size(), 3u) << "the sandbox did not deliver the event three times";  // the redelivery is duplicated too

    auto harness = stripe_harness(stripe_connector_config(stripe, {{"webhook_secret", kRotatedOut}}));
    stripe.control("POST", "/__sandbox/stripe/counters/reset");
    std::size_t ingested = 0;
    for (const auto& copy : copies) ingested += harness.connector().webhook(as_webhook(copy)).records.size();
    EXPECT_EQ(ingested, 1u);
    EXPECT_EQ(calls_to(stripe, "GET /v1/charges/{charge}"), 1) << "the charge was re-read for a duplicate";

    // Across a restart too: the ids are in the host's durable state.
    auto restarted = harness.another_instance(stripe_connector_config(stripe, {{"webhook_secret", kRotatedOut}}));
    EXPECT_TRUE(restarted->webhook(as_webhook(copies.back())).records.empty());
    (void)charge;
}

TEST(StripeConnector, out_of_order_events_converge_to_the_final_state) {
    StripeSandbox stripe;
    WebhookReceiver receiver;
    endpoint_to(stripe, receiver, {{"mode", "out_of_order"}});
    const std::string charge = charge_of(stripe.pay(8000));
    stripe.post("/v1/refunds", {{"charge", charge}, {"amount", "3000"}});
    stripe.post("/v1/refunds", {{"charge", charge}});
    stripe.control("POST", "/__sandbox/stripe/webhooks/flush");
    auto harness = stripe_harness(stripe_connector_config(stripe, {{"webhook_secret", kRotatedOut}}));
    ASSERT_TRUE(receiver.wait_for(4, 30s));
    std::vector<sdk::Record> payments;
    for (const auto& d : receiver.deliveries()) {
        for (auto& r : harness.connector().webhook(as_webhook(d)).records) {
            if (r.identity.type == "payment") payments.push_back(std::move(r));
        }
    }
    ASSERT_FALSE(payments.empty());
    // Each delivery re-reads the charge, so whatever the order, the last word is the final state.
    EXPECT_EQ(payments.back().body.at("status"), "refunded");
    EXPECT_EQ(payments.back().body.at("refunded_amount"), "80.00");
}

TEST(StripeConnector, a_refund_whose_response_is_lost_is_made_once_when_retried_with_the_same_key) {
    StripeSandbox stripe;
    const std::string charge = charge_of(stripe.pay(5000));
    auto harness = stripe_harness(stripe_connector_config(stripe));
    sdk::WriteItem item = refund_of("hs-refund-1", "12.34", "requested_by_customer", "hs-payment-1", charge);

    stripe.control("POST", "/__sandbox/faults", {{"api", "stripe"}, {"drop_after_commit", 1}, {"path_prefix", "/v1/refunds"}});
    stripe.control("POST", "/__sandbox/stripe/counters/reset");
    auto outcomes = harness.connector().write({item});
    ASSERT_EQ(outcomes.size(), 1u);
    if (outcomes[0].kind != sdk::OutcomeClass::ok) {
        // The response was lost: the host retries the same change with the same key.
        EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::transient) << outcomes[0].reason;
        item.attempt = 2;
        outcomes = harness.connector().write({item});
    }
    ASSERT_EQ(outcomes.size(), 1u);
    ASSERT_EQ(outcomes[0].kind, sdk::OutcomeClass::ok) << outcomes[0].reason;
    const auto& retried = outcomes;
    EXPECT_EQ(calls_to(stripe, "POST /v1/refunds"), 2) << "the refund was not sent again after its response was lost";
    const json refunds = stripe.get("/v1/refunds?charge=" + charge).json.at("data");
    ASSERT_EQ(refunds.size(), 1u) << refunds.dump();
    EXPECT_EQ(refunds[0].at("id"), retried[0].target_id);
    EXPECT_EQ(refunds[0].at("amount"), 1234);
    EXPECT_EQ(refunds[0].at("reason"), "requested_by_customer");
}

TEST(StripeConnector, a_lock_timeout_is_rate_limited_for_the_host_to_retry_and_refunds_nothing) {
    StripeSandbox stripe;
    const std::string charge = charge_of(stripe.pay(5000));
    auto harness = stripe_harness(stripe_connector_config(stripe));
    sdk::WriteItem item = refund_of("hs-refund-2", "1.00", "other", "hs-payment-2", charge);
    stripe.control("POST", "/__sandbox/stripe/faults", {{"lock_timeout", 1}});
    const auto contended = harness.connector().write({item});
    EXPECT_EQ(contended[0].kind, sdk::OutcomeClass::rate_limited) << contended[0].reason;
    EXPECT_NE(contended[0].reason.find("lock_timeout"), std::string::npos) << contended[0].reason;
    EXPECT_TRUE(stripe.get("/v1/refunds?charge=" + charge).json.at("data").empty());
}

}  // namespace
}  // namespace ledgersync::testing
