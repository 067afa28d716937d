#pragma once
// A host running in this process with ledger test connectors, a real SQLite store and real
// plugins: tests write records into inboxes and read what the ledgers received.

#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/host_runtime.hpp"
#include "child_process.hpp"
#include "config/host_config.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "temp_dir.hpp"

namespace ledgersync::testing {

class BusScenario {
public:
    BusScenario() : log_sink_(), logger_(log_sink_, services::LogLevel::info), clock_(std::make_unique<services::SystemClock>()) {
        config_ = {
            {"data_dir", (dir_ / "data").string()},
            {"server", {{"listen", "127.0.0.1:0"}}},
            {"plugins", {{"paths", {LEDGERSYNC_TEST_PLUGIN_DIR}}}},
            {"bus", {{"workers", 4}, {"idle_poll_ms", 50}}},
            {"connections", nlohmann::json::object()},
            {"routes", nlohmann::json::array()},
        };
    }
    ~BusScenario() { stop(); }

    /// Adds a ledger connection; `extra` goes into its plugin config.
    void add_ledger(const std::string& name, nlohmann::json extra = nlohmann::json::object()) {
        nlohmann::json config = {{"inbox", inbox(name)}, {"journal", journal(name)}, {"id_prefix", name}};
        config.update(extra);
        config_["connections"][name] = {{"plugin", "ledger"}, {"poll_interval_seconds", 1}, {"config", config}};
    }
    void add_route(nlohmann::json route) { config_["routes"].push_back(std::move(route)); }
    nlohmann::json& config() { return config_; }

    std::string inbox(const std::string& ledger) const { return (dir_ / (ledger + ".inbox.jsonl")).string(); }
    std::string journal(const std::string& ledger) const { return (dir_ / (ledger + ".journal.jsonl")).string(); }
    std::filesystem::path path(const std::string& name) const { return dir_ / name; }

    /// Appends record envelopes to a ledger's inbox (its connector reads them at its next poll).
    void append(const std::string& ledger, const std::vector<nlohmann::json>& records) const {
        std::ofstream out(inbox(ledger), std::ios::app);
        for (const auto& r : records) out << r.dump() << "\n";
    }

    /// Every receipt in a ledger's journal.
    std::vector<nlohmann::json> receipts(const std::string& ledger) const {
        std::vector<nlohmann::json> all;
        std::string text = read_file(journal(ledger));
        text.erase(text.find_last_of('\n') == std::string::npos ? 0 : text.find_last_of('\n') + 1);  // a line being written
        std::istringstream lines(text);
        std::string line;
        while (std::getline(lines, line)) {
            if (!line.empty()) all.push_back(nlohmann::json::parse(line));
        }
        return all;
    }
    std::vector<nlohmann::json> applied(const std::string& ledger, const std::string& type = {}) const {
        std::vector<nlohmann::json> out;
        for (auto& r : receipts(ledger)) {
            if (r.value("applied", false) && (type.empty() || r["type"] == type)) out.push_back(std::move(r));
        }
        return out;
    }

    /// Runs the host on a clock the test moves (call before start()).
    services::ManualClock& use_manual_clock(std::int64_t start_ms) {
        auto clock = std::make_unique<services::ManualClock>(start_ms);
        services::ManualClock& manual = *clock;
        clock_ = std::move(clock);
        return manual;
    }
    const services::Clock& clock() const { return *clock_; }

    void start() {
        const auto file = dir_.write("ledgersync.json", config_.dump(2));
        runtime_ = std::make_unique<app::HostRuntime>(config::parse_host_config(config_, file), logger_, *clock_);
        runtime_->start();
    }
    void stop() {
        if (runtime_) runtime_->stop();
        runtime_.reset();
    }
    app::HostRuntime& runtime() { return *runtime_; }
    /// The running host's HTTP base URL (http://127.0.0.1:PORT).
    std::string url() const { return runtime_->url(); }
    store::Store& store() { return *runtime_->store(); }
    std::string config_file() const { return (dir_ / "ledgersync.json").string(); }
    std::string log() const { return log_sink_.str(); }

    /// Polls `condition` until it holds or `timeout` passes.
    static bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (condition()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return condition();
    }

    /// The host's counter `name` for `connection` (0 before anything was counted).
    std::int64_t counter(const std::string& name, const std::string& connection) const {
        return runtime_->metrics().value(name, {{"connection", connection}});
    }

    /// True when no job waits to be written or is being written.
    bool deliveries_settled() {
        const store::JobCounts counts = job_counts();
        return counts.pending == 0 && counts.leased == 0;
    }

    store::JobCounts job_counts() {
        store::JobCounts counts;
        store().read([&](store::StoreTransaction& tx) { counts = tx.job_counts(); });
        return counts;
    }

    /// The failures in `state` (every state when nullopt).
    std::vector<store::Failure> failures(std::optional<store::FailureState> state = store::FailureState::open) {
        store::FailureFilter filter;
        filter.state = state;
        std::vector<store::Failure> all;
        store().read([&](store::StoreTransaction& tx) { all = tx.failures(filter); });
        return all;
    }

    std::vector<store::TimelineEntry> timeline(const store::ObjectKey& object) {
        std::vector<store::TimelineEntry> entries;
        store().read([&](store::StoreTransaction& tx) { entries = tx.timeline(object, 500); });
        return entries;
    }

private:
    TempDir dir_;
    nlohmann::json config_;
    std::ostringstream log_sink_;
    services::Logger logger_;
    std::unique_ptr<services::Clock> clock_;
    std::unique_ptr<app::HostRuntime> runtime_;
};

/// A valid canonical invoice body (sdk/schema/invoice.schema.json): one item line worth
/// `total`, in USD, for customer C-1. The bus refuses records that are not valid.
inline nlohmann::json canonical_invoice(const std::string& number, const std::string& total = "100.00",
                                        const std::string& status = "open") {
    return {{"number", number},
            {"status", status},
            {"currency", "USD"},
            {"issue_date", "2026-11-20"},
            {"customer", {{"type", "customer"}, {"id", "C-1"}}},
            {"memo", "invoice " + number},
            {"lines", nlohmann::json::array({{{"kind", "item"}, {"description", "Consulting"}, {"quantity", "1"},
                                              {"unit_price", total}, {"amount", total}}})},
            {"totals", {{"subtotal", total}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", total},
                        {"amount_paid", "0.00"}, {"balance_due", total}}},
            {"source_system", "ledger"},
            {"updated_at", "2026-11-20T10:00:00Z"}};
}

/// An object a ledger's connector cannot translate, as its inbox holds it.
inline nlohmann::json untranslatable(const std::string& type, const std::string& id, const std::string& reason,
                                     nlohmann::json raw = nlohmann::json::object()) {
    return {{"untranslatable", {{"identity", {{"type", type}, {"id", id}}}, {"reason", reason}, {"raw", std::move(raw)}}}};
}

/// A record envelope as a ledger inbox holds it.
inline nlohmann::json envelope(const std::string& type, const std::string& id, const std::string& version,
                               nlohmann::json body, nlohmann::json links = nlohmann::json::array()) {
    return {{"identity", {{"type", type}, {"id", id}}}, {"version", version}, {"schema", {{"id", "ledgersync." + type}, {"version", 1}}},
            {"body", std::move(body)}, {"links", std::move(links)}};
}

}  // namespace ledgersync::testing
