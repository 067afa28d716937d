#include "app/backfill_progress.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "bus/outcome_event.hpp"

namespace ledgersync::app {

namespace {

constexpr std::int64_t kNoUpperBound = std::numeric_limits<std::int64_t>::max();
/// The rate is taken over this much of the latest readings.
constexpr std::int64_t kRateWindowMs = 60'000;
/// Readings closer together than this give no rate of their own (the average since the start serves).
constexpr std::int64_t kShortestSpanMs = 5'000;

std::int64_t last_job_of(const store::BackfillRecord& walk) { return walk.walking() ? kNoUpperBound : walk.to_job_id; }

/// The backfill made of `walks` (one route's), counted over the id range that covers them.
BackfillProgress::Route count(store::StoreTransaction& tx, const std::string& route, std::vector<store::BackfillRecord> walks) {
    BackfillProgress::Route r;
    r.route = route;
    r.walks = std::move(walks);
    std::int64_t after = kNoUpperBound;
    std::int64_t up_to = 0;
    r.started_at_ms = std::numeric_limits<std::int64_t>::max();
    for (const auto& w : r.walks) {
        after = std::min(after, w.from_job_id);
        up_to = std::max(up_to, last_job_of(w));
        r.reading = r.reading || w.walking();
        r.records_read += w.records_read;
        r.started_at_ms = std::min(r.started_at_ms, w.started_at_ms);
    }
    const store::JobCounts c = tx.job_counts_between(route, after, up_to);
    r.done = c.done + c.dismissed;
    r.failed = c.failed;
    r.remaining = c.pending + c.leased + c.waiting;
    return r;
}

}  // namespace

BackfillProgress::BackfillProgress(store::Store& store, const services::Clock& clock) : store_(store), clock_(clock) {}

std::vector<BackfillProgress::Route> BackfillProgress::read(const std::set<std::string>& finished_too) {
    std::map<std::string, std::set<std::pair<std::string, std::string>>> seen_running;
    {
        std::lock_guard lock(mutex_);
        seen_running = running_walks_;
    }
    std::vector<Route> out;
    store_.read([&](store::StoreTransaction& tx) {
        out.clear();
        std::map<std::string, std::vector<store::BackfillRecord>> by_route;
        for (auto& walk : tx.backfills()) by_route[walk.route].push_back(std::move(walk));
        for (auto& [route, walks] : by_route) {
            std::vector<store::BackfillRecord> running;
            for (const auto& w : walks) {
                if (w.walking() || tx.has_unsettled_between(route, w.from_job_id, w.to_job_id)) running.push_back(w);
            }
            if (!running.empty()) {
                out.push_back(count(tx, route, std::move(running)));
            } else if (finished_too.count(route) > 0) {
                std::vector<store::BackfillRecord> ended;
                for (const auto& w : walks) {
                    if (seen_running[route].count({w.connection, w.stream}) > 0) ended.push_back(w);
                }
                if (ended.empty()) {
                    ended.push_back(*std::max_element(walks.begin(), walks.end(), [](const auto& a, const auto& b) {
                        return a.started_at_ms < b.started_at_ms;
                    }));
                }
                out.push_back(count(tx, route, std::move(ended)));
            }
        }
    });
    const std::int64_t now = clock_.now_ms();
    std::lock_guard lock(mutex_);
    for (auto& route : out) {
        rate(route, now);
        if (!route.running()) continue;
        auto& walks = running_walks_[route.route];
        walks.clear();
        for (const auto& w : route.walks) walks.emplace(w.connection, w.stream);
    }
    return out;
}

void BackfillProgress::rate(Route& route, std::int64_t now_ms) {
    auto& readings = readings_[route.route];
    // Readings of another backfill of the route (counts that went down) say nothing of this one.
    if (!readings.empty() && readings.back().settled > route.settled()) readings.clear();
    while (!readings.empty() && readings.front().at_ms < now_ms - kRateWindowMs) readings.pop_front();
    std::optional<double> per_minute;
    if (!readings.empty() && now_ms - readings.front().at_ms >= kShortestSpanMs) {
        per_minute = static_cast<double>(route.settled() - readings.front().settled) * 60'000.0 /
                     static_cast<double>(now_ms - readings.front().at_ms);
    } else if (route.settled() > 0 && now_ms - route.started_at_ms >= 1'000) {
        per_minute = static_cast<double>(route.settled()) * 60'000.0 / static_cast<double>(now_ms - route.started_at_ms);
    }
    readings.push_back({now_ms, route.settled()});
    if (!route.running()) readings_.erase(route.route);
    route.rate_per_minute = per_minute;
    if (per_minute && *per_minute > 0 && route.remaining > 0) {
        route.eta_seconds = static_cast<std::int64_t>(std::ceil(static_cast<double>(route.remaining) * 60.0 / *per_minute));
    }
}

nlohmann::json BackfillProgress::json(const std::vector<Route>& routes) {
    nlohmann::json list = nlohmann::json::array();
    bool running = false;
    for (const auto& r : routes) {
        running = running || r.running();
        nlohmann::json walks = nlohmann::json::array();
        for (const auto& w : r.walks) {
            walks.push_back({{"connection", w.connection},
                             {"stream", w.stream},
                             {"reason", w.reason},
                             {"reading", w.walking()},
                             {"records_read", w.records_read},
                             {"started_at", bus::rfc3339_utc(w.started_at_ms)},
                             {"read_until", w.walking() ? nlohmann::json(nullptr) : nlohmann::json(bus::rfc3339_utc(w.ended_at_ms))}});
        }
        list.push_back({{"route", r.route},
                        {"running", r.running()},
                        {"reading", r.reading},
                        {"records_read", r.records_read},
                        {"started_at", bus::rfc3339_utc(r.started_at_ms)},
                        {"done", r.done},
                        {"failed", r.failed},
                        {"remaining", r.remaining},
                        {"total", r.total()},
                        {"rate_per_minute", r.rate_per_minute ? nlohmann::json(std::round(*r.rate_per_minute * 10) / 10)
                                                              : nlohmann::json(nullptr)},
                        {"eta_seconds", r.eta_seconds ? nlohmann::json(*r.eta_seconds) : nlohmann::json(nullptr)},
                        {"walks", walks}});
    }
    return {{"running", running}, {"backfills", list}};
}

}  // namespace ledgersync::app
