// A restart must not send into a window the API still counts as full: the rate budgets' recent
// use is stored and loaded again. A local server plays the API, counting requests in a sliding
// window and answering 429 beyond its limit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <mutex>

#include "local_http_server.hpp"
#include "services/clock.hpp"
#include "services/http/poco_http_service.hpp"
#include "services/http/rate_budget_journal.hpp"
#include "services/logger.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace ledgersync::services::http {
namespace {

using namespace std::chrono_literals;
using testing::LocalHttpServer;
using testing::ObservedRequest;
using testing::Reply;
using SteadyClock = std::chrono::steady_clock;

constexpr int kLimit = 5;
constexpr auto kWindow = 2s;

/// An API that allows kLimit requests in any window of kWindow, like QBO's throttle, and
/// answers 429 (Retry-After: 2) beyond it.
class ThrottledApi {
public:
    ThrottledApi()
        : server_([this](const ObservedRequest& seen) {
              std::lock_guard lock(mutex_);
              while (!arrivals_.empty() && arrivals_.front() + kWindow <= seen.started) arrivals_.pop_front();
              arrivals_.push_back(seen.started);
              if (static_cast<int>(arrivals_.size()) > kLimit) {
                  ++throttled_;
                  return Reply{429, R"({"fault": "ThrottleExceeded"})", {{"Retry-After", "2"}}, false};
              }
              return Reply{200, "{}", {}, false};
          }) {}
    std::string url() const { return server_.url("/v3/company/1/query"); }
    int throttled() const {
        std::lock_guard lock(mutex_);
        return throttled_;
    }
    std::vector<ObservedRequest> requests() const { return server_.requests(); }

private:
    mutable std::mutex mutex_;
    std::deque<SteadyClock::time_point> arrivals_;
    int throttled_ = 0;
    LocalHttpServer server_;
};

/// One run of the host's HTTP client with its journal, on a store that outlives it.
class HostRun {
public:
    HostRun(store::Store& store, Logger& logger, const Clock& clock)
        : http_(HttpServiceOptions{}, clock, nullptr, &logger), journal_(http_, store, clock, logger, 100ms) {
        ConnectionHttpSettings settings;
        settings.budgets = {{"default", kLimit, std::chrono::duration_cast<std::chrono::seconds>(kWindow).count(), 0}};
        http_.configure_connection("qbo", settings);
        journal_.load("qbo");
        journal_.start();
    }
    ~HostRun() {
        journal_.stop();
        http_.shutdown();
    }
    int get(const std::string& url) {
        sdk::HttpRequest request;
        request.url = url;
        return http_.send("qbo", request).status;
    }

private:
    PocoHttpService http_;
    RateBudgetJournal journal_;
};

class RateBudgetJournalTest : public ::testing::Test {
protected:
    RateBudgetJournalTest() : logger_(log_), store_(dir_ / "ledgersync.db") {}
    testing::TempDir dir_;
    std::ostringstream log_;
    Logger logger_;
    SystemClock clock_;
    store::sqlite::SqliteStore store_;
};

TEST_F(RateBudgetJournalTest, a_restart_waits_for_the_window_the_last_run_filled_and_meets_no_429) {
    ThrottledApi api;
    {
        HostRun first(store_, logger_, clock_);
        for (int i = 0; i < kLimit; ++i) EXPECT_EQ(first.get(api.url()), 200);
    }  // stopped: the window is full
    {
        HostRun second(store_, logger_, clock_);
        for (int i = 0; i < 2; ++i) EXPECT_EQ(second.get(api.url()), 200);
    }
    EXPECT_EQ(api.throttled(), 0);
    const auto requests = api.requests();
    ASSERT_EQ(requests.size(), static_cast<std::size_t>(kLimit + 2));
    // The server saw no more than its limit in any window.
    for (std::size_t i = kLimit; i < requests.size(); ++i) {
        EXPECT_GE(requests[i].started - requests[i - kLimit].started, kWindow) << "request " << i;
    }
}

TEST_F(RateBudgetJournalTest, a_hold_after_a_429_outlives_a_restart) {
    ThrottledApi api;
    {
        HostRun first(store_, logger_, clock_);
        for (int i = 0; i < kLimit; ++i) EXPECT_EQ(first.get(api.url()), 200);
    }
    // Another client spent the API's window meanwhile: what the API says is the truth.
    store_.write([](store::StoreTransaction& tx) { tx.put_rate_budget_use({"qbo", "default", {}, 0, 0}); });
    SteadyClock::time_point throttled_at;
    {
        HostRun second(store_, logger_, clock_);
        EXPECT_EQ(second.get(api.url()), 429);  // holds the budget for Retry-After (2 s) and more
        throttled_at = SteadyClock::now();
    }
    {
        HostRun third(store_, logger_, clock_);
        EXPECT_EQ(third.get(api.url()), 200);
    }
    const auto requests = api.requests();
    ASSERT_EQ(requests.size(), static_cast<std::size_t>(kLimit + 2));
    EXPECT_GE(requests.back().started - throttled_at, 2s - 50ms) << "the restarted client did not honour Retry-After";
    EXPECT_EQ(api.throttled(), 1);
}

std::int64_t counted_starts(const std::vector<RateLimiter::BudgetUse>& use) {
    std::int64_t total = 0;
    for (const auto& budget : use) {
        total += static_cast<std::int64_t>(budget.starts.size());
        for (const auto& count : budget.counts) total += count.count;
    }
    return total;
}

TEST_F(RateBudgetJournalTest, a_daily_budget_is_stored_as_bucket_counts_and_rows_of_single_starts_still_load) {
    const std::int64_t now_ms = clock_.now_ms();
    ConnectionHttpSettings settings;
    settings.budgets = {{"daily", 250'000, 86'400, 0}};
    // A row as hosts wrote it before long windows were bucketed: one instant per start.
    store_.write([&](store::StoreTransaction& tx) {
        tx.put_rate_budget_use({"hubspot", "daily", {now_ms - 3'600'000, now_ms - 60'000}, 0, now_ms});
    });
    {
        PocoHttpService http(HttpServiceOptions{}, clock_, nullptr, &logger_);
        http.configure_connection("hubspot", settings);
        RateBudgetJournal journal(http, store_, clock_, logger_, 100ms);
        journal.load("hubspot");
        EXPECT_EQ(counted_starts(http.budget_use("hubspot").second), 2) << "the old row's starts count";
        // Most of a day's allowance spent two hours ago, in one bucket.
        http.restore_budget_use("hubspot", {{"daily", {}, {}, {{SteadyClock::now() - 2h, 200'000}}}});
        journal.flush();
        http.shutdown();
    }
    std::vector<store::RateBudgetUse> stored;
    store_.read([&](store::StoreTransaction& tx) { stored = tx.rate_budget_use("hubspot"); });
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_TRUE(stored[0].starts_ms.empty());
    std::int64_t total = 0;
    for (const auto& count : stored[0].counts) total += count.count;
    EXPECT_EQ(total, 200'002);
    EXPECT_LE(stored[0].counts.size(), 3u) << "a count per bucket, not an instant per start";

    PocoHttpService http(HttpServiceOptions{}, clock_, nullptr, &logger_);
    http.configure_connection("hubspot", settings);
    RateBudgetJournal journal(http, store_, clock_, logger_, 100ms);
    journal.load("hubspot");
    EXPECT_EQ(counted_starts(http.budget_use("hubspot").second), 200'002) << "the restart lost the day's count";
    http.shutdown();
}

}  // namespace
}  // namespace ledgersync::services::http
