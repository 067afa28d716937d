#pragma once
/// What the benchmarks share: a sync bus over a given store with the test plugins (the `echo`
/// connector on both sides, the `uppercase` mapper on the route), the canonical invoice they
/// ingest, and the figures they print (CPU time of this thread, resident memory).

#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include <ledgersync/sdk/record.hpp>

#include "app/connection_set.hpp"
#include "app/route_set.hpp"
#include "bus/sync_bus.hpp"
#include "config/host_config.hpp"
#include "plugin/plugin_catalog.hpp"
#include "plugin/plugin_manifest.hpp"
#include "plugin/plugin_services.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "store/store.hpp"

namespace ledgersync::bench {

/// CPU time of this thread, in seconds: the figures are "per core", and CPU time does not count
/// the time this thread waited for a core on a busy machine.
double thread_cpu_seconds();

/// This process's resident set, KiB (-1 when /proc does not say).
std::int64_t resident_kib();

/// A valid canonical invoice (the bus checks every record against its schema) of about 700
/// bytes: object `object`, version `version`.
sdk::Record bench_invoice(std::int64_t object, const std::string& version);

/// The bus from connection `src` to `dst` (route `bench`, one mapper step), one delivery
/// worker, batches of 100 towards the no-op target, on `store` with `clock`.
class BenchBus {
public:
    /// `dir`: a scratch directory for the host's data_dir. Throws std::runtime_error when the
    /// test plugins cannot be loaded.
    BenchBus(store::Store& store, const services::Clock& clock, const std::string& dir);
    ~BenchBus();

    bus::SyncBus& bus() { return *bus_; }
    /// Ingests `records` as one page of `src`'s invoices, with `cursor`.
    void ingest(std::vector<sdk::Record> records, const std::string& cursor);
    /// Delivers until no job is due; returns the batches written.
    std::int64_t deliver_all();

private:
    std::ostringstream log_;
    services::Logger logger_;
    services::MetricsRegistry metrics_;
    config::HostConfig config_;
    plugin::PluginServices services_;
    std::unique_ptr<plugin::PluginCatalog> catalog_;
    std::unique_ptr<app::ConnectionSet> connections_;
    /// Holds the mapper plugins loaded while the bus runs their instances.
    std::unique_ptr<app::RouteSet> routes_;
    plugin::PluginManifest bulk_;
    std::unique_ptr<bus::SyncBus> bus_;
};

}  // namespace ledgersync::bench
