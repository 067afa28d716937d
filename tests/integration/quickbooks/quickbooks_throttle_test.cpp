// Rate limits: the host's HTTP service keeps the connection within its budget, so a throttled
// sandbox sees no more than its limit in any minute and every write lands; after a 429 the
// connection waits Retry-After (else 60 s, with jitter) before its next call.
//
// The sandbox counts its limits per minute (a batch by its items), so these tests take a little
// over a minute each.

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <thread>

#include <ledgersync/sdk.hpp>

#include "connector_harness.hpp"
#include "qbo_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using sdk::OutcomeClass;
using testing::canonical_invoice;
using testing::ConnectorHarness;
using testing::QboSandbox;
using testing::WriteItemBuilder;

constexpr std::int64_t kMinuteMs = 60'000;

std::vector<sdk::RecordLink> links(const std::string& customer, const std::string& item) {
    return {{"customer", "customer", "cust", "/customer", customer}, {"product", "product", "prod", "/lines/0/product", item}};
}

/// The most requests that reached the sandbox within any window of `window_ms`, counting a
/// batch by its items as QBO does.
std::size_t busiest_window(const json& log, std::int64_t window_ms) {
    std::deque<std::pair<std::int64_t, std::size_t>> window;
    std::size_t in_window = 0;
    std::size_t busiest = 0;
    for (const auto& r : log) {
        const std::int64_t t = r.at("time_ms").get<std::int64_t>();
        const std::size_t units = std::max<std::size_t>(1, r.value("batch_items", std::size_t{0}));
        window.emplace_back(t, units);
        in_window += units;
        while (!window.empty() && window.front().first <= t - window_ms) {
            in_window -= window.front().second;
            window.pop_front();
        }
        busiest = std::max(busiest, in_window);
    }
    return busiest;
}

std::pair<std::string, std::string> customer_and_item(ConnectorHarness& h) {
    const auto outcomes = h.connector().write(
        {WriteItemBuilder::make("customer", "cust", {{"display_name", "Throttled Customer"}}, {}),
         WriteItemBuilder::make("product", "prod", {{"name", "Throttled Service"}, {"type", "service"}}, {})});
    EXPECT_EQ(outcomes.at(0).kind, OutcomeClass::ok) << outcomes.at(0).reason;
    EXPECT_EQ(outcomes.at(1).kind, OutcomeClass::ok) << outcomes.at(1).reason;
    return {outcomes.at(0).target_id, outcomes.at(1).target_id};
}

/// Throttles the sandbox's company to `per_minute` requests (10 at once, 40 batches a minute)
/// and connects to it with budgets that match the company's limits.
ConnectorHarness throttled_company(const QboSandbox& sandbox, int per_minute) {
    sandbox.control("POST", "/__sandbox/faults",
                    {{"throttling", true},
                     {"throttle", {{"qbo", {{"per_minute", per_minute}, {"concurrent", 10}, {"batch_per_minute", 40}}}}}});
    return ConnectorHarness(sandbox.connector_config({{"mapping", {{"income_account_id", "1"}}}}),
                            {{"default", per_minute, 60, 10}, {"batch", 40, 60, 0}});
}

TEST(QuickBooksThrottle, a_throttled_company_gets_every_write_and_never_more_than_its_limit_per_minute) {
    constexpr int kLimit = 20;
    QboSandbox sandbox;
    sandbox.use_custom_transaction_numbers();  // the invoices are counted by their numbers
    ConnectorHarness h = throttled_company(sandbox, kLimit);
    const auto [customer, item] = customer_and_item(h);

    // 30 invoices written by 3 workers at once, one per call, as the bus's workers would.
    std::atomic<int> landed{0};
    std::vector<std::string> failures;
    std::mutex failures_mutex;
    std::vector<std::thread> workers;
    for (int w = 0; w < 3; ++w) {
        workers.emplace_back([&, w] {
            for (int i = 0; i < 10; ++i) {
                const std::string n = std::to_string(w * 10 + i);
                const auto outcome = h.connector().write(
                    {WriteItemBuilder::make("invoice", "inv" + n, canonical_invoice("TH-" + n, "cust", "prod"), links(customer, item))})[0];
                if (outcome.kind == OutcomeClass::ok) {
                    ++landed;
                } else {
                    std::lock_guard lock(failures_mutex);
                    failures.push_back(outcome.reason);
                }
            }
        });
    }
    for (auto& t : workers) t.join();
    EXPECT_EQ(landed.load(), 30) << (failures.empty() ? "" : failures.front());

    const json log = sandbox.request_log();
    // One batch (customer and item), the company's preferences read once, 30 invoices: nothing
    // retried.
    EXPECT_EQ(log.size(), 32u);
    EXPECT_LE(busiest_window(log, kMinuteMs), static_cast<std::size_t>(kLimit));
    EXPECT_EQ(sandbox.counters()["throttled"], 0);
    int invoices = 0;
    for (const auto& invoice : sandbox.entities("Invoice")) invoices += invoice.value("DocNumber", "").rfind("TH-", 0) == 0 ? 1 : 0;
    EXPECT_EQ(invoices, 30);
}

TEST(QuickBooksThrottle, batches_are_paced_by_their_items_so_forty_invoices_land_without_a_429) {
    constexpr int kLimit = 35;
    QboSandbox sandbox;
    ConnectorHarness h = throttled_company(sandbox, kLimit);
    const auto [customer, item] = customer_and_item(h);  // a batch of 2

    // One hand-over of 40 invoices: batches of 30 and 10, 42 requests in QBO's count with the
    // first batch. Counting a batch as one request would send both at once and meet a 429.
    std::vector<sdk::WriteItem> items;
    for (int i = 0; i < 40; ++i) {
        const std::string n = std::to_string(i);
        items.push_back(WriteItemBuilder::make("invoice", "inv" + n, canonical_invoice("BP-" + n, "cust", "prod"), links(customer, item)));
    }
    const auto outcomes = h.connector().write(items);
    for (std::size_t i = 0; i < outcomes.size(); ++i) EXPECT_EQ(outcomes[i].kind, OutcomeClass::ok) << i << ": " << outcomes[i].reason;

    const json log = sandbox.request_log();
    EXPECT_LE(busiest_window(log, kMinuteMs), static_cast<std::size_t>(kLimit));
    EXPECT_EQ(sandbox.counters()["throttled"], 0);
    // Three batches and the one read of the company's preferences before the invoices: nothing
    // retried.
    ASSERT_EQ(log.size(), 4u);
    EXPECT_NE(log[1]["path"].get<std::string>().find("/preferences"), std::string::npos) << log[1].dump();
    EXPECT_GE(log[3]["time_ms"].get<std::int64_t>() - log[2]["time_ms"].get<std::int64_t>(), kMinuteMs - 1000)
        << "the second batch of invoices did not wait for the first one's items to leave the minute";
}

TEST(QuickBooksThrottle, after_a_429_the_connection_waits_a_minute_with_jitter_and_then_lands) {
    QboSandbox sandbox;
    ConnectorHarness h(sandbox.connector_config({{"mapping", {{"income_account_id", "1"}}}}));  // the manifest's 500 per minute
    const auto [customer, item] = customer_and_item(h);
    // Another app used most of the company's budget; QBO answers throttles in XML at times.
    sandbox.control("POST", "/__sandbox/faults",
                    {{"throttling", true}, {"throttle", {{"qbo", {{"per_minute", 4}, {"concurrent", 10}, {"batch_per_minute", 40}, {"format", "xml"}}}}}});

    sdk::Outcome throttled;
    int written = 0;
    for (int i = 0; i < 6 && throttled.kind != OutcomeClass::rate_limited; ++i) {
        throttled = h.connector().write({WriteItemBuilder::make("invoice", "inv" + std::to_string(i),
                                                                canonical_invoice("RL-" + std::to_string(i), "cust", "prod"), links(customer, item))})[0];
        if (throttled.kind == OutcomeClass::ok) ++written;
    }
    ASSERT_EQ(throttled.kind, OutcomeClass::rate_limited) << throttled.reason;
    EXPECT_GE(throttled.retry_after, std::chrono::seconds(1));
    EXPECT_NE(throttled.reason.find("rate limit"), std::string::npos) << throttled.reason;

    // The host holds the connection: the retry goes out only after the wait, and lands.
    const auto retried = h.connector().write({WriteItemBuilder::make("invoice", "retry", canonical_invoice("RL-retry", "cust", "prod"),
                                                                     links(customer, item))})[0];
    EXPECT_EQ(retried.kind, OutcomeClass::ok) << retried.reason;

    const json log = sandbox.request_log();
    std::int64_t throttled_at = -1;
    std::int64_t next_at = -1;
    for (const auto& r : log) {
        if (r.value("outcome", "") == "throttled" && throttled_at < 0) {
            throttled_at = r["time_ms"];
        } else if (throttled_at >= 0 && next_at < 0) {
            next_at = r["time_ms"];
        }
    }
    ASSERT_GE(throttled_at, 0);
    ASSERT_GE(next_at, 0);
    const std::int64_t expected_wait = throttled.retry_after.count();
    EXPECT_GE(next_at - throttled_at, expected_wait - 250) << "the next call came " << (next_at - throttled_at) << " ms after the 429";
    EXPECT_EQ(sandbox.counters()["throttled"], 1);
    EXPECT_GE(written, 1);
}

}  // namespace
}  // namespace ledgersync
