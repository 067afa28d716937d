#pragma once
/// The sync bus: ingest, routing, delivery and housekeeping, started and stopped as one.
/// Guarantees and job states: docs/bus.md.

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bus/bus_context.hpp"
#include "bus/connection_leases.hpp"
#include "bus/delivery.hpp"
#include "bus/ingestor.hpp"
#include "bus/pause_book.hpp"
#include "bus/route_runtime.hpp"
#include "bus/stream_poller.hpp"
#include "plugin/connector_instance.hpp"
#include "plugin/plugin_manifest.hpp"

namespace ledgersync::bus {

/// A running connection as the bus sees it.
struct BusConnection {
    plugin::ConnectorInstance* connector = nullptr;
    const plugin::PluginManifest* manifest = nullptr;
    std::int64_t poll_interval_ms = 60'000;
};

struct BusOptions {
    std::int64_t workers = 4;
    std::int64_t lease_ms = 300'000;
    std::int64_t idle_poll_ms = 250;
    /// Housekeeping period: wake waiting jobs, reload pauses, release expired leases, start
    /// the reads that retried read failures ask for.
    std::int64_t sweep_ms = 1000;
    /// This host's identity on the database (empty: the machine's name); owns its job leases.
    std::string host_id;
    /// Connection leases last this long without renewal; a host silent this long is gone.
    std::int64_t host_timeout_ms = 15'000;
    /// The database admits this host only (SQLite): at start every lease in it is a dead
    /// process's. Else (PostgreSQL) several hosts share the connections (ConnectionLeases).
    bool sole_host = true;
};

class SyncBus {
public:
    SyncBus(store::Store& store, std::vector<RouteRuntime> routes, std::map<std::string, BusConnection> connections,
            BusOptions options, const services::Clock& clock, services::MetricsRegistry& metrics,
            services::Logger& logger);
    ~SyncBus();

    /// Takes this host's connection leases (throws std::runtime_error when another live process
    /// carries its host id), recovers from a previous crash (leases of a dead process return to
    /// pending), then starts delivery workers, stream pollers and housekeeping.
    void start();
    /// Stops taking work, lets in-flight batches finish, releases what is left; idempotent.
    void stop();

    /// Ingest of webhook records (and of tests' records).
    Ingestor& ingestor() { return ingestor_; }
    /// Synchronous delivery of one batch (tests).
    Delivery& delivery() { return *delivery_; }

    /// Job counts, pauses and the connections this host runs, for /healthz.
    nlohmann::json status() const;
    /// Which connections this host runs (their leases).
    const ConnectionLeases& leases() const { return *leases_; }

private:
    void sweep();
    void run_sweeper();
    /// Read failures an operator retried (from the CLI, another process) are served by their
    /// connection's poller: wake it rather than wait for its next poll.
    void wake_pollers_with_read_retries();

    store::Store& store_;
    std::vector<RouteRuntime> routes_;
    std::map<std::string, BusConnection> connections_;
    BusOptions options_;
    const services::Clock& clock_;
    services::MetricsRegistry& metrics_;
    services::Logger& logger_;
    std::string owner_;

    BusContext context_;
    PauseBook pauses_;
    Ingestor ingestor_;
    std::unique_ptr<ConnectionLeases> leases_;
    std::unique_ptr<Delivery> delivery_;
    std::vector<std::unique_ptr<StreamPoller>> pollers_;

    std::mutex sweep_mutex_;
    std::condition_variable sweep_wake_;
    std::atomic<bool> running_{false};
    std::thread sweeper_;
};

/// The streams the bus reads from `connection`: the source types of the enabled routes that
/// start there, among the streams its connector declares.
std::vector<std::string> streams_to_poll(const std::vector<RouteRuntime>& routes, const std::string& connection,
                                         const plugin::PluginManifest& manifest);

}  // namespace ledgersync::bus
