// bench/bus_throughput: how fast the bus ingests (dedupe -> mirror -> route -> map -> job
// commit) and delivers (lease -> write to a no-op target -> outcome commit) on one core, with
// the SQLite store, and how much memory 100,000 pending jobs take.
//
//   build/bench/bus_throughput [--records N] [--page N] [--synchronous full|normal] [--ingest-only yes]
//
// Results and the command line are recorded in docs/performance.md.

#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include "bench_bus.hpp"
#include "store/sqlite/sqlite_store.hpp"

using namespace ledgersync;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    std::int64_t records = 100'000;
    std::int64_t page = 1000;
    std::string synchronous = "normal";
    bool ingest_only = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--records") == 0) records = std::stoll(argv[i + 1]);
        if (std::strcmp(argv[i], "--page") == 0) page = std::stoll(argv[i + 1]);
        if (std::strcmp(argv[i], "--synchronous") == 0) synchronous = argv[i + 1];
        if (std::strcmp(argv[i], "--ingest-only") == 0) ingest_only = std::strcmp(argv[i + 1], "yes") == 0;
    }
    char dir_template[] = "/tmp/ledgersync-bench-XXXXXX";
    const std::string dir = ::mkdtemp(dir_template);

    services::SystemClock clock;
    store::sqlite::SqliteStore store(dir + "/bench.db", {10'000, synchronous});
    bench::BenchBus bench(store, clock, dir);

    const std::int64_t rss_before = bench::resident_kib();
    auto start = Clock::now();
    double cpu_start = bench::thread_cpu_seconds();
    for (std::int64_t first = 0; first < records; first += page) {
        std::vector<sdk::Record> batch;
        for (std::int64_t i = first; i < std::min(records, first + page); ++i) batch.push_back(bench::bench_invoice(i, "1"));
        bench.ingest(std::move(batch), std::to_string(first + page));
    }
    const double ingest_s = std::chrono::duration<double>(Clock::now() - start).count();
    const double ingest_cpu = bench::thread_cpu_seconds() - cpu_start;
    const std::int64_t rss_pending = bench::resident_kib();

    start = Clock::now();
    cpu_start = bench::thread_cpu_seconds();
    const std::int64_t delivered = ingest_only ? 0 : bench.deliver_all();
    const double deliver_s = std::chrono::duration<double>(Clock::now() - start).count();
    const double deliver_cpu = bench::thread_cpu_seconds() - cpu_start;
    store::JobCounts counts;
    store.read([&](store::StoreTransaction& tx) { counts = tx.job_counts(); });

    std::cout << "records:              " << records << " (pages of " << page << ", synchronous=" << synchronous << ")\n"
              << "ingest:               " << static_cast<std::int64_t>(records / ingest_cpu) << " records per CPU-second ("
              << ingest_cpu << " s CPU, " << ingest_s << " s wall)\n"
              << "delivery (1 thread):  " << static_cast<std::int64_t>(counts.done / deliver_cpu) << " jobs per CPU-second ("
              << deliver_cpu << " s CPU, " << deliver_s << " s wall, " << delivered << " batches of up to 100)\n"
              << "resident memory:      " << rss_before / 1024 << " MiB before ingest, " << rss_pending / 1024 << " MiB with "
              << records << " pending jobs\n"
              << "jobs done:            " << counts.done << ", pending " << counts.pending << "\n";
    std::filesystem::remove_all(dir);
    return ingest_only || counts.done == records ? 0 : 1;
}
