#include "services/http/rate_budget_journal.hpp"

#include <algorithm>

namespace ledgersync::services::http {

namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

/// Converts between the limiter's steady instants and the store's Unix milliseconds, at one
/// moment read from both clocks.
struct ClockPair {
    SteadyClock::time_point steady = SteadyClock::now();
    std::int64_t unix_ms = 0;

    std::int64_t to_unix(SteadyClock::time_point t) const {
        return unix_ms - duration_cast<milliseconds>(steady - t).count();
    }
    SteadyClock::time_point to_steady(std::int64_t ms) const { return steady - milliseconds(unix_ms - ms); }
};

}  // namespace

RateBudgetJournal::RateBudgetJournal(PocoHttpService& http, store::Store& store, const Clock& clock, Logger& logger,
                                     std::chrono::milliseconds interval)
    : http_(http), store_(store), clock_(clock), logger_(logger), interval_(interval) {}

RateBudgetJournal::~RateBudgetJournal() { stop(); }

void RateBudgetJournal::load(const std::string& connection) {
    std::vector<store::RateBudgetUse> stored;
    store_.read([&](store::StoreTransaction& tx) { stored = tx.rate_budget_use(connection); });
    if (stored.empty()) return;
    const ClockPair clocks{SteadyClock::now(), clock_.now_ms()};
    std::vector<RateLimiter::BudgetUse> use;
    std::size_t starts = 0;
    for (const auto& budget : stored) {
        RateLimiter::BudgetUse entry{budget.budget, {}, {}};
        for (const auto ms : budget.starts_ms) entry.starts.push_back(clocks.to_steady(ms));
        for (const auto& count : budget.counts) {
            entry.counts.push_back({clocks.to_steady(count.last_ms), count.count});
            starts += static_cast<std::size_t>(std::max<std::int64_t>(count.count, 0));
        }
        if (budget.held_until_ms > clocks.unix_ms) entry.held_until = clocks.to_steady(budget.held_until_ms);
        starts += entry.starts.size();
        use.push_back(std::move(entry));
    }
    http_.restore_budget_use(connection, use);
    logger_.debug("http[" + connection + "]", "restored " + std::to_string(starts) +
                                                  " recent request start(s) of its rate budgets from the last run");
}

void RateBudgetJournal::start() {
    std::lock_guard lock(wake_mutex_);
    if (running_) return;
    running_ = true;
    thread_ = std::thread([this] { run(); });
}

void RateBudgetJournal::stop() {
    {
        std::lock_guard lock(wake_mutex_);
        if (!running_) return;
        running_ = false;
    }
    wake_.notify_all();
    thread_.join();
    try {
        flush();
    } catch (const std::exception& e) {
        logger_.warning("http", std::string("the rate budgets' last use could not be stored: ") + e.what() +
                                    "; the next start may meet a full window");
    }
}

void RateBudgetJournal::run() {
    std::unique_lock lock(wake_mutex_);
    while (running_) {
        wake_.wait_for(lock, interval_, [&] { return !running_; });
        if (!running_) break;
        lock.unlock();
        try {
            flush();
        } catch (const std::exception& e) {
            logger_.warning("http", std::string("storing the rate budgets' recent use failed: ") + e.what());
        }
        lock.lock();
    }
}

void RateBudgetJournal::flush() {
    std::lock_guard lock(flush_mutex_);
    const ClockPair clocks{SteadyClock::now(), clock_.now_ms()};
    std::vector<store::RateBudgetUse> rows;
    std::map<std::string, std::uint64_t> seen;
    for (const auto& connection : http_.connections()) {
        auto [changes, use] = http_.budget_use(connection);
        const auto written = written_.find(connection);
        if (written != written_.end() && written->second == changes) continue;
        seen[connection] = changes;
        for (const auto& budget : use) {
            store::RateBudgetUse row{connection, budget.budget, {}, 0, clocks.unix_ms};
            for (const auto start : budget.starts) row.starts_ms.push_back(clocks.to_unix(start));
            for (const auto& count : budget.counts) row.counts.push_back({clocks.to_unix(count.last), count.count});
            if (budget.held_until > clocks.steady) row.held_until_ms = clocks.to_unix(budget.held_until);
            rows.push_back(std::move(row));
        }
    }
    if (rows.empty() && seen.empty()) return;
    store_.write([&](store::StoreTransaction& tx) {
        for (const auto& row : rows) tx.put_rate_budget_use(row);
    });
    for (const auto& [connection, changes] : seen) written_[connection] = changes;
}

}  // namespace ledgersync::services::http
