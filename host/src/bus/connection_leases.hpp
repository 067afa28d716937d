#pragma once
/// Connection leases: which host runs each connection's stream pollers, webhook inbox and
/// deliveries while several hosts share one database (docs/bus.md "Several hosts").
///
/// Each host registers in the hosts table and beats every third of the timeout. A round of the
/// keeper renews the leases it holds, counts the live hosts, gives up what it holds beyond its
/// fair share (ceil(connections / live hosts), the longest held first) and takes free or expired
/// leases up to that share. A lease not renewed within the timeout (its host died or hung) may
/// be taken by another host; every acquisition draws a new fencing token, and every write made
/// under a lease (an ingested page and its cursor, a webhook delivery, leasing a connection's
/// jobs) checks that token in its own transaction, so a host that lost a lease commits nothing
/// more under it. Jobs already leased keep their own lease tokens (store::Job::lease_token).
///
/// A sole host (SQLite: the file admits one host) takes every lease at start, whoever held it.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bus/bus_context.hpp"

namespace ledgersync::bus {

/// A write under a connection lease found the lease acquired by another host since: nothing of
/// that transaction was committed.
class LeaseLost : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ConnectionLeaseOptions {
    /// This host's identity (bus.host_id, or the machine's name).
    std::string host_id;
    /// How long a lease lasts without renewal, and after how long without a heartbeat a host
    /// counts as gone.
    std::int64_t timeout_ms = 15'000;
    /// The only host the database admits: takes every lease at start, whoever held it.
    bool sole_host = true;
};

class ConnectionLeases {
public:
    ConnectionLeases(BusContext& context, std::vector<std::string> connections, ConnectionLeaseOptions options);
    ~ConnectionLeases();
    ConnectionLeases(const ConnectionLeases&) = delete;
    ConnectionLeases& operator=(const ConnectionLeases&) = delete;

    /// Registers this host and takes its first leases, then keeps them on a thread of its own.
    /// Throws std::runtime_error when another live process carries the same host id.
    void start();
    /// Releases every lease (the other hosts take them over at their next round) and removes
    /// this host's row; idempotent.
    void stop();
    /// Runs after a round in which this host gained connections (wake their pollers and workers).
    void on_gain(std::function<void()> callback) { on_gain_ = std::move(callback); }

    /// The token of this host's lease of `connection`, nullopt while another host runs it.
    std::optional<std::int64_t> token(const std::string& connection) const;
    /// The connections this host holds the leases of, by name.
    std::vector<std::string> held() const;
    /// The fencing check, inside a write transaction: throws LeaseLost unless this host still
    /// holds `connection` under `token` (the transaction then rolls back).
    void check(store::StoreTransaction& tx, const std::string& connection, std::int64_t token) const;

    /// One round: heartbeat, renewals, spreading. The keeper thread runs it every third of the
    /// timeout; tests call it directly.
    void keep();
    const std::string& host_id() const noexcept { return options_.host_id; }
    std::int64_t timeout_ms() const noexcept { return options_.timeout_ms; }

private:
    void run();
    /// Refuses a second live process with this host id: a row of another instance whose
    /// heartbeat moves while this one waits.
    void refuse_a_twin();

    BusContext& context_;
    std::vector<std::string> connections_;
    ConnectionLeaseOptions options_;
    std::string instance_;
    std::int64_t started_at_ms_ = 0;
    std::function<void()> on_gain_;

    mutable std::mutex held_mutex_;
    std::map<std::string, store::ConnectionLease> held_;

    std::mutex wake_mutex_;
    std::condition_variable wake_;
    std::atomic<bool> running_{false};
    std::thread thread_;
};

}  // namespace ledgersync::bus
