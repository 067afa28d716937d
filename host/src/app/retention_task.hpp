#pragma once
/// Prunes settled history the `retention` section lets go, on a thread of its own: a pass over
/// failures (dismissed, resolved), the timeline, settled jobs, events and the hourly activity
/// counts, every `every`, the first right after start. Each step deletes at most `batch` rows
/// in its own short write transaction, so the bus's transactions slip in between steps and
/// never wait for a pass.
/// What the store's prune primitives protect (each object's current copy, the links, cursors,
/// jobs and failures still to settle) is never pruned.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/host_config.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "store/store.hpp"

namespace ledgersync::app {

class RetentionTask {
public:
    RetentionTask(store::Store& store, const config::RetentionConfig& config, const services::Clock& clock,
                  services::Logger& logger, services::MetricsRegistry& metrics);
    ~RetentionTask();
    RetentionTask(const RetentionTask&) = delete;
    RetentionTask& operator=(const RetentionTask&) = delete;

    void start();
    /// Ends the step in progress, then returns; idempotent.
    void stop();

    /// Runs one whole pass on the calling thread; returns the rows removed, by kind
    /// ("events", "done_jobs", "timeline", "dismissed_failures", "resolved_failures", "activity").
    std::map<std::string, std::int64_t> run_pass();

private:
    /// One kind of row and how to prune a step of it.
    struct PrunedKind {
        std::string name;
        std::int64_t age_ms;
        std::function<store::PruneStep(store::StoreTransaction&, std::int64_t older_than_ms, std::int64_t after_id,
                                       std::int64_t limit)>
            step;
    };

    void run();
    std::int64_t prune(const PrunedKind& kind, std::int64_t now_ms);

    store::Store& store_;
    config::RetentionConfig config_;
    const services::Clock& clock_;
    services::Logger& logger_;
    services::MetricsRegistry& metrics_;
    /// In pass order: failures first, since a failure keeps its job.
    std::vector<PrunedKind> kinds_;

    std::mutex wake_mutex_;
    std::condition_variable wake_;
    std::atomic<bool> running_{false};
    std::atomic<bool> stop_requested_{false};
    std::thread thread_;
};

}  // namespace ledgersync::app
