#include "bus/sync_bus.hpp"

#include "bus/route_backfill.hpp"

#include <algorithm>
#include <set>

namespace ledgersync::bus {

namespace {

/// A host silent for a day is gone for good: its row no longer shows in `ledgersync status`.
constexpr std::int64_t kForgetHostsAfterMs = 86'400'000;

}  // namespace

std::vector<std::string> streams_to_poll(const std::vector<RouteRuntime>& routes, const std::string& connection,
                                         const plugin::PluginManifest& manifest) {
    std::vector<std::string> streams;
    for (const auto& route : routes) {
        if (!route.config.enabled) continue;
        for (const auto& from : route.config.from) {
            if (from.connection != connection) continue;
            const bool declared = std::find(manifest.streams.begin(), manifest.streams.end(), from.type) != manifest.streams.end();
            if (declared && std::find(streams.begin(), streams.end(), from.type) == streams.end()) streams.push_back(from.type);
        }
    }
    return streams;
}

SyncBus::SyncBus(store::Store& store, std::vector<RouteRuntime> routes, std::map<std::string, BusConnection> connections,
                 BusOptions options, const services::Clock& clock, services::MetricsRegistry& metrics,
                 services::Logger& logger)
    : store_(store),
      routes_(std::move(routes)),
      connections_(std::move(connections)),
      options_(options),
      clock_(clock),
      metrics_(metrics),
      logger_(logger),
      context_{store_, routes_, clock_, metrics_, logger_, [this] {
                   if (delivery_) delivery_->notify();
               }},
      ingestor_(context_) {
    std::vector<std::string> names;
    for (const auto& [name, connection] : connections_) names.push_back(name);
    leases_ = std::make_unique<ConnectionLeases>(
        context_, std::move(names), ConnectionLeaseOptions{options_.host_id, options_.host_timeout_ms, options_.sole_host});
    owner_ = leases_->host_id();
    std::map<std::string, DeliveryTarget> targets;
    for (const auto& [name, connection] : connections_) {
        targets[name] = {connection.connector, connection.manifest->batch_size, connection.manifest->write_linger_ms};
    }
    delivery_ = std::make_unique<Delivery>(context_, ingestor_, pauses_, std::move(targets),
                                           DeliveryOptions{options_.workers, options_.lease_ms, options_.idle_poll_ms, owner_});
    for (const auto& [name, connection] : connections_) {
        // A connection that reads nothing routed still has a poller when it can read at all: it
        // serves the retries of objects its webhooks could not translate.
        auto streams = streams_to_poll(routes_, name, *connection.manifest);
        if (streams.empty() && connection.manifest->streams.empty()) continue;
        pollers_.push_back(std::make_unique<StreamPoller>(context_, ingestor_, pauses_, name, *connection.connector,
                                                          std::move(streams), connection.poll_interval_ms));
    }
}

SyncBus::~SyncBus() { stop(); }

void SyncBus::start() {
    leases_->on_gain([this] {
        for (auto& poller : pollers_) poller->wake();
        delivery_->notify();
    });
    leases_->start();
    context_.leases = leases_.get();
    const std::int64_t now = clock_.now_ms();
    std::int64_t recovered = 0;
    store_.write([&](store::StoreTransaction& tx) {
        if (options_.sole_host) {
            // The only host: any job lease in the database belongs to a process that is gone.
            recovered = tx.release_leases("", false, now);
        } else {
            // Those of this host's previous instance and of hosts gone silent; never those of
            // live hosts, which are writing them.
            recovered = tx.release_leases(owner_, false, now) + tx.release_leases_of_gone_hosts(now - options_.host_timeout_ms);
        }
    });
    if (recovered > 0) logger_.info("bus", "recovered " + std::to_string(recovered) + " job(s) in flight at the last stop");
    // Before the pollers: a route enabled late gets the objects already read (RouteBackfill).
    RouteBackfill(context_, ingestor_).run();
    pauses_.refresh(store_);
    for (const auto& p : pauses_.all()) {
        logger_.warning("bus", p.kind + " '" + p.name + "' is paused: " + p.reason + "; resume it with `ledgersync " +
                                   p.kind + "s resume " + p.name + "`");
    }
    running_ = true;
    delivery_->start();
    for (auto& poller : pollers_) poller->start();
    sweeper_ = std::thread([this] { run_sweeper(); });
    logger_.info("bus", "started: " + std::to_string(routes_.size()) + " route(s), " + std::to_string(options_.workers) +
                            " worker(s), " + std::to_string(pollers_.size()) + " poller(s)");
}

void SyncBus::stop() {
    if (!running_.exchange(false)) return;
    for (auto& poller : pollers_) poller->stop();
    delivery_->stop();
    sweep_wake_.notify_all();
    if (sweeper_.joinable()) sweeper_.join();
    leases_->stop();
    context_.leases = nullptr;
    logger_.info("bus", "stopped");
}

void SyncBus::run_sweeper() {
    while (running_) {
        try {
            sweep();
        } catch (const std::exception& e) {
            logger_.error("bus", std::string("housekeeping: ") + e.what());
        }
        std::unique_lock lock(sweep_mutex_);
        sweep_wake_.wait_for(lock, std::chrono::milliseconds(options_.sweep_ms), [&] { return !running_.load(); });
    }
}

void SyncBus::sweep() {
    const std::int64_t now = clock_.now_ms();
    std::int64_t woken = 0;
    std::int64_t expired = 0;
    store::JobCounts counts;
    store_.write([&](store::StoreTransaction& tx) {
        woken = tx.wake_waiting_due(now);
        expired = tx.release_leases("", true, now);
        if (!options_.sole_host) {
            expired += tx.release_leases_of_gone_hosts(now - options_.host_timeout_ms);
            tx.forget_hosts("", now - kForgetHostsAfterMs);
        }
        counts = tx.job_counts();
    });
    pauses_.refresh(store_);
    wake_pollers_with_read_retries();
    if (expired > 0) logger_.warning("bus", std::to_string(expired) + " lease(s) expired; their jobs will run again");
    if (woken + expired > 0) delivery_->notify();
    for (const auto& [state, value] : {std::pair{"pending", counts.pending}, std::pair{"leased", counts.leased},
                                       std::pair{"waiting", counts.waiting}, std::pair{"done", counts.done},
                                       std::pair{"failed", counts.failed}, std::pair{"dismissed", counts.dismissed}}) {
        metrics_.set("ledgersync_jobs", {{"state", state}}, value, "Jobs by state");
    }
}

void SyncBus::wake_pollers_with_read_retries() {
    store::FailureFilter filter;
    filter.state = store::FailureState::retried;
    filter.stage = store::FailureStage::read;
    std::set<std::string> connections;
    store_.read([&](store::StoreTransaction& tx) {
        for (const auto& failure : tx.failures(filter)) connections.insert(failure.object.connection);
    });
    for (auto& poller : pollers_) {
        if (connections.count(poller->connection()) != 0) poller->wake();
    }
}

nlohmann::json SyncBus::status() const {
    store::JobCounts counts;
    store_.read([&](store::StoreTransaction& tx) { counts = tx.job_counts(); });
    nlohmann::json pauses = nlohmann::json::array();
    for (const auto& p : pauses_.all()) pauses.push_back({{"kind", p.kind}, {"name", p.name}, {"reason", p.reason}});
    return {{"jobs",
             {{"pending", counts.pending},
              {"leased", counts.leased},
              {"waiting", counts.waiting},
              {"done", counts.done},
              {"failed", counts.failed},
              {"dismissed", counts.dismissed}}},
            {"paused", pauses},
            {"routes", routes_.size()},
            {"host", {{"id", leases_->host_id()}, {"connections", leases_->held()}}}};
}

}  // namespace ledgersync::bus
