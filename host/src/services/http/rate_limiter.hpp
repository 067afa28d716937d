#pragma once
/// The rate limits of one connection: named budgets of "at most N request starts in any window
/// of W" and "at most C in flight", enforced together before each request is sent.

#include <chrono>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledgersync::services::http {

/// One budget as the limiter applies it.
struct BudgetLimits {
    std::string name;
    std::int64_t requests = 0;            ///< at most this many starts in any `window`...
    std::chrono::milliseconds window{0};  ///< ...(0, or requests == 0: no window limit)
    std::int64_t concurrency = 0;         ///< at most this many in flight (0: unlimited)
    /// Budgets that every request on this one spends as well: QBO counts each batch call in its
    /// 500 per minute, so "batch" also spends "default". Followed transitively.
    std::vector<std::string> also_spends;
};

struct RateLimiterOptions {
    /// Added to every window. The server counts arrivals, the limiter counts departures; a
    /// request that spends longer on the way than the one sent a window later would otherwise
    /// make the server see N+1 in its window.
    std::chrono::milliseconds window_margin{250};
    /// Longest a request blocks in acquire(). When the wait for the budget is known to be longer
    /// (a long hold after a 429), or has lasted this long, acquire() fails with rate_limited so
    /// that the caller can reschedule instead of parking a thread.
    std::chrono::milliseconds max_wait = std::chrono::minutes(2);
};

/// Thread-safe. A request on budget B spends B and everything B also spends, atomically: it
/// starts only when all of them allow it, so a partly spent set never blocks another request.
///
/// Windows are sliding (steady clock, immune to wall-clock steps), not reset at a boundary: no
/// window of length W, wherever it begins, holds more than N starts. A window of up to
/// kBucketedWindowsAbove records every start time. A longer one (HubSpot's daily limit: up to
/// 1,000,000 starts a day) counts starts per bucket of whole minutes, about kBucketsPerWindow
/// of them, and treats every start in a bucket as made at the bucket's end: a bucket leaves the
/// window only once its last instant has, so the limit is never exceeded and a spent window
/// opens at most one bucket later than it would by exact times.
class RateLimiter {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    /// Windows longer than this are counted in buckets.
    static constexpr std::chrono::minutes kBucketedWindowsAbove{10};
    /// A bucketed window is counted in buckets of window / kBucketsPerWindow rounded up to
    /// whole minutes: a day's window in 6-minute buckets, an hour's in 1-minute buckets.
    static constexpr std::int64_t kBucketsPerWindow = 240;

    /// The right to have one request in flight. Releasing it (destruction) frees the concurrency
    /// slots; the start stays counted in its windows. Must not outlive its limiter.
    class Permit {
    public:
        Permit() = default;
        Permit(Permit&& other) noexcept;
        Permit& operator=(Permit&& other) noexcept;
        Permit(const Permit&) = delete;
        Permit& operator=(const Permit&) = delete;
        ~Permit() { release(); }

        void release() noexcept;
        bool held() const noexcept { return limiter_ != nullptr; }

    private:
        friend class RateLimiter;
        Permit(RateLimiter* limiter, std::vector<std::size_t> budgets)
            : limiter_(limiter), budgets_(std::move(budgets)) {}
        RateLimiter* limiter_ = nullptr;
        std::vector<std::size_t> budgets_;
    };

    /// The answer of try_acquire(): a permit, or when to ask again.
    struct Admission {
        std::optional<Permit> permit;
        /// When a window or hold opens; nullopt when only a concurrency slot is missing (then
        /// the answer changes when a permit is released).
        std::optional<TimePoint> retry_at;
    };

    /// `connection` names the limiter in errors. A "default" budget always exists (unlimited
    /// unless declared); "" means "default". Throws std::invalid_argument for a duplicate or
    /// unnamed budget, negative limits, or an also_spends naming an undeclared budget.
    RateLimiter(std::string connection, std::vector<BudgetLimits> budgets,
                RateLimiterOptions options = {});
    RateLimiter(const RateLimiter&) = delete;
    RateLimiter& operator=(const RateLimiter&) = delete;

    /// Blocks until a request on `budget` may start, and returns its permit. The request counts
    /// once in `budget` itself and `cost` times in every budget it also spends: a QBO batch of
    /// 30 items is one of its 40 batch calls a minute and 30 of its 500 requests. A cost larger
    /// than a budget's window limit spends that whole window (the request waits for an empty
    /// window; it is never refused for its size). Throws sdk::Error: fatal for an undeclared
    /// budget; rate_limited (with retry_after) when the wait exceeds max_wait; transient once
    /// stop() was called.
    Permit acquire(std::string_view budget, std::int64_t cost = 1);

    /// acquire() without waiting, at the caller's `now` (deterministic tests, schedulers that
    /// keep their own time). Do not mix with acquire() on one limiter: they use different clocks.
    Admission try_acquire(std::string_view budget, TimePoint now, std::int64_t cost = 1);

    /// No request spending `budget` (or what it also spends) starts before `until`: after a
    /// 429. A later hold extends, an earlier one never shortens.
    void hold(std::string_view budget, TimePoint until);

    /// Wakes every waiting acquire() (they throw transient) and refuses later ones: shutdown.
    void stop();

    /// `count` starts, none of them later than `last`: one bucket of a long window.
    struct StartCount {
        TimePoint last{};
        std::int64_t count = 0;
    };
    /// What one budget spent recently: the starts its window still counts and its hold.
    struct BudgetUse {
        std::string budget;
        std::vector<TimePoint> starts;  ///< windows recording every start: oldest first
        TimePoint held_until{};
        /// Bucketed (long) windows: the starts counted per bucket, oldest first (then `starts`
        /// is empty). restore() takes either form for any budget.
        std::vector<StartCount> counts{};
    };
    /// The recent use of every budget at `now` (those with nothing in their window and no hold
    /// left out), to carry it across a restart of the process.
    std::vector<BudgetUse> usage(TimePoint now) const;
    /// Counts use recorded before a restart: starts still inside their budget's window count
    /// against it, a hold not yet over holds. Budgets no longer declared are ignored. A count
    /// goes into the bucket of its `last` start (conservative when the buckets of the previous
    /// run were laid out differently); into a window recording every start it goes as `count`
    /// starts at `last` (at most the window's limit of them).
    void restore(const std::vector<BudgetUse>& use, TimePoint now);
    /// Grows whenever usage() may have changed (a request admitted, a hold, a restore).
    std::uint64_t changes() const noexcept { return changes_; }

    /// The budgets a request on `budget` spends, itself first ("batch", "default"). Throws
    /// sdk::Error (fatal) for an undeclared budget.
    std::vector<std::string> budgets_spent_by(std::string_view budget) const;

    const std::string& connection() const noexcept { return connection_; }

private:
    /// The starts of one bucket of a long window: [begins, begins + bucket width).
    struct Bucket {
        TimePoint begins;
        std::int64_t count = 0;
    };
    struct BudgetState {
        BudgetLimits limits;
        std::deque<TimePoint> starts;  ///< oldest first; only those still inside the window
        std::int64_t in_flight = 0;
        TimePoint held_until{};
        /// Long windows only (bucket_width > 0): the buckets still inside the window, oldest
        /// first, and the sum of their counts.
        std::chrono::steady_clock::duration bucket_width{0};
        std::deque<Bucket> buckets{};
        std::int64_t bucketed_starts = 0;
    };
    struct Verdict {
        bool admitted = false;
        std::optional<TimePoint> retry_at;
        std::string_view latest{};  ///< the budget that opens last (names it in errors)
    };

    const std::vector<std::size_t>& chain_of(std::string_view budget) const;
    /// How many window starts a request of `cost` records in the `position`-th budget of its
    /// chain (the first is the budget named by the request).
    std::int64_t units_in(const BudgetState& state, std::size_t position, std::int64_t cost) const;
    /// How long after a start it stops counting against `state`'s window (window + margin).
    std::chrono::steady_clock::duration span_of(const BudgetState& state) const;
    /// Drops the buckets that have wholly left the window at `now`.
    void drop_old_buckets(BudgetState& state, TimePoint now) const;
    /// Counts `count` starts made at `at` (or, restored, no later than `at`) in a long window.
    static void count_in_bucket(BudgetState& state, TimePoint at, std::int64_t count);
    Verdict evaluate_locked(const std::vector<std::size_t>& chain, TimePoint now, std::int64_t cost);
    Permit admit_locked(const std::vector<std::size_t>& chain, TimePoint now, std::int64_t cost);
    void release(const std::vector<std::size_t>& chain) noexcept;
    std::string declared_names() const;

    std::string connection_;
    RateLimiterOptions options_;
    std::vector<BudgetState> budgets_;
    /// Budget name -> indices of the budgets a request on it spends (resolved once).
    std::map<std::string, std::vector<std::size_t>, std::less<>> chains_;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool stopped_ = false;
    std::atomic<std::uint64_t> changes_{0};
};

}  // namespace ledgersync::services::http
