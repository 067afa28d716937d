// Several hosts on one PostgreSQL database (docs/operations.md "Running several hosts"): three
// real `ledgersync` processes share six ledger connections (three sources, three targets)
// through connection leases while 3,000 record versions arrive. Host a is SIGKILLed twice
// (its leases expire and the others take them over; restarted, it takes its share back), host b
// is stopped with SIGTERM (it hands its leases over at once) and started again. At the end every
// record version was applied exactly once, with one idempotency key, each object's versions in
// order, and every connection's lease was held by more than one host during the run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <map>
#include <set>
#include <thread>

#include "bus_scenario.hpp"
#include "child_process.hpp"
#include "scratch_store.hpp"
#include "store/postgres/postgres_store.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::BusScenario;

constexpr int kSources = 3;
constexpr int kObjectsPerSource = 250;
constexpr int kVersions = 4;
constexpr int kRecords = kSources * kObjectsPerSource * kVersions;
constexpr int kHostTimeoutSeconds = 2;

/// One `ledgersync run` process with its own host id, config file and data dir.
class Host {
public:
    Host(BusScenario& s, std::string id, const std::map<std::string, std::string>& env) : s_(s), id_(std::move(id)), env_(env) {
        json config = s.config();
        config["data_dir"] = s.path("data-" + id_).string();
        config["bus"]["host_id"] = id_;
        config["bus"]["host_timeout_seconds"] = kHostTimeoutSeconds;
        testing::write_file(config_file(), config.dump(2));
    }
    std::string config_file() const { return s_.path(id_ + ".json").string(); }

    void start() {
        const auto ready = s_.path("ready-" + id_ + "-" + std::to_string(++runs_));
        process_ = std::make_unique<testing::ChildProcess>(
            LEDGERSYNC_BINARY, std::vector<std::string>{"run", "--config", config_file(), "--ready-file", ready.string()},
            s_.path("host-" + id_ + "-" + std::to_string(runs_) + ".log"), env_);
        ASSERT_TRUE(testing::wait_for_file(ready, std::chrono::seconds(60))) << process_->log();
    }
    void kill() {
        process_->signal(SIGKILL);
        EXPECT_EQ(process_->wait(std::chrono::seconds(10)), 128 + SIGKILL);
    }
    void stop() {
        process_->signal(SIGTERM);
        EXPECT_EQ(process_->wait(std::chrono::seconds(60)), 0) << process_->log();
    }
    std::string log() const { return process_ ? process_->log() : std::string(); }
    const std::string& id() const { return id_; }

private:
    BusScenario& s_;
    std::string id_;
    std::map<std::string, std::string> env_;
    int runs_ = 0;
    std::unique_ptr<testing::ChildProcess> process_;
};

/// Samples the connection leases while the hosts run: every holder each connection had.
class LeaseWatch {
public:
    explicit LeaseWatch(const std::string& dsn) : store_(dsn), thread_([this] { run(); }) {}
    ~LeaseWatch() {
        running_ = false;
        thread_.join();
    }
    /// The live holder of each connection now (none: expired or released).
    std::map<std::string, std::string> holders() {
        std::map<std::string, std::string> now;
        const std::int64_t at = services::SystemClock().now_ms();
        std::lock_guard lock(mutex_);
        for (const auto& lease : last_) {
            if (!lease.holder.empty() && lease.expires_at_ms >= at) now[lease.connection] = lease.holder;
        }
        return now;
    }
    std::map<std::string, std::set<std::string>> history() {
        std::lock_guard lock(mutex_);
        return history_;
    }
    std::vector<store::ConnectionLease> leases() {
        std::lock_guard lock(mutex_);
        return last_;
    }
    store::JobCounts jobs() {
        store::JobCounts counts;
        store_.read([&](store::StoreTransaction& tx) { counts = tx.job_counts(); });
        return counts;
    }
    std::size_t held_by(const std::string& host) {
        std::size_t n = 0;
        for (const auto& [connection, holder] : holders()) n += holder == host ? 1 : 0;
        return n;
    }

private:
    void run() {
        while (running_) {
            std::vector<store::ConnectionLease> leases;
            store_.read([&](store::StoreTransaction& tx) { leases = tx.connection_leases(); });
            {
                std::lock_guard lock(mutex_);
                last_ = leases;
                for (const auto& lease : leases) {
                    if (!lease.holder.empty()) history_[lease.connection].insert(lease.holder);
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }

    store::postgres::PostgresStore store_;
    std::mutex mutex_;
    std::vector<store::ConnectionLease> last_;
    std::map<std::string, std::set<std::string>> history_;
    std::atomic<bool> running_{true};
    std::thread thread_;
};

TEST(MultiHostTest, three_hosts_killed_and_restarted_apply_every_record_once_in_order_and_every_lease_moves) {
    testing::ScratchPostgresDatabase database;
    BusScenario s;  // used for its files and config only: the hosts run as separate processes
    std::vector<std::string> connections;
    for (int i = 1; i <= kSources; ++i) {
        const std::string src = "src" + std::to_string(i);
        const std::string dst = "dst" + std::to_string(i);
        s.add_ledger(src);
        s.add_ledger(dst, {{"write_delay_ms", 15}});
        s.add_route({{"name", "invoices" + std::to_string(i)}, {"from", src + ".invoice"}, {"to", dst + ".invoice"}});
        connections.push_back(src);
        connections.push_back(dst);
    }
    s.config()["store"] = {{"postgresql", {{"dsn", "${env:LEDGERSYNC_PG_DSN}"}}}};
    const std::map<std::string, std::string> env = {{"LEDGERSYNC_PG_DSN", database.dsn()}};
    Host a(s, "host-a", env);
    Host b(s, "host-b", env);
    Host c(s, "host-c", env);

    // The records arrive over the run, one version of every object per wave.
    std::atomic<int> appended{0};
    std::thread feed([&] {
        for (int version = 1; version <= kVersions; ++version) {
            for (int source = 1; source <= kSources; ++source) {
                std::vector<json> lines;
                for (int object = 0; object < kObjectsPerSource; ++object) {
                    const std::string id = "I" + std::to_string(object);
                    lines.push_back(testing::envelope("invoice", id, "v" + std::to_string(version),
                                                      testing::canonical_invoice(id + "-" + std::to_string(version))));
                }
                s.append("src" + std::to_string(source), lines);
                appended += static_cast<int>(lines.size());
            }
            std::this_thread::sleep_for(std::chrono::seconds(4));
        }
    });
    const auto applied = [&] {
        std::size_t n = 0;
        for (int i = 1; i <= kSources; ++i) n += s.applied("dst" + std::to_string(i)).size();
        return n;
    };

    a.start();
    LeaseWatch watch(database.dsn());
    b.start();
    c.start();
    const auto spread = [&] {
        return watch.held_by("host-a") == 2 && watch.held_by("host-b") == 2 && watch.held_by("host-c") == 2;
    };
    EXPECT_TRUE(BusScenario::eventually(spread, std::chrono::seconds(30))) << "the leases never spread evenly";
    const auto others_took_over_from = [&](const std::string& gone) {
        const auto holders = watch.holders();
        if (holders.size() != connections.size()) return false;
        return std::none_of(holders.begin(), holders.end(), [&](const auto& h) { return h.second == gone; });
    };

    // a dies: its leases expire and b and c take its connections over.
    EXPECT_TRUE(BusScenario::eventually([&] { return applied() >= 300; }, std::chrono::seconds(60))) << a.log();
    a.kill();
    EXPECT_TRUE(BusScenario::eventually([&] { return others_took_over_from("host-a"); }, std::chrono::seconds(30)));
    a.start();
    EXPECT_TRUE(BusScenario::eventually(spread, std::chrono::seconds(30))) << a.log();

    // b stops gracefully: it hands its leases over at once, and takes its share again when back.
    b.stop();
    EXPECT_TRUE(BusScenario::eventually([&] { return others_took_over_from("host-b"); }, std::chrono::seconds(30)));
    const std::size_t before_restart = applied();
    EXPECT_TRUE(BusScenario::eventually([&] { return applied() > before_restart + 100; }, std::chrono::seconds(60)));
    b.start();
    EXPECT_TRUE(BusScenario::eventually(spread, std::chrono::seconds(30))) << b.log();

    // a dies a second time, in the middle of the work.
    const std::size_t before_second_kill = applied();
    EXPECT_TRUE(BusScenario::eventually([&] { return applied() > before_second_kill + 100; }, std::chrono::seconds(60)));
    a.kill();
    EXPECT_LT(applied(), static_cast<std::size_t>(kRecords)) << "the second kill came too late to prove anything";
    EXPECT_TRUE(BusScenario::eventually([&] { return others_took_over_from("host-a"); }, std::chrono::seconds(30)));
    a.start();

    feed.join();
    EXPECT_TRUE(BusScenario::eventually([&] {
        const auto jobs = watch.jobs();
        return jobs.done == kRecords && jobs.pending == 0 && jobs.leased == 0 && jobs.waiting == 0;
    }, std::chrono::seconds(120))) << applied() << " applied\n" << a.log() << b.log() << c.log();

    // `ledgersync status` shows the three live hosts and which one runs each connection (once
    // host a, restarted last, has its share again: a lease in hand-over has no holder).
    EXPECT_TRUE(BusScenario::eventually(spread, std::chrono::seconds(30))) << a.log();
    const auto status = testing::run_command(LEDGERSYNC_BINARY, {"status", "--json", "--config", c.config_file()}, env);
    ASSERT_EQ(status.exit_code, 0) << status.err;
    const json shown = json::parse(status.out);
    std::set<std::string> live_hosts;
    for (const auto& h : shown["hosts"]) {
        if (h["live"].get<bool>()) live_hosts.insert(h["id"].get<std::string>());
    }
    EXPECT_EQ(live_hosts, (std::set<std::string>{"host-a", "host-b", "host-c"}));
    ASSERT_EQ(shown["connection_leases"].size(), connections.size());
    for (const auto& lease : shown["connection_leases"]) {
        EXPECT_EQ(live_hosts.count(lease["holder"].get<std::string>()), 1u) << lease.dump();
    }

    a.stop();
    b.stop();
    c.stop();

    // Every lease moved: held by more than one host over the run, so taken more than once.
    const auto history = watch.history();
    for (const auto& connection : connections) {
        const auto it = history.find(connection);
        ASSERT_NE(it, history.end()) << connection << " was never leased";
        EXPECT_GE(it->second.size(), 2u) << connection << " stayed on one host";
    }
    std::string moves;
    for (const auto& lease : watch.leases()) {
        EXPECT_GE(lease.token, 2) << lease.connection;
        moves += " " + lease.connection + ":" + std::to_string(lease.token);
    }

    int replays = 0;  // writes sent again after a kill or a takeover, absorbed by their idempotency keys
    std::map<std::string, int> applied_of;                   // "dst/id@version" -> times applied
    std::map<std::string, std::set<std::string>> keys_of;   // "dst/id@version" -> idempotency keys sent
    std::map<std::string, std::vector<std::string>> order;  // "dst/id" -> versions in the order applied
    for (int i = 1; i <= kSources; ++i) {
        const std::string dst = "dst" + std::to_string(i);
        for (const auto& r : s.receipts(dst)) {
            const std::string object = dst + "/" + r["source_id"].get<std::string>();
            const std::string record = object + "@" + r["source_version"].get<std::string>();
            keys_of[record].insert(r["key"].get<std::string>());
            if (r["result"] == "replayed") ++replays;
            if (r.value("applied", false)) {
                ++applied_of[record];
                order[object].push_back(r["source_version"]);
            }
        }
    }
    EXPECT_EQ(applied_of.size(), static_cast<std::size_t>(kRecords)) << "record versions missing";
    for (const auto& [record, count] : applied_of) EXPECT_EQ(count, 1) << record << " applied " << count << " times";
    for (const auto& [record, keys] : keys_of) EXPECT_EQ(keys.size(), 1u) << record << " sent with several keys";
    for (const auto& [object, versions] : order) {
        EXPECT_THAT(versions, ::testing::ElementsAre("v1", "v2", "v3", "v4")) << object;
    }
    RecordProperty("replays", replays);
    std::cout << "lease acquisitions (tokens):" << moves << "; writes replayed: " << replays << "\n";
}

TEST(MultiHostTest, a_second_process_under_a_live_hosts_id_refuses_to_start) {
    testing::ScratchPostgresDatabase database;
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst");
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    s.config()["store"] = {{"postgresql", {{"dsn", "${env:LEDGERSYNC_PG_DSN}"}}}};
    const std::map<std::string, std::string> env = {{"LEDGERSYNC_PG_DSN", database.dsn()}};
    Host first(s, "host-a", env);
    first.start();
    const auto twin = testing::run_command(
        LEDGERSYNC_BINARY, {"run", "--config", first.config_file(), "--ready-file", s.path("ready-twin").string()}, env,
        std::chrono::seconds(30));
    EXPECT_NE(twin.exit_code, 0);
    EXPECT_THAT(twin.out + twin.err, ::testing::HasSubstr("another process runs as host 'host-a'"));
    EXPECT_THAT(twin.out + twin.err, ::testing::HasSubstr("bus.host_id"));
    first.stop();
}

}  // namespace
}  // namespace ledgersync
