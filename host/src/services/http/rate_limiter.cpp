#include "services/http/rate_limiter.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <stdexcept>
#include <utility>

#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::services::http {

namespace {

constexpr std::string_view kDefaultBudget = "default";

std::string_view budget_name(std::string_view budget) {
    return budget.empty() ? kDefaultBudget : budget;
}

std::chrono::milliseconds ceil_ms(std::chrono::steady_clock::duration duration) {
    return std::max(std::chrono::milliseconds(0),
                    std::chrono::ceil<std::chrono::milliseconds>(duration));
}

}  // namespace

// --- Permit ----------------------------------------------------------------------------------

RateLimiter::Permit::Permit(Permit&& other) noexcept
    : limiter_(std::exchange(other.limiter_, nullptr)), budgets_(std::move(other.budgets_)) {}

RateLimiter::Permit& RateLimiter::Permit::operator=(Permit&& other) noexcept {
    if (this != &other) {
        release();
        limiter_ = std::exchange(other.limiter_, nullptr);
        budgets_ = std::move(other.budgets_);
    }
    return *this;
}

void RateLimiter::Permit::release() noexcept {
    if (limiter_ == nullptr)
        return;
    limiter_->release(budgets_);
    limiter_ = nullptr;
}

// --- RateLimiter -----------------------------------------------------------------------------

RateLimiter::RateLimiter(std::string connection, std::vector<BudgetLimits> budgets,
                         RateLimiterOptions options)
    : connection_(std::move(connection)), options_(options) {
    std::map<std::string, std::size_t, std::less<>> index;
    for (auto& limits : budgets) {
        const std::string where =
            "rate budget '" + limits.name + "' of connection '" + connection_ + "'";
        if (limits.name.empty())
            throw std::invalid_argument("a rate budget of connection '" + connection_ +
                                        "' has no name");
        if (limits.requests < 0 || limits.window.count() < 0 || limits.concurrency < 0) {
            throw std::invalid_argument(where + " has a negative limit; use 0 for \"unlimited\"");
        }
        if (!index.emplace(limits.name, budgets_.size()).second)
            throw std::invalid_argument(where + " is declared twice");
        BudgetState state{std::move(limits), {}, 0, {}};
        if (state.limits.requests > 0 && state.limits.window > kBucketedWindowsAbove) {
            const auto minutes = (state.limits.window + std::chrono::minutes(kBucketsPerWindow) -
                                  std::chrono::milliseconds(1)) /
                                 std::chrono::minutes(kBucketsPerWindow);
            state.bucket_width = std::chrono::minutes(std::max<std::int64_t>(minutes, 1));
        }
        budgets_.push_back(std::move(state));
    }
    if (index.find(kDefaultBudget) == index.end()) {
        // Undeclared "default" still exists, unlimited, so that a 429 can hold it.
        index.emplace(std::string(kDefaultBudget), budgets_.size());
        budgets_.push_back(
            BudgetState{BudgetLimits{std::string(kDefaultBudget), 0, {}, 0, {}}, {}, 0, {}});
    }

    for (const auto& [name, start] : index) {
        std::vector<std::size_t> chain;
        std::set<std::size_t> seen;
        std::vector<std::size_t> pending{start};
        while (!pending.empty()) {
            const std::size_t current = pending.back();
            pending.pop_back();
            if (!seen.insert(current).second)
                continue;
            chain.push_back(current);
            for (const auto& next : budgets_[current].limits.also_spends) {
                const auto found = index.find(next);
                if (found == index.end()) {
                    throw std::invalid_argument(
                        "rate budget '" + budgets_[current].limits.name + "' of connection '" +
                        connection_ + "' also spends '" + next + "', which is not declared");
                }
                pending.push_back(found->second);
            }
        }
        chains_.emplace(name, std::move(chain));
    }
}

const std::vector<std::size_t>& RateLimiter::chain_of(std::string_view budget) const {
    const auto found = chains_.find(budget_name(budget));
    if (found == chains_.end()) {
        throw sdk::Error(sdk::Outcome::fatal("connection '" + connection_ +
                                                 "' has no rate budget '" + std::string(budget) +
                                                 "' (declared: " + declared_names() + ")",
                                             "Declare the budget under capabilities.rate_limits in "
                                             "the plugin's manifest, or send the request on "
                                             "one of the declared budgets."));
    }
    return found->second;
}

std::string RateLimiter::declared_names() const {
    std::string names;
    for (const auto& state : budgets_)
        names += (names.empty() ? "" : ", ") + state.limits.name;
    return names;
}

std::vector<std::string> RateLimiter::budgets_spent_by(std::string_view budget) const {
    std::vector<std::string> names;
    for (std::size_t index : chain_of(budget))
        names.push_back(budgets_[index].limits.name);
    return names;
}

std::int64_t RateLimiter::units_in(const BudgetState& state, std::size_t position,
                                  std::int64_t cost) const {
    const std::int64_t units = position == 0 ? 1 : std::max<std::int64_t>(cost, 1);
    return state.limits.requests > 0 ? std::min(units, state.limits.requests) : units;
}

std::chrono::steady_clock::duration RateLimiter::span_of(const BudgetState& state) const {
    return state.limits.window + options_.window_margin;
}

void RateLimiter::drop_old_buckets(BudgetState& state, TimePoint now) const {
    // Conservative: a bucket counts until its last instant has left the window.
    const auto span = span_of(state);
    while (!state.buckets.empty() && state.buckets.front().begins + state.bucket_width + span <= now) {
        state.bucketed_starts -= state.buckets.front().count;
        state.buckets.pop_front();
    }
}

void RateLimiter::count_in_bucket(BudgetState& state, TimePoint at, std::int64_t count) {
    // Buckets begin at whole multiples of their width (floored: a restored start may precede
    // the steady clock's epoch, the boot).
    auto offset = at.time_since_epoch() % state.bucket_width;
    if (offset.count() < 0) offset += state.bucket_width;
    const TimePoint begins = at - offset;
    // Starts arrive in time order, restored ones aside: search from the newest bucket.
    auto position = state.buckets.end();
    while (position != state.buckets.begin() && std::prev(position)->begins > begins) --position;
    if (position != state.buckets.begin() && std::prev(position)->begins == begins) {
        std::prev(position)->count += count;
    } else {
        state.buckets.insert(position, Bucket{begins, count});
    }
    state.bucketed_starts += count;
}

RateLimiter::Verdict RateLimiter::evaluate_locked(const std::vector<std::size_t>& chain,
                                                  TimePoint now, std::int64_t cost) {
    bool waiting_for_time = false;
    bool waiting_for_slot = false;
    TimePoint opens_at = now;
    std::string_view latest;
    const auto opens = [&](TimePoint at, const BudgetState& state) {
        waiting_for_time = true;
        if (at > opens_at) latest = state.limits.name;
        opens_at = std::max(opens_at, at);
    };
    for (std::size_t position = 0; position < chain.size(); ++position) {
        BudgetState& state = budgets_[chain[position]];
        if (state.held_until > now) opens(state.held_until, state);
        const BudgetLimits& limits = state.limits;
        if (state.bucket_width.count() > 0) {
            drop_old_buckets(state, now);
            const std::int64_t excess =
                state.bucketed_starts + units_in(state, position, cost) - limits.requests;
            if (excess > 0) {
                // Room once the oldest buckets holding `excess` starts have left the window.
                std::int64_t leaving = 0;
                for (const Bucket& bucket : state.buckets) {
                    leaving += bucket.count;
                    if (leaving >= excess) {
                        opens(bucket.begins + state.bucket_width + span_of(state), state);
                        break;
                    }
                }
            }
        } else if (limits.requests > 0 && limits.window.count() > 0) {
            const auto span = limits.window + options_.window_margin;
            // A start at t counts against every request starting before t + span.
            while (!state.starts.empty() && state.starts.front() + span <= now)
                state.starts.pop_front();
            const auto counted = static_cast<std::int64_t>(state.starts.size());
            const std::int64_t units = units_in(state, position, cost);
            if (counted + units > limits.requests) {
                // Room for `units` once the oldest counted + units - requests starts age out.
                opens(state.starts[static_cast<std::size_t>(counted + units - limits.requests - 1)] + span,
                      state);
            }
        }
        if (limits.concurrency > 0 && state.in_flight >= limits.concurrency)
            waiting_for_slot = true;
    }
    if (!waiting_for_time && !waiting_for_slot)
        return Verdict{true, std::nullopt};
    return Verdict{false, waiting_for_time ? std::optional<TimePoint>(opens_at) : std::nullopt, latest};
}

RateLimiter::Permit RateLimiter::admit_locked(const std::vector<std::size_t>& chain,
                                              TimePoint now, std::int64_t cost) {
    for (std::size_t position = 0; position < chain.size(); ++position) {
        BudgetState& state = budgets_[chain[position]];
        if (state.bucket_width.count() > 0)
            count_in_bucket(state, now, units_in(state, position, cost));
        else if (state.limits.requests > 0 && state.limits.window.count() > 0)
            state.starts.insert(state.starts.end(),
                                static_cast<std::size_t>(units_in(state, position, cost)), now);
        ++state.in_flight;
    }
    ++changes_;
    return Permit(this, chain);
}

RateLimiter::Permit RateLimiter::acquire(std::string_view budget, std::int64_t cost) {
    const auto& chain = chain_of(budget);
    std::unique_lock lock(mutex_);
    const TimePoint give_up_at = std::chrono::steady_clock::now() + options_.max_wait;
    for (;;) {
        if (stopped_) {
            throw sdk::Error(sdk::Outcome::transient(
                "the HTTP service is shutting down; the request of connection '" + connection_ +
                "' was not sent"));
        }
        const TimePoint now = std::chrono::steady_clock::now();
        const Verdict verdict = evaluate_locked(chain, now, cost);
        if (verdict.admitted)
            return admit_locked(chain, now, cost);
        if (verdict.retry_at && *verdict.retry_at > give_up_at) {
            const auto wait = ceil_ms(*verdict.retry_at - now);
            throw sdk::Error(sdk::Outcome::rate_limited(
                wait, "connection '" + connection_ + "' may not send on rate budget '" +
                          std::string(budget_name(budget)) + "' for another " +
                          std::to_string(wait.count()) + " ms (the limit of its budget '" +
                          std::string(verdict.latest) +
                          "' is spent, or it is holding after a 429), longer than the host waits in "
                          "one call"));
        }
        if (now >= give_up_at) {
            // Only a concurrency slot is missing: requests in flight are slow. The next one
            // may free a slot any moment, so suggest a short wait.
            throw sdk::Error(sdk::Outcome::rate_limited(
                std::chrono::seconds(1), "connection '" + connection_ +
                                             "' had no free request slot on rate budget '" +
                                             std::string(budget_name(budget)) + "' for " +
                                             std::to_string(options_.max_wait.count()) + " ms"));
        }
        changed_.wait_until(
            lock, verdict.retry_at ? std::min(*verdict.retry_at, give_up_at) : give_up_at);
    }
}

RateLimiter::Admission RateLimiter::try_acquire(std::string_view budget, TimePoint now,
                                                std::int64_t cost) {
    const auto& chain = chain_of(budget);
    std::lock_guard lock(mutex_);
    const Verdict verdict = evaluate_locked(chain, now, cost);
    if (verdict.admitted)
        return Admission{admit_locked(chain, now, cost), std::nullopt};
    return Admission{std::nullopt, verdict.retry_at};
}

void RateLimiter::hold(std::string_view budget, TimePoint until) {
    const auto& chain = chain_of(budget);
    {
        std::lock_guard lock(mutex_);
        for (std::size_t index : chain)
            budgets_[index].held_until = std::max(budgets_[index].held_until, until);
        ++changes_;
    }
    changed_.notify_all();
}

std::vector<RateLimiter::BudgetUse> RateLimiter::usage(TimePoint now) const {
    std::lock_guard lock(mutex_);
    std::vector<BudgetUse> use;
    for (const auto& state : budgets_) {
        BudgetUse entry{state.limits.name, {}, state.held_until > now ? state.held_until : TimePoint{}};
        const auto span = span_of(state);
        for (const auto start : state.starts) {
            if (start + span > now) entry.starts.push_back(start);
        }
        for (const auto& bucket : state.buckets) {
            const TimePoint last = bucket.begins + state.bucket_width - std::chrono::milliseconds(1);
            if (bucket.begins + state.bucket_width + span > now) entry.counts.push_back({last, bucket.count});
        }
        if (!entry.starts.empty() || !entry.counts.empty() || entry.held_until != TimePoint{})
            use.push_back(std::move(entry));
    }
    return use;
}

void RateLimiter::restore(const std::vector<BudgetUse>& use, TimePoint now) {
    {
        std::lock_guard lock(mutex_);
        for (const auto& entry : use) {
            const auto found = std::find_if(budgets_.begin(), budgets_.end(),
                                            [&](const BudgetState& state) { return state.limits.name == entry.budget; });
            if (found == budgets_.end()) continue;
            BudgetState& state = *found;
            state.held_until = std::max(state.held_until, entry.held_until);
            if (state.limits.requests <= 0 || state.limits.window.count() <= 0) continue;
            const auto span = span_of(state);
            if (state.bucket_width.count() > 0) {
                // Either form: the previous run may have recorded every start (its window was
                // shorter, or it ran a version without buckets).
                for (const auto start : entry.starts) count_in_bucket(state, start, 1);
                for (const auto& count : entry.counts) {
                    if (count.count > 0) count_in_bucket(state, count.last, count.count);
                }
                drop_old_buckets(state, now);
                continue;
            }
            for (const auto start : entry.starts) {
                if (start + span > now) state.starts.push_back(start);
            }
            for (const auto& count : entry.counts) {
                if (count.last + span <= now) continue;
                state.starts.insert(state.starts.end(),
                                    static_cast<std::size_t>(std::clamp<std::int64_t>(count.count, 0, state.limits.requests)),
                                    count.last);
            }
            std::sort(state.starts.begin(), state.starts.end());
        }
        ++changes_;
    }
    changed_.notify_all();
}

void RateLimiter::stop() {
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
    }
    changed_.notify_all();
}

void RateLimiter::release(const std::vector<std::size_t>& chain) noexcept {
    {
        std::lock_guard lock(mutex_);
        for (std::size_t index : chain)
            --budgets_[index].in_flight;
    }
    changed_.notify_all();
}

}  // namespace ledgersync::services::http
