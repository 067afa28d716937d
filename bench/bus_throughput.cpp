// bench/bus_throughput: how fast the bus ingests (dedupe -> mirror -> route -> map -> job
// commit) and delivers (lease -> write to a no-op target -> outcome commit) on one core, with
// the SQLite store, and how much memory 100,000 pending jobs take.
//
//   build/bench/bus_throughput [--records N] [--page N] [--synchronous full|normal] [--ingest-only yes]
//
// Results and the command line are recorded in docs/performance.md.

#include <chrono>
#include <ctime>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "app/route_set.hpp"
#include "bus/sync_bus.hpp"
#include "config/host_config.hpp"
#include "plugin/plugin_catalog.hpp"
#include "plugin/plugin_loader.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using namespace ledgersync;
using Clock = std::chrono::steady_clock;

// CPU time of this thread: the figures are "per core", and CPU time does not count the time
// this thread waited for a core on a busy machine.
double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::int64_t resident_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
    }
    return -1;
}

sdk::Record make_record(std::int64_t i) {
    sdk::Record r;
    r.identity = {"bench", "", "invoice", "INV-" + std::to_string(i)};
    r.version = "1";
    r.updated_at = "2026-11-26T12:00:00Z";
    r.schema = "ledgersync.invoice";
    // A valid canonical invoice: the bus checks every record it ingests against its schema.
    r.body = {{"number", "INV-" + std::to_string(i)},
              {"status", "open"},
              {"currency", "USD"},
              {"issue_date", "2026-11-26"},
              {"customer", {{"type", "customer"}, {"id", "C-" + std::to_string(i % 1000)}}},
              {"source_system", "bench"},
              {"updated_at", "2026-11-26T12:00:00Z"},
              {"memo", "thank you for your business"},
              {"lines", {{{"kind", "item"}, {"description", "Consulting"}, {"quantity", "2"}, {"unit_price", "150.00"}, {"amount", "300.00"}}}},
              {"totals", {{"subtotal", "300.00"}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", "300.00"}, {"amount_paid", "0.00"}, {"balance_due", "300.00"}}}};
    return r;
}

/// One delivery worker (the figure is per worker), the host's other defaults.
bus::BusOptions bench_bus_options() {
    bus::BusOptions options;
    options.workers = 1;
    return options;
}

}  // namespace

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

    std::ostringstream log;
    services::Logger logger(log, services::LogLevel::warning);
    services::SystemClock clock;
    services::MetricsRegistry metrics;
    const auto config = config::parse_host_config(nlohmann::json::parse(R"({
        "data_dir": ")" + dir + R"(",
        "plugins": {"paths": [")" LEDGERSYNC_TEST_PLUGIN_DIR R"("]},
        "connections": {"src": {"plugin": "echo"}, "dst": {"plugin": "echo"}},
        "routes": [{"name": "bench", "from": "src.invoice", "to": "dst.invoice",
                    "via": [{"mapper": "uppercase", "config": {"fields": ["memo"]}}]}]
    })"), dir + "/bench.json");
    store::sqlite::SqliteStore store(dir + "/bench.db", {10'000, synchronous});
    plugin::PluginServices services{&logger, &metrics, &clock, nullptr, nullptr};
    const auto catalog = plugin::PluginCatalog::discover(config.plugin_paths);
    auto connections = app::ConnectionSet::open(config, catalog, services);
    auto routes = app::RouteSet::open(config, catalog, services);
    if (!connections.problems().empty() || !routes.problems().empty()) {
        std::cerr << "bench setup failed\n";
        return 1;
    }
    std::map<std::string, bus::BusConnection> bus_connections;
    for (const auto& [name, instance] : connections.running()) {
        bus_connections[name] = {instance.get(), &instance->plugin().manifest(), 3'600'000};
    }
    // Batches of 100 towards the no-op target (the echo manifest says 10; a bulk API takes more).
    plugin::PluginManifest bulk = connections.find("dst")->plugin().manifest();
    bulk.batch_size = 100;
    bus_connections["dst"].manifest = &bulk;
    bus::SyncBus bus(store, std::move(routes.routes()), std::move(bus_connections), bench_bus_options(),
                     clock, metrics, logger);

    const std::int64_t rss_before = resident_kib();
    auto start = Clock::now();
    double cpu_start = thread_cpu_seconds();
    for (std::int64_t first = 0; first < records; first += page) {
        std::vector<sdk::Record> batch;
        for (std::int64_t i = first; i < std::min(records, first + page); ++i) batch.push_back(make_record(i));
        bus.ingestor().ingest_page("src", "echo", "invoice", std::move(batch), std::to_string(first + page));
    }
    const double ingest_s = std::chrono::duration<double>(Clock::now() - start).count();
    const double ingest_cpu = thread_cpu_seconds() - cpu_start;
    const std::int64_t rss_pending = resident_kib();

    start = Clock::now();
    cpu_start = thread_cpu_seconds();
    std::int64_t delivered = 0;
    while (!ingest_only && bus.delivery().deliver_batch("dst")) ++delivered;
    const double deliver_s = std::chrono::duration<double>(Clock::now() - start).count();
    const double deliver_cpu = thread_cpu_seconds() - cpu_start;
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
