#include "bench_bus.hpp"

#include <ctime>
#include <fstream>
#include <stdexcept>

namespace ledgersync::bench {

namespace {

/// One delivery worker (the figures are per worker), the host's other defaults.
bus::BusOptions bench_bus_options() {
    bus::BusOptions options;
    options.workers = 1;
    return options;
}

}  // namespace

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

sdk::Record bench_invoice(std::int64_t object, const std::string& version) {
    sdk::Record r;
    const std::string number = "INV-" + std::to_string(object);
    r.identity = {"bench", "", "invoice", number};
    r.version = version;
    r.updated_at = "2026-11-26T12:00:00Z";
    r.schema = "ledgersync.invoice";
    r.body = {{"number", number},
              {"status", "open"},
              {"currency", "USD"},
              {"issue_date", "2026-11-26"},
              {"customer", {{"type", "customer"}, {"id", "C-" + std::to_string(object % 1000)}}},
              {"source_system", "bench"},
              {"updated_at", "2026-11-26T12:00:00Z"},
              {"memo", "thank you for your business (" + version + ")"},
              {"lines", {{{"kind", "item"}, {"description", "Consulting"}, {"quantity", "2"}, {"unit_price", "150.00"}, {"amount", "300.00"}}}},
              {"totals", {{"subtotal", "300.00"}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", "300.00"}, {"amount_paid", "0.00"}, {"balance_due", "300.00"}}}};
    return r;
}

BenchBus::BenchBus(store::Store& store, const services::Clock& clock, const std::string& dir)
    : logger_(log_, services::LogLevel::warning),
      config_(config::parse_host_config(nlohmann::json::parse(R"({
        "data_dir": ")" + dir + R"(",
        "plugins": {"paths": [")" LEDGERSYNC_TEST_PLUGIN_DIR R"("]},
        "connections": {"src": {"plugin": "echo"}, "dst": {"plugin": "echo"}},
        "routes": [{"name": "bench", "from": "src.invoice", "to": "dst.invoice",
                    "via": [{"mapper": "uppercase", "config": {"fields": ["memo"]}}]}]
    })"), dir + "/bench.json")),
      services_{&logger_, &metrics_, &clock, nullptr, nullptr},
      catalog_(std::make_unique<plugin::PluginCatalog>(plugin::PluginCatalog::discover(config_.plugin_paths))) {
    connections_ = std::make_unique<app::ConnectionSet>(app::ConnectionSet::open(config_, *catalog_, services_));
    routes_ = std::make_unique<app::RouteSet>(app::RouteSet::open(config_, *catalog_, services_));
    if (!connections_->problems().empty() || !routes_->problems().empty()) {
        throw std::runtime_error("the test plugins could not be loaded from " LEDGERSYNC_TEST_PLUGIN_DIR);
    }
    std::map<std::string, bus::BusConnection> bus_connections;
    for (const auto& [name, instance] : connections_->running()) {
        bus_connections[name] = {instance.get(), &instance->plugin().manifest(), 3'600'000};
    }
    // Batches of 100 towards the no-op target (the echo manifest says 10; a bulk API takes more).
    bulk_ = connections_->find("dst")->plugin().manifest();
    bulk_.batch_size = 100;
    bus_connections["dst"].manifest = &bulk_;
    bus_ = std::make_unique<bus::SyncBus>(store, std::move(routes_->routes()), std::move(bus_connections),
                                          bench_bus_options(), clock, metrics_, logger_);
}

BenchBus::~BenchBus() = default;

void BenchBus::ingest(std::vector<sdk::Record> records, const std::string& cursor) {
    bus_->ingestor().ingest_page("src", "echo", "invoice", std::move(records), cursor);
}

std::int64_t BenchBus::deliver_all() {
    std::int64_t batches = 0;
    while (bus_->delivery().deliver_batch("dst")) ++batches;
    return batches;
}

}  // namespace ledgersync::bench
