// requestid replays, dropped connections, and Intuit's rate limits over HTTP.

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ledgersync/sdk/decimal.hpp>

#include "support/sandbox_process.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using ::testing::HasSubstr;

const char* kInvoice =
    R"({"CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail","Amount":10,
    "SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})";

class QboReliabilityHttp : public ::testing::Test {
protected:
    void SetUp() override {
        sandbox_.authorize();
        sandbox_.create("Customer", {{"DisplayName", "Amy's Bird Sanctuary"}});
    }
    int invoice_count() {
        return sandbox_.api("GET", "query?query=select%20count(*)%20from%20Invoice")
            .json["QueryResponse"]
            .value("totalCount", 0);
    }
    SandboxProcess sandbox_;
};

TEST_F(QboReliabilityHttp, replays_same_requestid_without_duplicate) {
    const auto first = sandbox_.api("POST", "invoice?requestid=4957", kInvoice);
    const auto second = sandbox_.api("POST", "invoice?requestid=4957", kInvoice);
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(second.body, first.body);
    EXPECT_EQ(invoice_count(), 1);
    const auto other = sandbox_.api("POST", "invoice?requestid=4958", kInvoice);
    EXPECT_NE(other.json["Invoice"]["Id"], first.json["Invoice"]["Id"]);
    EXPECT_EQ(invoice_count(), 2);
    const auto counters = sandbox_.control("GET", "/__sandbox/counters");
    EXPECT_EQ(counters["replayed"], 1);
}

TEST_F(QboReliabilityHttp, concurrent_retries_with_one_requestid_create_one_invoice) {
    std::vector<std::thread> threads;
    std::vector<std::string> bodies(8);
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        threads.emplace_back([&, i] {
            bodies[i] = sandbox_.api("POST", "invoice?requestid=same-key", kInvoice).body;
        });
    }
    for (auto& t : threads)
        t.join();
    for (const auto& body : bodies)
        EXPECT_EQ(body, bodies.front());
    EXPECT_EQ(invoice_count(), 1);
}

TEST_F(QboReliabilityHttp, concurrent_writes_get_distinct_ids_and_consistent_balances) {
    sandbox_.control("POST", "/__sandbox/faults", {{"throttling", false}});
    std::vector<std::thread> threads;
    std::mutex mutex;
    std::set<std::string> ids;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                const auto r = sandbox_.api("POST", "invoice", kInvoice);
                std::lock_guard lock(mutex);
                ids.insert(r.json["Invoice"]["Id"].get<std::string>());
            }
        });
    }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(ids.size(), 80u);
    EXPECT_EQ(invoice_count(), 80);
    EXPECT_EQ(
        sdk::Decimal::from_json(sandbox_.api("GET", "customer/1").json["Customer"]["Balance"]),
        sdk::Decimal(800));
}

TEST_F(QboReliabilityHttp, replays_a_fault_too) {
    const auto first =
        sandbox_.api("POST", "invoice?requestid=bad-1", R"({"CustomerRef":{"value":"1"}})");
    EXPECT_EQ(first.status, 400);
    const auto second = sandbox_.api("POST", "invoice?requestid=bad-1", kInvoice);
    EXPECT_EQ(second.status, 400);
    EXPECT_EQ(second.body, first.body);
}

TEST_F(QboReliabilityHttp,
       connection_dropped_after_commit_is_recovered_by_retrying_the_same_requestid) {
    sandbox_.control("POST", "/__sandbox/faults",
                     {{"drop_after_commit", 1},
                      {"path_prefix", "/v3/company/" + sandbox_.realm() + "/invoice"}});
    EXPECT_ANY_THROW(
        sandbox_.api("POST", "invoice?requestid=abc-1", kInvoice));  // no response: reset/EOF
    EXPECT_EQ(invoice_count(), 1);                                   // but the write happened
    const auto retry = sandbox_.api("POST", "invoice?requestid=abc-1", kInvoice);
    ASSERT_EQ(retry.status, 200) << retry.body;
    EXPECT_EQ(retry.json["Invoice"]["Id"], "1");
    EXPECT_EQ(invoice_count(), 1);
    const auto log = sandbox_.control("GET", "/__sandbox/requests?realm=" + sandbox_.realm());
    bool saw_drop = false;
    for (const auto& r : log["requests"])
        saw_drop = saw_drop || (r["outcome"] == "dropped_after_commit" && r["status"] == 0);
    EXPECT_TRUE(saw_drop);
}

TEST_F(QboReliabilityHttp, connection_dropped_before_processing_writes_nothing) {
    sandbox_.control("POST", "/__sandbox/faults", {{"drop_before", 1}});
    EXPECT_ANY_THROW(sandbox_.api("POST", "invoice?requestid=abc-2", kInvoice));
    EXPECT_EQ(invoice_count(), 0);
    EXPECT_EQ(sandbox_.api("POST", "invoice?requestid=abc-2", kInvoice).status, 200);
    EXPECT_EQ(invoice_count(), 1);
}

TEST_F(QboReliabilityHttp, injected_errors_follow_the_rate_deterministically_for_a_seed) {
    const auto run = [&] {
        sandbox_.control("POST", "/__sandbox/faults",
                         {{"error_rate", "0.5"}, {"error_status", 503}, {"seed", 7}});
        std::string pattern;
        for (int i = 0; i < 40; ++i)
            pattern += sandbox_.api("GET", "customer/1").status == 503 ? 'E' : '.';
        return pattern;
    };
    const std::string a = run();
    const std::string b = run();
    EXPECT_EQ(a, b);
    const auto errors = std::count(a.begin(), a.end(), 'E');
    EXPECT_GT(errors, 5);
    EXPECT_LT(errors, 35);
    sandbox_.control("POST", "/__sandbox/faults", {{"error_rate", 1}, {"error_status", 500}});
    const auto system = sandbox_.api("GET", "customer/1");
    EXPECT_EQ(system.status, 500);
    EXPECT_EQ(system.json["Fault"]["Error"][0]["code"], "10000");
    sandbox_.raw("DELETE", "/__sandbox/faults");
    EXPECT_EQ(sandbox_.api("GET", "customer/1").status, 200);
}

TEST_F(QboReliabilityHttp, over_the_per_minute_limit_answers_429_with_throttle_exceeded) {
    sandbox_.control("POST", "/__sandbox/faults", {{"throttle", {{"qbo", {{"per_minute", 5}}}}}});
    // A fresh window: SetUp's request is a minute old.
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 61}});
    sandbox_.authorize();
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(sandbox_.api("GET", "customer/1").status, 200) << i;
    const auto throttled = sandbox_.api("GET", "customer/1");
    EXPECT_EQ(throttled.status, 429);
    EXPECT_EQ(throttled.json["Fault"]["type"], "SERVICE");
    EXPECT_EQ(throttled.json["Fault"]["Error"][0]["code"], "3001");
    EXPECT_EQ(throttled.json["Fault"]["Error"][0]["Message"],
              "message=ThrottleExceeded; errorCode=003001; statusCode=429");
    EXPECT_EQ(throttled.json["Fault"]["Error"][0]["Detail"],
              "The request limit was reached.  Try again later");
    // Another company has its own budget.
    const auto other = sandbox_.control("POST", "/__sandbox/qbo/seed", {{"tokens", true}});
    EXPECT_EQ(
        sandbox_.api_for(other["realm_id"], other["tokens"]["access_token"], "GET", "companyinfo/1")
            .status,
        200);
    // A minute later the window has moved on.
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 61}});
    sandbox_.authorize();
    EXPECT_EQ(sandbox_.api("GET", "customer/1").status, 200);
    const auto counters = sandbox_.control("GET", "/__sandbox/counters");
    EXPECT_EQ(counters["by_realm"][sandbox_.realm()]["throttled"], 1);
}

TEST_F(QboReliabilityHttp, throttle_can_answer_in_xml_and_can_be_turned_off) {
    sandbox_.control("POST", "/__sandbox/faults",
                     {{"throttle", {{"qbo", {{"per_minute", 1}, {"format", "xml"}}}}}});
    sandbox_.api("GET", "customer/1");
    const auto xml = sandbox_.api("GET", "customer/1");
    EXPECT_EQ(xml.status, 429);
    EXPECT_THAT(xml.body, HasSubstr("<Error code=\"3001\">"));
    EXPECT_THAT(xml.header("Content-Type"), HasSubstr("application/xml"));
    sandbox_.control("POST", "/__sandbox/faults", {{"throttling", false}});
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(sandbox_.api("GET", "customer/1").status, 200);
}

TEST_F(QboReliabilityHttp, more_than_10_requests_in_flight_are_throttled) {
    sandbox_.control("POST", "/__sandbox/faults", {{"latency_ms", 600}});
    std::atomic<int> ok{0};
    std::atomic<int> throttled{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 16; ++i) {
        threads.emplace_back([&] {
            const int status = sandbox_.api("GET", "customer/1").status;
            (status == 200 ? ok : throttled) += status == 200 || status == 429 ? 1 : 0;
        });
    }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(ok + throttled, 16);
    EXPECT_LE(ok.load(), 10);
    EXPECT_GE(throttled.load(), 6);
}

TEST_F(QboReliabilityHttp, batch_requests_are_limited_to_40_per_minute_and_their_items_count) {
    sandbox_.control("POST", "/__sandbox/faults",
                     {{"throttle", {{"qbo", {{"batch_per_minute", 2}, {"per_minute", 100}}}}}});
    const std::string batch =
        R"({"BatchItemRequest":[{"bId":"1","Query":"select * from Customer"},{"bId":"2","Query":"select * from Item"}]})";
    EXPECT_EQ(sandbox_.api("POST", "batch", batch).status, 200);
    EXPECT_EQ(sandbox_.api("POST", "batch", batch).status, 200);
    EXPECT_EQ(sandbox_.api("POST", "batch", batch).status, 429);
    EXPECT_EQ(sandbox_.api("GET", "customer/1").status, 200);
    const auto log = sandbox_.control("GET", "/__sandbox/requests");
    int batch_items = 0;
    for (const auto& r : log["requests"])
        batch_items += r["batch_items"].get<int>();
    EXPECT_EQ(batch_items, 6);
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
