// The request rules over real HTTP: paging, expand, nested form keys, validation against the
// spec, errors and their headers, idempotency, rate limits and lock timeouts.

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "stripe_sandbox.hpp"

namespace ledgersync::sandbox::testing {
namespace {

std::vector<std::string> ids_of(const nlohmann::json& page) {
    std::vector<std::string> ids;
    for (const auto& object : page.at("data"))
        ids.push_back(object.at("id").get<std::string>());
    return ids;
}

TEST(StripePaging, lists_newest_first_and_pages_both_ways_with_has_more) {
    StripeSandbox stripe;
    std::vector<std::string> created;
    for (int i = 0; i < 7; ++i)
        created.push_back(stripe.post("/v1/customers", {{"name", "c" + std::to_string(i)}}).json["id"].get<std::string>());
    const std::vector<std::string> newest_first(created.rbegin(), created.rend());

    const auto first = stripe.get("/v1/customers?limit=3");
    EXPECT_EQ(first.json["object"], "list");
    EXPECT_EQ(first.json["url"], "/v1/customers");
    EXPECT_EQ(first.json["has_more"], true);
    EXPECT_EQ(ids_of(first.json), std::vector<std::string>(newest_first.begin(), newest_first.begin() + 3));
    const auto second = stripe.get("/v1/customers?limit=3&starting_after=" + newest_first[2]);
    EXPECT_EQ(ids_of(second.json), std::vector<std::string>(newest_first.begin() + 3, newest_first.begin() + 6));
    const auto last = stripe.get("/v1/customers?limit=3&starting_after=" + newest_first[5]);
    EXPECT_EQ(ids_of(last.json), std::vector<std::string>{newest_first[6]});
    EXPECT_EQ(last.json["has_more"], false);
    const auto back = stripe.get("/v1/customers?limit=2&ending_before=" + newest_first[3]);
    EXPECT_EQ(ids_of(back.json), (std::vector<std::string>{newest_first[1], newest_first[2]}));
    EXPECT_EQ(back.json["has_more"], true);
}

TEST(StripePaging, refuses_limits_outside_1_to_100_and_both_cursors) {
    StripeSandbox stripe;
    EXPECT_EQ(stripe.get("/v1/charges?limit=101").json["error"]["param"], "limit");
    EXPECT_EQ(stripe.get("/v1/charges?limit=0").status, 400);
    EXPECT_EQ(stripe.get("/v1/charges?limit=100").status, 200);
    const auto both = stripe.get("/v1/charges?starting_after=a&ending_before=b");
    EXPECT_EQ(both.status, 400);
    const auto missing = stripe.get("/v1/charges?starting_after=ch_missing");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.json["error"]["code"], "resource_missing");
    EXPECT_EQ(missing.json["error"]["param"], "starting_after");
}

TEST(StripePaging, created_filters_take_exact_values_and_ranges) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/clock", {{"set_ms", 1700000000000}, {"freeze", true}});
    const std::string a = stripe.post("/v1/customers").json["id"];
    stripe.control("POST", "/__sandbox/clock", {{"advance_seconds", 100}});
    const std::string b = stripe.post("/v1/customers").json["id"];
    stripe.control("POST", "/__sandbox/clock", {{"advance_seconds", 100}});
    const std::string c = stripe.post("/v1/customers").json["id"];
    EXPECT_EQ(ids_of(stripe.get("/v1/customers?created=1700000100").json), std::vector<std::string>{b});
    EXPECT_EQ(ids_of(stripe.get("/v1/customers?created[gte]=1700000100").json), (std::vector<std::string>{c, b}));
    EXPECT_EQ(ids_of(stripe.get("/v1/customers?created[gt]=1700000000&created[lt]=1700000200").json),
              std::vector<std::string>{b});
    EXPECT_EQ(ids_of(stripe.get("/v1/customers?created[lte]=1700000100").json), (std::vector<std::string>{b, a}));
}

TEST(StripeExpand, expands_nested_paths_and_data_prefixed_paths_on_lists) {
    StripeSandbox stripe;
    const std::string customer = stripe.post("/v1/customers", {{"email", "a@example.com"}}).json["id"];
    const auto intent = stripe.pay(1200, "usd", {{"customer", customer}});
    const std::string charge = intent.at("latest_charge").at("id");
    const auto nested = stripe.get("/v1/charges/" + charge + "?expand[]=payment_intent.customer&expand[]=balance_transaction");
    EXPECT_EQ(nested.json["payment_intent"]["object"], "payment_intent");
    EXPECT_EQ(nested.json["payment_intent"]["customer"]["email"], "a@example.com");
    EXPECT_EQ(nested.json["balance_transaction"]["object"], "balance_transaction");
    const auto listed = stripe.get("/v1/charges?expand[]=data.balance_transaction&expand[]=data.customer");
    EXPECT_EQ(listed.json["data"][0]["balance_transaction"]["object"], "balance_transaction");
    EXPECT_EQ(listed.json["data"][0]["customer"]["id"], customer);
    // stripe-node's encoding of arrays: expand[0]=..
    const auto indexed = stripe.get("/v1/balance_transactions?expand[0]=data.source");
    EXPECT_EQ(indexed.json["data"][0]["source"]["id"], charge);
    const auto plain = stripe.get("/v1/charges/" + charge);
    EXPECT_TRUE(plain.json["balance_transaction"].is_string());
    EXPECT_FALSE(plain.json.contains("refunds"));  // not shown since 2022-11-15 unless expanded
}

TEST(StripeExpand, refuses_what_cannot_be_expanded) {
    StripeSandbox stripe;
    const std::string charge = stripe.pay(100).at("latest_charge").at("id");
    const auto r = stripe.get("/v1/charges/" + charge + "?expand[]=amount");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json["error"]["message"], "This property cannot be expanded (amount).");
    const auto list = stripe.get("/v1/charges?expand[]=customer");
    EXPECT_EQ(list.status, 400);
    EXPECT_NE(list.json["error"]["message"].get<std::string>().find("data.customer"), std::string::npos);
    const auto deep = stripe.get("/v1/charges/" + charge + "?expand[]=a.b.c.d.e");
    EXPECT_EQ(deep.status, 400);
}

TEST(StripeForm, nested_metadata_keys_set_merge_and_unset) {
    StripeSandbox stripe;
    const auto created = stripe.post("/v1/customers", {{"metadata[order_id]", "42"}, {"metadata[team]", "a b&c"}});
    EXPECT_EQ(created.json["metadata"], (nlohmann::json{{"order_id", "42"}, {"team", "a b&c"}}));
    const std::string id = created.json["id"];
    const auto merged = stripe.post("/v1/customers/" + id, {{"metadata[team]", ""}, {"metadata[tier]", "gold"}});
    EXPECT_EQ(merged.json["metadata"], (nlohmann::json{{"order_id", "42"}, {"tier", "gold"}}));
    const auto cleared = stripe.post("/v1/customers/" + id, {{"metadata", ""}});
    EXPECT_TRUE(cleared.json["metadata"].empty());
    const auto address = stripe.post("/v1/customers/" + id, {{"address[line1]", "1 Main St"}, {"address[city]", "Oslo"}});
    EXPECT_EQ(address.json["address"]["city"], "Oslo");
}

TEST(StripeValidation, unknown_parameter_is_named_like_stripe_does) {
    StripeSandbox stripe;
    const auto r = stripe.post("/v1/customers", {{"nmae", "x"}});
    ASSERT_EQ(r.status, 400);
    EXPECT_EQ(r.json["error"]["type"], "invalid_request_error");
    EXPECT_EQ(r.json["error"]["code"], "parameter_unknown");
    EXPECT_EQ(r.json["error"]["param"], "nmae");
    EXPECT_EQ(r.json["error"]["message"], "Received unknown parameter: nmae");
    const auto nested = stripe.post("/v1/customers", {{"address[planet]", "Mars"}});
    EXPECT_EQ(nested.json["error"]["param"], "address[planet]");
    EXPECT_EQ(nested.json["error"]["message"], "Received unknown parameter: address[planet]");
    const auto query = stripe.get("/v1/charges?colour=red");
    EXPECT_EQ(query.json["error"]["code"], "parameter_unknown");
    EXPECT_EQ(stripe.get("/v1/events").status, 200);
}

TEST(StripeValidation, missing_and_mistyped_parameters_are_refused) {
    StripeSandbox stripe;
    const auto missing = stripe.post("/v1/payment_intents", {{"currency", "usd"}});
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.json["error"]["code"], "parameter_missing");
    EXPECT_EQ(missing.json["error"]["param"], "amount");
    EXPECT_EQ(missing.json["error"]["message"], "Missing required param: amount.");
    const auto integer = stripe.post("/v1/payment_intents", {{"amount", "12.5"}, {"currency", "usd"}});
    EXPECT_EQ(integer.json["error"]["code"], "parameter_invalid_integer");
    const auto boolean = stripe.post("/v1/payment_intents", {{"amount", "10"}, {"currency", "usd"}, {"confirm", "yes"}});
    EXPECT_EQ(boolean.json["error"]["param"], "confirm");
    const auto reason = stripe.post("/v1/refunds", {{"charge", "ch_x"}, {"reason", "bored"}});
    EXPECT_EQ(reason.json["error"]["param"], "reason");
    EXPECT_EQ(stripe.get("/v1/balance_transactions").json["data"].size(), 0u);
}

// Every POST operation of the spec that the sandbox serves refuses a parameter it does not
// define, before doing anything: the validation is the spec's, not a hand-kept list.
TEST(StripeValidation, every_served_post_operation_refuses_an_unknown_parameter) {
    StripeSandbox stripe;
    std::ifstream in(std::string(LEDGERSYNC_SHARED_DIR) + "/specs/stripe/spec3.subset.2023-08-16.json");
    std::stringstream text;
    text << in.rdbuf();
    const auto spec = nlohmann::json::parse(text.str());
    int checked = 0;
    for (const char* path : {"/v1/customers", "/v1/customers/{customer}", "/v1/payment_intents",
                             "/v1/payment_intents/{intent}", "/v1/payment_intents/{intent}/confirm",
                             "/v1/payment_intents/{intent}/capture", "/v1/payment_intents/{intent}/cancel",
                             "/v1/charges", "/v1/charges/{charge}", "/v1/charges/{charge}/capture",
                             "/v1/refunds", "/v1/refunds/{refund}", "/v1/payouts", "/v1/payouts/{payout}",
                             "/v1/webhook_endpoints", "/v1/webhook_endpoints/{webhook_endpoint}"}) {
        ASSERT_TRUE(spec["paths"][path].contains("post")) << path;
        std::string concrete = path;
        const auto open = concrete.find('{');
        if (open != std::string::npos)
            concrete = concrete.substr(0, open) + "x_1" + concrete.substr(concrete.find('}') + 1);
        const auto r = stripe.post(concrete, {{"zz_not_a_parameter", "1"}});
        EXPECT_EQ(r.status, 400) << path;
        EXPECT_EQ(r.json["error"]["code"], "parameter_unknown") << path << ": " << r.body;
        EXPECT_EQ(r.json["error"]["param"], "zz_not_a_parameter") << path;
        ++checked;
    }
    EXPECT_EQ(checked, 16);
}

TEST(StripeErrors, every_answer_has_a_request_id_and_errors_have_stripes_shape) {
    StripeSandbox stripe;
    const auto ok = stripe.get("/v1/balance");
    EXPECT_EQ(ok.header("Request-Id").rfind("req_", 0), 0u);
    EXPECT_EQ(ok.header("Stripe-Version"), "2023-08-16");
    const auto missing = stripe.get("/v1/charges/ch_nothing");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.json["error"]["type"], "invalid_request_error");
    EXPECT_EQ(missing.json["error"]["code"], "resource_missing");
    EXPECT_EQ(missing.json["error"]["message"], "No such charge: 'ch_nothing'");
    EXPECT_EQ(missing.header("Request-Id").rfind("req_", 0), 0u);
    EXPECT_NE(missing.header("Request-Id"), ok.header("Request-Id"));
    const auto url = stripe.get("/v1/nothing_here");
    EXPECT_EQ(url.status, 404);
    EXPECT_EQ(url.json["error"]["message"].get<std::string>().rfind("Unrecognized request URL (GET: /v1/nothing_here)", 0), 0u);
}

TEST(StripeErrors, api_keys_are_required_and_checked) {
    StripeSandbox stripe;
    const auto none = ledgersync::testing::http_request("GET", stripe.url() + "/v1/charges");
    EXPECT_EQ(none.status, 401);
    const auto bad = stripe.get("/v1/charges", {{"Authorization", "Bearer pk_test_nope"}});
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(bad.json["error"]["type"], "invalid_request_error");
    // Basic auth with the key as user name, as Stripe accepts.
    const auto basic = stripe.get("/v1/charges", {{"Authorization", "Basic c2tfdGVzdF9hYmM6"}});
    EXPECT_EQ(basic.status, 200);
}

TEST(StripeRestrictedKeys, a_request_without_the_permission_is_a_403_in_stripes_shape_naming_it) {
    StripeSandbox stripe;
    const std::string key = "rk_test_ledgersync_charges_only";
    const auto created = stripe.control("POST", "/__sandbox/stripe/restricted_keys",
                                        {{"key", key}, {"permissions", {{"charge", "read"}, {"refund", "write"}, {"event", "none"}}}});
    EXPECT_EQ(created["permissions"], (nlohmann::json{{"charge", "read"}, {"refund", "write"}}));
    EXPECT_EQ(created["livemode"], false);
    const std::map<std::string, std::string> as_key = {{"Authorization", "Bearer " + key}};

    EXPECT_EQ(stripe.get("/v1/charges?limit=1", as_key).status, 200);
    EXPECT_EQ(stripe.get("/v1/refunds", as_key).status, 200) << "Write includes Read";

    const auto refused = stripe.get("/v1/events?limit=1", as_key);
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(refused.header("Request-Id").rfind("req_", 0), 0u);
    const auto& error = refused.json["error"];
    EXPECT_EQ(error["type"], "invalid_request_error");
    EXPECT_FALSE(error.contains("code")) << "Stripe sends no code with a permission error";
    // The key shown as Stripe shows it: its prefix, stars, its last six characters.
    EXPECT_EQ(error["message"], "The provided key 'rk_test_*****************s_only' does not have the required permissions for this "
                                "endpoint on account 'acct_1LedgerSyncSandbox'. Having the 'rak_event_read' permission would allow "
                                "this request to continue.");

    // Read is not Write; a charge-scoped path needs the permission of what it makes.
    const auto write = stripe.post("/v1/charges", {{"amount", "100"}, {"currency", "usd"}, {"source", "tok_visa"}}, as_key);
    EXPECT_EQ(write.status, 403);
    EXPECT_NE(write.json["error"]["message"].get<std::string>().find("'rak_charge_write'"), std::string::npos);
    EXPECT_NE(stripe.get("/v1/balance_transactions", as_key).json["error"]["message"].get<std::string>().find(
                  "'rak_balance_transaction_source_read'"),
              std::string::npos);
    EXPECT_NE(stripe.get("/v1/balance", as_key).json["error"]["message"].get<std::string>().find("'rak_balance_read'"),
              std::string::npos);
    EXPECT_EQ(stripe.get("/v1/charges", as_key).status, 200) << "a refusal changes nothing";
    EXPECT_EQ(stripe.get("/v1/charges").status, 200) << "secret keys may do everything";
}

TEST(StripeRestrictedKeys, a_restricted_key_exists_once_created_and_until_reset) {
    StripeSandbox stripe;
    const std::map<std::string, std::string> unknown = {{"Authorization", "Bearer rk_live_never_created_here"}};
    const auto refused = stripe.get("/v1/charges", unknown);
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.json["error"]["message"], "Invalid API Key provided: rk_live_*********here");

    const std::string key = stripe.control("POST", "/__sandbox/stripe/restricted_keys", {{"permissions", {{"charge", "read"}}}})["key"];
    EXPECT_EQ(key.rfind("rk_test_", 0), 0u);
    EXPECT_EQ(stripe.get("/v1/charges", {{"Authorization", "Bearer " + key}}).status, 200);
    EXPECT_EQ(stripe.control("GET", "/__sandbox/stripe/restricted_keys")["keys"][0]["key"], key);

    const auto bad = [&](const nlohmann::json& body) {
        return ledgersync::testing::http_request("POST", stripe.url() + "/__sandbox/stripe/restricted_keys", body.dump(),
                                                 {{"Content-Type", "application/json"}});
    };
    EXPECT_EQ(bad({{"key", "sk_test_not_restricted"}}).status, 400);
    const auto unknown_resource = bad({{"permissions", {{"charges", "read"}}}});
    EXPECT_EQ(unknown_resource.status, 400);
    EXPECT_EQ(nlohmann::json::parse(unknown_resource.body)["error"].get<std::string>().rfind("unknown resource \"charges\"", 0), 0u)
        << unknown_resource.body;
    EXPECT_EQ(bad({{"permissions", {{"charge", "all"}}}}).status, 400);

    stripe.control("POST", "/__sandbox/stripe/reset");
    EXPECT_EQ(stripe.get("/v1/charges", {{"Authorization", "Bearer " + key}}).status, 401);
}

TEST(StripeErrors, lock_timeout_is_a_429_that_says_retry) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/stripe/faults", {{"lock_timeout", 1}});
    const auto r = stripe.post("/v1/customers");
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.json["error"]["code"], "lock_timeout");
    EXPECT_EQ(r.header("Stripe-Should-Retry"), "true");
    EXPECT_EQ(stripe.post("/v1/customers").status, 200);
    EXPECT_EQ(stripe.get("/v1/customers").json["data"].size(), 1u);
}

TEST(StripeErrors, injected_server_errors_have_stripes_api_error_shape) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/faults", {{"api", "stripe"}, {"error_rate", 1}, {"error_status", 503}});
    const auto r = stripe.get("/v1/charges");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.json["error"]["type"], "api_error");
    EXPECT_EQ(r.header("Stripe-Should-Retry"), "true");
}

TEST(StripeRateLimits, test_mode_defaults_to_25_reads_and_writes_a_second_live_to_100) {
    StripeSandbox stripe(true);
    const auto limits = stripe.control("GET", "/__sandbox/stripe/rate_limits");
    EXPECT_EQ(limits["test"]["read"], 25);
    EXPECT_EQ(limits["test"]["write"], 25);
    EXPECT_EQ(limits["live"]["read"], 100);
    EXPECT_EQ(limits["live"]["write"], 100);
    EXPECT_EQ(limits["enabled"], true);
}

TEST(StripeRateLimits, a_burst_over_the_limit_gets_429_rate_limit_and_reads_and_writes_count_apart) {
    StripeSandbox stripe(true);
    stripe.control("POST", "/__sandbox/stripe/rate_limits", {{"test", {{"read", 3}, {"write", 3}}}});
    constexpr int kBurst = 12;
    std::atomic<int> ok{0}, limited{0};
    std::vector<std::thread> threads;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < kBurst; ++i) {
        threads.emplace_back([&] {
            const auto r = stripe.get("/v1/charges");
            if (r.status == 200)
                ++ok;
            if (r.status == 429 && r.json["error"]["code"] == "rate_limit")
                ++limited;
        });
    }
    for (auto& t : threads)
        t.join();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(ok + limited, kBurst);
    EXPECT_LE(ok.load(), 3 * (seconds + 1));
    EXPECT_GE(limited.load(), 1);
    // Live keys have their own, larger budget.
    EXPECT_EQ(stripe.get("/v1/charges", {{"Authorization", "Bearer sk_live_abc"}}).status, 200);
}

TEST(StripeIdempotency, a_retry_replays_the_stored_response_without_a_second_charge) {
    StripeSandbox stripe;
    const FormFields fields = {{"amount", "1500"}, {"currency", "usd"}, {"payment_method", "pm_card_visa"}, {"confirm", "true"}};
    const auto first = stripe.post("/v1/payment_intents", fields, {{"Idempotency-Key", "key-1"}});
    const auto second = stripe.post("/v1/payment_intents", fields, {{"Idempotency-Key", "key-1"}});
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(second.body, first.body);
    EXPECT_EQ(second.header("Idempotency-Key"), "key-1");
    EXPECT_NE(second.header("Request-Id"), first.header("Request-Id"));
    EXPECT_EQ(stripe.get("/v1/charges").json["data"].size(), 1u);
    EXPECT_EQ(stripe.get("/v1/balance_transactions").json["data"].size(), 1u);
}

TEST(StripeIdempotency, a_stored_error_is_replayed_too) {
    StripeSandbox stripe;
    const FormFields fields = {{"amount", "1500"}, {"currency", "usd"}, {"payment_method", "pm_card_chargeDeclined"}, {"confirm", "true"}};
    const auto first = stripe.post("/v1/payment_intents", fields, {{"Idempotency-Key", "declined"}});
    const auto second = stripe.post("/v1/payment_intents", fields, {{"Idempotency-Key", "declined"}});
    EXPECT_EQ(first.status, 402);
    EXPECT_EQ(second.status, 402);
    EXPECT_EQ(second.body, first.body);
    EXPECT_EQ(stripe.get("/v1/charges").json["data"].size(), 1u);
}

TEST(StripeIdempotency, the_same_key_with_other_parameters_is_an_idempotency_error) {
    StripeSandbox stripe;
    EXPECT_EQ(stripe.post("/v1/customers", {{"name", "A"}}, {{"Idempotency-Key", "k"}}).status, 200);
    const auto other = stripe.post("/v1/customers", {{"name", "B"}}, {{"Idempotency-Key", "k"}});
    EXPECT_EQ(other.status, 400);
    EXPECT_EQ(other.json["error"]["type"], "idempotency_error");
    EXPECT_NE(other.json["error"]["message"].get<std::string>().find("same parameters"), std::string::npos);
    const auto elsewhere = stripe.post("/v1/payment_intents", {{"name", "A"}}, {{"Idempotency-Key", "k"}});
    EXPECT_EQ(elsewhere.status, 400);
    EXPECT_EQ(stripe.get("/v1/customers").json["data"].size(), 1u);
}

TEST(StripeIdempotency, a_request_refused_by_validation_does_not_use_up_its_key) {
    StripeSandbox stripe;
    EXPECT_EQ(stripe.post("/v1/customers", {{"bogus", "1"}}, {{"Idempotency-Key", "fix-me"}}).status, 400);
    EXPECT_EQ(stripe.post("/v1/customers", {{"name", "Fixed"}}, {{"Idempotency-Key", "fix-me"}}).status, 200);
}

TEST(StripeIdempotency, a_concurrent_duplicate_gets_409_and_only_one_charge_is_made) {
    StripeSandbox stripe;
    // Every Stripe request spends 3 s in flight after claiming its key: ample time for the
    // duplicate to arrive while the first is still running, even on a loaded machine.
    stripe.control("POST", "/__sandbox/faults", {{"api", "stripe"}, {"latency_ms", 3000}});
    const FormFields fields = {{"amount", "900"}, {"currency", "usd"}, {"payment_method", "pm_card_visa"}, {"confirm", "true"}};
    StripeResult a, b;
    std::thread first([&] { a = stripe.post("/v1/payment_intents", fields, {{"Idempotency-Key", "race"}}); });
    std::thread second([&] { b = stripe.post("/v1/payment_intents", fields, {{"Idempotency-Key", "race"}}); });
    first.join();
    second.join();
    std::multiset<int> statuses{a.status, b.status};
    EXPECT_EQ(statuses, (std::multiset<int>{200, 409}));
    const auto& conflict = a.status == 409 ? a : b;
    EXPECT_EQ(conflict.json["error"]["type"], "idempotency_error");
    EXPECT_EQ(conflict.header("Stripe-Should-Retry"), "true");
    stripe.control("DELETE", "/__sandbox/faults");
    EXPECT_EQ(stripe.get("/v1/charges").json["data"].size(), 1u);
    // After the first finished, the retry replays it.
    EXPECT_EQ(stripe.post("/v1/payment_intents", fields, {{"Idempotency-Key", "race"}}).status, 200);
    EXPECT_EQ(stripe.get("/v1/charges").json["data"].size(), 1u);
}

TEST(StripeCounters, count_requests_per_endpoint_family) {
    StripeSandbox stripe;
    stripe.pay(100);
    stripe.get("/v1/charges");
    stripe.get("/v1/balance_transactions");
    const auto counters = stripe.control("GET", "/__sandbox/stripe/counters");
    EXPECT_EQ(counters["by_family"]["payment_intents"], 1);
    EXPECT_EQ(counters["by_family"]["charges"], 1);
    EXPECT_EQ(counters["by_family"]["balance_transactions"], 1);
    EXPECT_EQ(counters["by_endpoint"]["POST /v1/payment_intents"], 1);
    stripe.control("POST", "/__sandbox/stripe/counters/reset");
    EXPECT_EQ(stripe.control("GET", "/__sandbox/stripe/counters")["total"], 0);
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
