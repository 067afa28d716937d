#include "bus/connection_leases.hpp"

#include <algorithm>
#include <chrono>

#include <unistd.h>

#include <Poco/Environment.h>

namespace ledgersync::bus {

namespace {

std::string names_of(const std::vector<std::string>& connections) {
    std::string text;
    for (const auto& c : connections) text += (text.empty() ? "" : ", ") + c;
    return text;
}

}  // namespace

ConnectionLeases::ConnectionLeases(BusContext& context, std::vector<std::string> connections,
                                   ConnectionLeaseOptions options)
    : context_(context), connections_(std::move(connections)), options_(std::move(options)) {
    if (options_.host_id.empty()) options_.host_id = Poco::Environment::nodeName();
}

ConnectionLeases::~ConnectionLeases() { stop(); }

void ConnectionLeases::start() {
    started_at_ms_ = context_.clock.now_ms();
    instance_ = Poco::Environment::nodeName() + " pid " + std::to_string(::getpid()) + " started " +
                std::to_string(started_at_ms_);
    if (options_.sole_host) {
        // No other host can be running (the database admits one): rows left by others are stale.
        context_.store.write([&](store::StoreTransaction& tx) { tx.forget_hosts("", started_at_ms_ + 1); });
    } else {
        refuse_a_twin();
    }
    keep();
    running_ = true;
    thread_ = std::thread([this] { run(); });
}

void ConnectionLeases::refuse_a_twin() {
    const std::int64_t now = context_.clock.now_ms();
    std::optional<store::HostEntry> before;
    context_.store.read([&](store::StoreTransaction& tx) { before = tx.host(options_.host_id); });
    if (!before || before->heartbeat_at_ms < now - options_.timeout_ms) return;
    // A fresh row of another instance: this host's previous instance that died moments ago, or
    // a second process given the same id. Only the second one still beats.
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.timeout_ms / 3 + 1000));
    std::optional<store::HostEntry> after;
    context_.store.read([&](store::StoreTransaction& tx) { after = tx.host(options_.host_id); });
    if (after && after->heartbeat_at_ms > before->heartbeat_at_ms) {
        throw std::runtime_error("another process runs as host '" + options_.host_id + "' on this database (" +
                                 after->instance + "); give each host its own bus.host_id (docs/operations.md, "
                                 "\"Running several hosts\")");
    }
    context_.logger.info("bus", "the previous instance of host '" + options_.host_id + "' (" + before->instance +
                                    ") stopped without releasing its leases; taking them back");
}

void ConnectionLeases::stop() {
    if (!running_.exchange(false)) return;
    { std::lock_guard lock(wake_mutex_); }  // a run() between its check and its wait sees the change
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::map<std::string, store::ConnectionLease> held;
    {
        std::lock_guard lock(held_mutex_);
        held.swap(held_);
    }
    try {
        context_.store.write([&](store::StoreTransaction& tx) {
            for (const auto& [connection, lease] : held) tx.release_connection_lease(connection, options_.host_id, lease.token);
            tx.forget_hosts(options_.host_id, 0);
        });
        if (!held.empty()) context_.logger.info("bus", "released the leases of " + std::to_string(held.size()) + " connection(s)");
    } catch (const std::exception& e) {
        context_.logger.warning("bus", std::string("releasing the connection leases: ") + e.what() +
                                           "; the other hosts take them over once they expire");
    }
}

std::optional<std::int64_t> ConnectionLeases::token(const std::string& connection) const {
    std::lock_guard lock(held_mutex_);
    const auto it = held_.find(connection);
    if (it == held_.end()) return std::nullopt;
    return it->second.token;
}

std::vector<std::string> ConnectionLeases::held() const {
    std::lock_guard lock(held_mutex_);
    std::vector<std::string> names;
    for (const auto& [connection, lease] : held_) names.push_back(connection);
    return names;
}

void ConnectionLeases::check(store::StoreTransaction& tx, const std::string& connection, std::int64_t token) const {
    if (!tx.holds_connection_lease(connection, options_.host_id, token)) {
        throw LeaseLost("the lease of connection '" + connection + "' (token " + std::to_string(token) +
                        ") was taken by another host");
    }
}

void ConnectionLeases::run() {
    const auto period = std::chrono::milliseconds(std::max<std::int64_t>(options_.timeout_ms / 3, 100));
    while (running_) {
        {
            std::unique_lock lock(wake_mutex_);
            wake_.wait_for(lock, period, [&] { return !running_.load(); });
        }
        if (!running_) break;
        try {
            keep();
        } catch (const std::exception& e) {
            context_.logger.error("bus", std::string("renewing the connection leases: ") + e.what());
        }
    }
}

void ConnectionLeases::keep() {
    const std::int64_t now = context_.clock.now_ms();
    const std::int64_t until = now + options_.timeout_ms;
    std::map<std::string, store::ConnectionLease> held;
    {
        std::lock_guard lock(held_mutex_);
        held = held_;
    }
    std::map<std::string, store::ConnectionLease> kept;
    std::vector<std::string> lost;
    std::vector<std::string> released;
    std::int64_t live_hosts = 1;
    context_.store.write([&](store::StoreTransaction& tx) {
        // The body may run twice (store contention): start from the leases held before each time.
        kept.clear();
        lost.clear();
        released.clear();
        tx.beat_host({options_.host_id, instance_, started_at_ms_, now});
        for (const auto& [connection, lease] : held) {
            if (tx.renew_connection_lease(connection, options_.host_id, lease.token, until)) {
                kept[connection] = lease;
                kept[connection].expires_at_ms = until;
            } else {
                lost.push_back(connection);
            }
        }
        const auto hosts = tx.hosts();
        live_hosts = std::max<std::int64_t>(
            1, std::count_if(hosts.begin(), hosts.end(),
                             [&](const store::HostEntry& h) { return h.heartbeat_at_ms >= now - options_.timeout_ms; }));
        const auto connections = static_cast<std::int64_t>(connections_.size());
        const auto share = static_cast<std::size_t>(options_.sole_host ? connections : (connections + live_hosts - 1) / live_hosts);
        while (kept.size() > share) {
            // The longest held goes first, so that leases keep moving between hosts as they come and go.
            const auto oldest = std::min_element(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
                return a.second.acquired_at_ms < b.second.acquired_at_ms;
            });
            tx.release_connection_lease(oldest->first, options_.host_id, oldest->second.token);
            released.push_back(oldest->first);
            kept.erase(oldest);
        }
        for (const auto& connection : connections_) {
            if (kept.size() >= share) break;
            if (kept.count(connection) != 0) continue;
            if (auto lease = tx.acquire_connection_lease(connection, options_.host_id, now, until, options_.sole_host)) {
                kept[connection] = *lease;
            }
        }
    });
    std::vector<std::string> gained;
    for (const auto& [connection, lease] : kept) {
        if (held.count(connection) == 0) gained.push_back(connection);
    }
    {
        std::lock_guard lock(held_mutex_);
        held_ = kept;
    }
    if (!lost.empty()) {
        context_.logger.warning("bus", "host '" + options_.host_id + "' lost the lease of " + names_of(lost) +
                                           " (not renewed in time; another host took it over)");
    }
    if (!released.empty()) {
        context_.logger.info("bus", "host '" + options_.host_id + "' hands " + names_of(released) + " over to the " +
                                        std::to_string(live_hosts) + " live hosts");
    }
    if (!gained.empty()) {
        context_.logger.info("bus", "host '" + options_.host_id + "' runs " + names_of(gained));
        if (on_gain_) on_gain_();
    }
    context_.metrics.set("ledgersync_connection_leases_held", {{"host", options_.host_id}},
                         static_cast<std::int64_t>(kept.size()), "Connections whose pollers and deliveries run on this host");
    context_.metrics.set("ledgersync_hosts_live", {}, live_hosts, "Hosts beating on the shared database");
}

}  // namespace ledgersync::bus
