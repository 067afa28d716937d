#pragma once
/// Delivery: worker threads lease due jobs, resolve references through the links, hand batches
/// to the target connector, and commit each job's outcome, link, sync status, failure and
/// outcome event in one transaction. Jobs of one object never run concurrently or out of order;
/// different objects run in parallel.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bus/bus_context.hpp"
#include "bus/commit_effects.hpp"
#include "bus/ingestor.hpp"
#include "bus/pause_book.hpp"
#include "bus/retry_schedule.hpp"
#include "plugin/connector_instance.hpp"

namespace ledgersync::bus {

/// A connection jobs can be delivered to.
struct DeliveryTarget {
    plugin::ConnectorInstance* connector = nullptr;
    /// Most records one write() receives (the plugin manifest's batch_size).
    std::int64_t batch_size = 1;
    /// How long due jobs that would not fill a batch wait for more (the manifest's write_linger_ms).
    std::int64_t linger_ms = 0;
};

struct DeliveryOptions {
    std::int64_t workers = 4;
    std::int64_t lease_ms = 300'000;
    std::int64_t idle_poll_ms = 250;
    /// Identifies this host's job leases (its host id: a restarted host recovers its own).
    std::string owner;
};

class Delivery {
public:
    Delivery(BusContext& context, Ingestor& ingestor, PauseBook& pauses, std::map<std::string, DeliveryTarget> targets,
             DeliveryOptions options);
    ~Delivery();

    void start();
    /// Stops taking work, lets in-flight batches finish and commit, then returns. Leases of
    /// this process that remain are released, so the jobs run again at the next start.
    void stop();
    /// Wakes idle workers (new jobs were created).
    void notify();

    /// Runs one batch for `connection` on the calling thread; true when jobs were leased.
    /// Used by the workers and by tests that want deterministic steps.
    bool deliver_batch(const std::string& connection);

private:
    struct Prepared;

    /// True while `connection`'s due jobs would not fill a batch and have waited less than its
    /// linger: Kafka's linger.ms, for APIs charged per call (HubSpot's batch updates of 100).
    bool lingers(store::StoreTransaction& tx, const std::string& connection, const DeliveryTarget& target, std::int64_t now);
    struct Settlement;

    void run_worker(std::size_t index);
    /// True while this host holds `connection`'s lease (or runs every connection).
    bool runs_here(const std::string& connection) const;
    std::vector<Prepared> lease_and_prepare(const std::string& connection, const DeliveryTarget& target);
    /// Maps, outside any transaction, the leased jobs whose mapping must run again.
    void map_again(std::vector<Prepared>& batch) const;
    /// Stores a new mapping of a leased job, then prepares its write.
    void apply_mapping(store::StoreTransaction& tx, const std::string& connection, Prepared& prepared, std::int64_t now);
    /// True when `job`, an update of an object the target also syncs back, must wait for the
    /// target's next read (then it is set waiting): an edit made there since is then ingested
    /// and met by the conflict check before this write could overwrite it.
    bool awaits_read_back(store::StoreTransaction& tx, const RouteConfig& route, const std::string& connection,
                          store::Job& job, std::int64_t now);
    /// Resolves the job's references and decides what happens to it: a write, a wait, or an
    /// outcome without a write.
    void prepare_write(store::StoreTransaction& tx, const RouteRuntime& route, const std::string& connection,
                       Prepared& prepared, std::int64_t now);
    /// Settles a job whose source change is the echo of our own write (or defers it while a
    /// write that could be its origin is in flight); false when the job is to be written.
    bool settled_as_echo(store::StoreTransaction& tx, Prepared& prepared, std::int64_t now);
    void complete(std::vector<Prepared>& batch, const std::vector<sdk::Outcome>& outcomes);
    /// What an outcome means for a job, decided before the transaction (it draws the retry
    /// delay and maps the outcome event, neither of which may happen inside it).
    Settlement plan(const Prepared& prepared, const sdk::Outcome& outcome, std::int64_t now);
    void settle(store::StoreTransaction& tx, Prepared& prepared, const Settlement& settlement, std::int64_t now,
                CommitEffects& effects, IngestSummary& events);
    /// After `job` wrote its source's version onto the target object of a two-way pair: a
    /// failure of that object an operator settled for this side (its conflict version dismissed)
    /// no longer stands; its sync status becomes synced, and its outcome event (when a route
    /// carries it back) says so.
    void settle_counterpart(store::StoreTransaction& tx, const store::Job& job, const Settlement& settlement,
                            std::int64_t now, CommitEffects& effects, IngestSummary& events);
    /// Links the written object to its source (what later writes update and echo checks read).
    void record_link(store::StoreTransaction& tx, const Prepared& prepared, const sdk::Outcome& outcome, std::int64_t now);
    /// Settles `job` as done without a write (nothing to write, or our own echo); the activity
    /// counts it as skipped.
    static void settle_without_write(store::StoreTransaction& tx, store::Job& job, std::int64_t now);
    /// False when the job's lease was taken over meanwhile (its result is dropped).
    bool record_failure(store::StoreTransaction& tx, Prepared& prepared, const sdk::Outcome& outcome, std::int64_t now,
                        CommitEffects& effects);
    const RouteRuntime* route_named(const std::string& name) const;

    BusContext& context_;
    Ingestor& ingestor_;
    PauseBook& pauses_;
    std::map<std::string, DeliveryTarget> targets_;
    DeliveryOptions options_;
    /// (connection, type) pairs some enabled route writes to: only their changes can be echoes.
    std::set<std::pair<std::string, std::string>> written_types_;

    std::mutex random_mutex_;
    RetrySchedule schedule_;

    std::mutex wake_mutex_;
    /// Since when each lingering connection has had due jobs too few for a full batch.
    std::mutex linger_mutex_;
    std::map<std::string, std::int64_t> lingering_since_;
    std::condition_variable wake_;
    std::atomic<bool> running_{false};
    std::atomic<std::uint64_t> wake_generation_{0};
    std::vector<std::thread> workers_;
};

}  // namespace ledgersync::bus
