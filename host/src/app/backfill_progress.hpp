#pragma once
/// How far the running backfills are (docs/bus.md, "Backfill progress"), for GET
/// /api/v1/progress and `ledgersync status --watch`: per route, the jobs of its walks (the first
/// read of each source stream, the walk of the mirror of a route enabled late) done, failed and
/// remaining, the records read so far, the rate and the estimated time left.
///
/// A route's backfill runs while one of its walks is still reading, or while jobs the route made
/// from a walk's start to its end are pending, leased or waiting. Each reading costs a few
/// indexed counts over the walk's own id range of jobs (never the route's whole history), so it
/// can be polled every second or two on a store with millions of jobs.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/clock.hpp"
#include "store/store.hpp"

namespace ledgersync::app {

class BackfillProgress {
public:
    /// One route's backfill.
    struct Route {
        std::string route;
        /// Its walks (both still reading and finished) that make up this backfill.
        std::vector<store::BackfillRecord> walks;
        bool reading = false;
        std::int64_t records_read = 0;
        std::int64_t started_at_ms = 0;
        /// Jobs done or dismissed.
        std::int64_t done = 0;
        /// Jobs failed, waiting for an operator (`ledgersync failures`).
        std::int64_t failed = 0;
        /// Jobs pending, leased or waiting.
        std::int64_t remaining = 0;
        /// Jobs settled (done, dismissed or failed) per minute over the last minute, or since the
        /// start before a minute of readings; nullopt before any was settled.
        std::optional<double> rate_per_minute;
        /// remaining / rate, nullopt without a rate; while reading, of the jobs made so far.
        std::optional<std::int64_t> eta_seconds;

        bool running() const { return reading || remaining > 0; }
        std::int64_t settled() const { return done + failed; }
        std::int64_t total() const { return done + failed + remaining; }
    };

    BackfillProgress(store::Store& store, const services::Clock& clock);

    /// The running backfills, by route; and for each route of `finished_too` that no longer
    /// runs, its backfill as it ended: the walks an earlier reading saw running, or else its
    /// latest walk. Thread-safe.
    std::vector<Route> read(const std::set<std::string>& finished_too = {});

    /// The document GET /api/v1/progress serves (and `status --watch --json` prints).
    static nlohmann::json json(const std::vector<Route>& routes);

private:
    struct Reading {
        std::int64_t at_ms;
        std::int64_t settled;
    };
    /// Fills the rate and ETA of `route` from its earlier readings, and keeps this one.
    void rate(Route& route, std::int64_t now_ms);

    store::Store& store_;
    const services::Clock& clock_;
    std::mutex mutex_;
    std::map<std::string, std::deque<Reading>> readings_;
    /// The (connection, stream) of the walks each route's backfill had at the last reading that saw it run.
    std::map<std::string, std::set<std::pair<std::string, std::string>>> running_walks_;
};

}  // namespace ledgersync::app
