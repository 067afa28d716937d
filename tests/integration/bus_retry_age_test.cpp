// Retries are bounded by age, not by a count: an outage of an hour costs attempts, never
// failures; a write failing for longer than bus.retry.max_age_hours becomes a failure that says
// how long it was retried. The host runs on a clock the test moves: no test waits for real
// minutes to pass.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "bus_scenario.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using testing::BusScenario;
using testing::canonical_invoice;
using testing::envelope;

constexpr std::int64_t kStartMs = 1'795'000'000'000;  // 2026-11-18
constexpr std::int64_t kHourMs = 3'600'000;

class RetryAgeTest : public ::testing::Test {
protected:
    RetryAgeTest() : clock_(s_.use_manual_clock(kStartMs)) {
        s_.add_ledger("src");
        s_.add_ledger("dst", {{"transient_while_file_exists", outage().string()}});
        s_.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
        testing::write_file(outage(), "the ledger is down");
        s_.append("src", {envelope("invoice", "I1", "1", canonical_invoice("N1"))});
    }
    std::filesystem::path outage() const { return s_.path("outage"); }

    std::optional<store::Job> job() {
        std::optional<store::Job> found;
        s_.store().read([&](store::StoreTransaction& tx) { found = tx.job(1); });
        return found;
    }

    /// Waits until the job's attempt `attempts` has been settled, then moves the clock to the
    /// next attempt. Returns the job as that attempt left it.
    store::Job settle_attempt(std::int64_t attempts) {
        std::optional<store::Job> settled;
        EXPECT_TRUE(BusScenario::eventually([&] {
            settled = job();
            return settled && settled->attempts == attempts && settled->state != store::JobState::leased;
        })) << "attempt " << attempts << " never settled";
        if (settled && settled->state == store::JobState::pending) clock_.set_ms(settled->next_attempt_at_ms);
        return settled.value_or(store::Job{});
    }

    BusScenario s_;
    services::ManualClock& clock_;
};

TEST_F(RetryAgeTest, an_outage_of_an_hour_is_retried_through_and_never_becomes_a_failure) {
    s_.start();
    std::int64_t attempts = 0;
    std::int64_t longest_gap = 0;
    std::int64_t last = kStartMs;
    while (clock_.now_ms() < kStartMs + kHourMs) {
        const store::Job j = settle_attempt(++attempts);
        ASSERT_EQ(j.state, store::JobState::pending) << "gave up after " << attempts << " attempts: " << j.last_error;
        longest_gap = std::max(longest_gap, j.next_attempt_at_ms - last);
        last = j.next_attempt_at_ms;
    }
    EXPECT_GT(attempts, 10);
    EXPECT_LE(longest_gap, 10 * 60'000) << "the backoff is capped at 10 minutes by default";
    EXPECT_TRUE(s_.failures().empty());

    std::filesystem::remove(outage());  // the ledger is back
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 1; }));
    // The ledger applies the write before the host commits its outcome.
    EXPECT_TRUE(BusScenario::eventually([&] { return job()->state == store::JobState::done; }));
    EXPECT_TRUE(s_.failures().empty());
}

TEST_F(RetryAgeTest, a_write_failing_for_longer_than_the_max_age_is_a_failure_that_says_how_long_it_was_retried) {
    s_.config()["bus"]["retry"] = {{"max_age_hours", 2}, {"max_delay_seconds", 600}};
    s_.start();
    std::int64_t attempts = 0;
    store::Job j;
    do {
        j = settle_attempt(++attempts);
        ASSERT_LE(attempts, 500);
    } while (j.state == store::JobState::pending);
    EXPECT_EQ(j.state, store::JobState::failed);
    EXPECT_GT(attempts, 10);
    EXPECT_EQ(clock_.now_ms(), kStartMs + 2 * kHourMs);  // the last attempt came at the age limit
    const auto failures = s_.failures();
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0].outcome_class, "transient");
    EXPECT_THAT(failures[0].reason, HasSubstr("gave up after retrying for 2 h (" + std::to_string(attempts) + " attempts)"));
    EXPECT_THAT(failures[0].reason, HasSubstr("the ledger is down"));
}

}  // namespace
}  // namespace ledgersync
