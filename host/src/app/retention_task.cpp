#include "app/retention_task.hpp"

#include <chrono>

namespace ledgersync::app {

RetentionTask::RetentionTask(store::Store& store, const config::RetentionConfig& config, const services::Clock& clock,
                             services::Logger& logger, services::MetricsRegistry& metrics)
    : store_(store), config_(config), clock_(clock), logger_(logger), metrics_(metrics) {
    using store::FailureState;
    using store::StoreTransaction;
    kinds_ = {
        {"dismissed_failures", config_.dismissed_failures_ms,
         [](StoreTransaction& tx, std::int64_t older, std::int64_t after, std::int64_t limit) {
             return tx.prune_failures(FailureState::dismissed, older, after, limit);
         }},
        {"resolved_failures", config_.resolved_failures_ms,
         [](StoreTransaction& tx, std::int64_t older, std::int64_t after, std::int64_t limit) {
             return tx.prune_failures(FailureState::resolved, older, after, limit);
         }},
        {"timeline", config_.timeline_ms,
         [](StoreTransaction& tx, std::int64_t older, std::int64_t after, std::int64_t limit) {
             return tx.prune_timeline(older, after, limit);
         }},
        {"done_jobs", config_.done_jobs_ms,
         [](StoreTransaction& tx, std::int64_t older, std::int64_t after, std::int64_t limit) {
             return tx.prune_settled_jobs(older, after, limit);
         }},
        {"events", config_.events_ms,
         [](StoreTransaction& tx, std::int64_t older, std::int64_t after, std::int64_t limit) {
             return tx.prune_events(older, after, limit);
         }},
        {"activity", config_.activity_ms,
         [](StoreTransaction& tx, std::int64_t older, std::int64_t after, std::int64_t limit) {
             return tx.prune_activity(older, after, limit);
         }},
    };
}

RetentionTask::~RetentionTask() { stop(); }

void RetentionTask::start() {
    stop_requested_ = false;
    running_ = true;
    thread_ = std::thread([this] { run(); });
}

void RetentionTask::stop() {
    if (!running_.exchange(false)) return;
    stop_requested_ = true;
    {
        std::lock_guard lock(wake_mutex_);
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void RetentionTask::run() {
    while (running_) {
        try {
            run_pass();
        } catch (const std::exception& e) {
            // The next pass starts where this one could not go on; nothing is lost meanwhile.
            logger_.error("retention", std::string("pruning old rows failed: ") + e.what());
        }
        std::unique_lock lock(wake_mutex_);
        wake_.wait_for(lock, std::chrono::milliseconds(config_.every_ms), [&] { return !running_.load(); });
    }
}

std::map<std::string, std::int64_t> RetentionTask::run_pass() {
    const std::int64_t now = clock_.now_ms();
    std::map<std::string, std::int64_t> removed;
    std::string summary;
    for (const auto& kind : kinds_) {
        if (kind.age_ms == 0) continue;  // kept forever
        removed[kind.name] = prune(kind, now);
        if (removed[kind.name] > 0) {
            summary += (summary.empty() ? "" : ", ") + std::to_string(removed[kind.name]) + " " + kind.name;
        }
    }
    metrics_.add("ledgersync_retention_passes_total", {}, 1, "Retention passes completed");
    if (!summary.empty()) logger_.info("retention", "pruned " + summary);
    return removed;
}

std::int64_t RetentionTask::prune(const PrunedKind& kind, std::int64_t now_ms) {
    const std::int64_t older_than = now_ms - kind.age_ms;
    std::int64_t after_id = 0;
    std::int64_t total = 0;
    store::PruneStep step;
    // A stop request ends the pass between two steps.
    do {
        store_.write([&](store::StoreTransaction& tx) { step = kind.step(tx, older_than, after_id, config_.batch); });
        after_id = step.examined_up_to;
        total += step.removed;
        if (step.removed > 0) {
            metrics_.add("ledgersync_retention_pruned_rows_total", {{"kind", kind.name}}, step.removed,
                         "Rows pruned by retention, by kind");
        }
    } while (!step.finished && !stop_requested_);
    return total;
}

}  // namespace ledgersync::app
