#pragma once
/// `ledgersync status --watch`: the running backfills (app/backfill_progress.hpp) drawn as one
/// progress bar each, read again every interval, until none runs (the last reading, with the
/// backfills that just finished, stays on screen) or until interrupted (Ctrl-C).
///
/// On a terminal the bars are redrawn in place; otherwise (a pipe, a file, a log) each reading
/// prints one plain line per backfill, without escape codes; `json` prints each reading as one
/// line of JSON (the document GET /api/v1/progress serves).

#include <cstdint>
#include <iosfwd>
#include <string>

#include "app/backfill_progress.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace ledgersync::cli {

struct ProgressWatchOptions {
    std::int64_t interval_seconds = 2;
    bool json = false;
    /// Redraw in place (`out` is a terminal).
    bool terminal = false;
};

/// Watches until no backfill runs or SIGINT; returns the exit code (0).
int watch_progress(store::Store& store, const services::Clock& clock, const ProgressWatchOptions& options, std::ostream& out);

/// One backfill as a line: "ROUTE [#####-----]  50%  500/1000 jobs ..." (`bar_width` characters of bar).
std::string progress_line(const app::BackfillProgress::Route& route, int bar_width);

}  // namespace ledgersync::cli
