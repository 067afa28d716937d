#include "cli/progress_watch.hpp"

#include <chrono>
#include <csignal>
#include <iomanip>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>

namespace ledgersync::cli {

namespace {

volatile std::sig_atomic_t interrupted = 0;

void on_interrupt(int) { interrupted = 1; }

std::string duration(std::int64_t seconds) {
    std::ostringstream s;
    if (seconds >= 3600) s << seconds / 3600 << "h" << std::setw(2) << std::setfill('0') << (seconds % 3600) / 60 << "m";
    else if (seconds >= 60) s << seconds / 60 << "m" << std::setw(2) << std::setfill('0') << seconds % 60 << "s";
    else s << seconds << "s";
    return s.str();
}

/// Sleeps `seconds`, waking early on SIGINT; returns whether interrupted.
bool sleep_unless_interrupted(std::int64_t seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (!interrupted && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return interrupted != 0;
}

}  // namespace

std::string progress_line(const app::BackfillProgress::Route& r, int bar_width) {
    const std::int64_t total = r.total();
    const std::int64_t settled = r.settled();
    const int filled = total == 0 ? 0 : static_cast<int>(settled * bar_width / total);
    std::ostringstream s;
    s << r.route << " [" << std::string(static_cast<std::size_t>(filled), '#')
      << std::string(static_cast<std::size_t>(bar_width - filled), '-') << "] " << std::setw(3)
      << (total == 0 ? 0 : settled * 100 / total) << "%  " << settled << "/" << total << " jobs";
    if (r.failed > 0) s << " (" << r.failed << " failed)";
    if (r.running()) {
        s << ", " << r.remaining << " remaining, ";
        if (r.rate_per_minute) s << std::fixed << std::setprecision(1) << *r.rate_per_minute << "/min";
        else s << "rate unknown yet";
        if (r.eta_seconds) s << ", ETA " << duration(*r.eta_seconds);
        if (r.reading) s << ", still reading (" << r.records_read << " records read)";
    } else {
        s << ", finished (" << r.records_read << " records read)";
    }
    return s.str();
}

int watch_progress(store::Store& store, const services::Clock& clock, const ProgressWatchOptions& options, std::ostream& out) {
    constexpr int kBarWidth = 30;
    interrupted = 0;
    const auto previous = std::signal(SIGINT, on_interrupt);
    app::BackfillProgress progress(store, clock);
    // The routes seen running: once one finishes, its last figures are drawn one more time.
    std::set<std::string> seen;
    std::size_t lines_drawn = 0;
    while (true) {
        const std::vector<app::BackfillProgress::Route> routes = progress.read(seen);
        bool running = false;
        for (const auto& r : routes) {
            seen.insert(r.route);
            running = running || r.running();
        }
        if (options.json) {
            out << app::BackfillProgress::json(routes).dump() << "\n";
        } else {
            std::vector<std::string> lines;
            for (const auto& r : routes) lines.push_back(progress_line(r, kBarWidth));
            if (lines.empty()) lines.emplace_back("no backfill running");
            // On a terminal: back to the first line drawn last time, each line cleared as it is drawn again.
            if (options.terminal && lines_drawn > 0) out << "\x1b[" << lines_drawn << "F";
            for (const auto& line : lines) out << (options.terminal ? "\x1b[2K" : "") << line << "\n";
            lines_drawn = lines.size();
        }
        out.flush();
        if (!running || sleep_unless_interrupted(options.interval_seconds)) break;
    }
    std::signal(SIGINT, previous);
    return 0;
}

}  // namespace ledgersync::cli
