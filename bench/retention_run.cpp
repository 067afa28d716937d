// bench/retention_run: a long run with retention on. N records arrive as successive versions of
// a fixed set of invoices, one round per day of a simulated clock (ingest, deliver everything,
// one retention pass keeping two days), on SQLite and, given a DSN, on PostgreSQL in the same
// run. Prints, per engine and round, the database's size (it must stay flat once two days of
// history are kept) and, per engine, the ingest and delivery rates side by side.
//
//   build/bench/retention_run [--records N] [--objects N] [--rounds N] [--postgres-dsn DSN]
//   bench/retention_run.sh [ARGS]   # the same, with a throwaway PostgreSQL server for the DSN
//
// Results and the command line are recorded in docs/performance.md.

#include <chrono>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "app/retention_task.hpp"
#include "bench_bus.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using namespace ledgersync;
using WallClock = std::chrono::steady_clock;

constexpr std::int64_t kDayMs = config::RetentionConfig::kDayMs;

struct RunOptions {
    std::int64_t records = 1'000'000;
    std::int64_t objects = 10'000;
    std::int64_t rounds = 20;
    std::int64_t page = 1000;
};

/// Time spent, as this thread's CPU and as wall clock.
struct Spent {
    double cpu = 0;
    double wall = 0;
};

class Stopwatch {
public:
    Stopwatch() : cpu_(bench::thread_cpu_seconds()), wall_(WallClock::now()) {}
    void add_to(Spent& spent) const {
        spent.cpu += bench::thread_cpu_seconds() - cpu_;
        spent.wall += std::chrono::duration<double>(WallClock::now() - wall_).count();
    }

private:
    double cpu_;
    WallClock::time_point wall_;
};

double mib(std::int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

std::int64_t file_bytes(const std::filesystem::path& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    return error ? 0 : static_cast<std::int64_t>(size);
}

/// Runs every round on `store`; `files` are the engine's files on disk (SQLite), if any.
int run(const std::string& engine, store::Store& store, const std::vector<std::filesystem::path>& files,
        const std::string& dir, const RunOptions& options) {
    services::ManualClock clock(1'793'491'200'000);  // 2026-11-01T00:00:00Z
    bench::BenchBus bench(store, clock, dir);
    config::RetentionConfig retention;
    retention.events_ms = retention.done_jobs_ms = retention.timeline_ms = 2 * kDayMs;
    std::ostringstream log;
    services::Logger logger(log, services::LogLevel::warning);
    services::MetricsRegistry metrics;
    app::RetentionTask pruning(store, retention, clock, logger, metrics);

    std::cout << "\n" << engine << ": " << options.records << " records, versions of " << options.objects
              << " invoices, " << options.rounds << " rounds (one simulated day each), retention 2 days\n"
              << "round  records  store size  on disk   pruned (events, jobs, timeline)\n";
    Spent ingest;
    Spent delivery;
    Spent pruned_in;
    std::int64_t next = 0;
    const std::int64_t per_round = options.records / options.rounds;
    for (std::int64_t round = 1; round <= options.rounds; ++round) {
        clock.advance_ms(kDayMs);
        const std::int64_t end = round == options.rounds ? options.records : next + per_round;
        Stopwatch ingesting;
        for (; next < end;) {
            std::vector<sdk::Record> page;
            for (const std::int64_t stop = std::min(end, next + options.page); next < stop; ++next) {
                page.push_back(bench::bench_invoice(next % options.objects, std::to_string(next / options.objects + 1)));
            }
            bench.ingest(std::move(page), std::to_string(next));
        }
        ingesting.add_to(ingest);
        Stopwatch delivering;
        bench.deliver_all();
        delivering.add_to(delivery);
        Stopwatch pruning_time;
        const auto removed = pruning.run_pass();
        pruning_time.add_to(pruned_in);
        store::JobCounts counts;
        store.read([&](store::StoreTransaction& tx) { counts = tx.job_counts(); });
        std::int64_t on_disk = 0;
        for (const auto& file : files) on_disk += file_bytes(file);
        const auto count = [&](const char* kind) {
            const auto it = removed.find(kind);
            return it == removed.end() ? std::int64_t{0} : it->second;
        };
        std::cout << std::setw(5) << round << std::setw(9) << end << std::fixed << std::setprecision(1) << std::setw(9)
                  << mib(store.size_bytes()) << " MiB" << std::setw(7)
                  << (files.empty() ? std::string("-") : std::to_string(static_cast<std::int64_t>(mib(on_disk))))
                  << " MiB  " << count("events") << ", " << count("done_jobs") << ", " << count("timeline") << std::endl;  // a long run shows each round as it ends
        if (counts.pending != 0 || counts.failed != 0) {
            std::cerr << engine << ": round " << round << " left " << counts.pending << " jobs pending and "
                      << counts.failed << " failed\n";
            return 1;
        }
    }
    const auto rate = [](std::int64_t n, double seconds) { return static_cast<std::int64_t>(n / seconds); };
    std::cout << std::setprecision(1) << engine << " ingest:   " << rate(options.records, ingest.wall)
              << " records per second (" << ingest.wall << " s wall; " << rate(options.records, ingest.cpu)
              << " per CPU-second of the bus thread)\n"
              << engine << " delivery: " << rate(options.records, delivery.wall) << " jobs per second ("
              << delivery.wall << " s wall; " << rate(options.records, delivery.cpu)
              << " per CPU-second of the bus thread)\n"
              << engine << " pruning:  " << pruned_in.wall << " s wall in " << options.rounds << " passes\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    RunOptions options;
    std::string postgres_dsn;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--records") == 0) options.records = std::stoll(argv[i + 1]);
        if (std::strcmp(argv[i], "--objects") == 0) options.objects = std::stoll(argv[i + 1]);
        if (std::strcmp(argv[i], "--rounds") == 0) options.rounds = std::stoll(argv[i + 1]);
        if (std::strcmp(argv[i], "--postgres-dsn") == 0) postgres_dsn = argv[i + 1];
    }
    if (options.records < options.rounds || options.objects < 1 || options.rounds < 1) {
        std::cerr << "retention_run: --records must be at least --rounds, and both --objects and --rounds at least 1\n";
        return 2;
    }
    char dir_template[] = "/tmp/ledgersync-bench-XXXXXX";
    const std::string dir = ::mkdtemp(dir_template);
    int status = 0;
    try {
        {
            const std::filesystem::path file = dir + "/bench.db";
            store::sqlite::SqliteStore store(file, {10'000, "full"});
            status = run("sqlite", store, {file, dir + "/bench.db-wal"}, dir, options);
        }
        if (status == 0 && !postgres_dsn.empty()) {
            store::postgres::PostgresStore store(postgres_dsn);
            status = run("postgresql", store, {}, dir, options);
        }
    } catch (const std::exception& e) {
        std::cerr << "retention_run: " << e.what() << "\n";
        status = 1;
    }
    std::filesystem::remove_all(dir);
    return status;
}
