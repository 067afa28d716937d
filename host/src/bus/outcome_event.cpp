#include "bus/outcome_event.hpp"

#include <ledgersync/sdk/timestamp.hpp>

#include "bus/bus_context.hpp"

namespace ledgersync::bus {

std::string rfc3339_utc(std::int64_t unix_ms) {
    return sdk::Timestamp::from_epoch_milliseconds(unix_ms).format(0, sdk::FractionDigits::none);
}

sdk::Record make_outcome_event(const store::Job& job, const sdk::Outcome& outcome, const std::string& target_id,
                               std::int64_t now_ms) {
    sdk::Record event;
    event.identity = {"ledgersync", job.source.connection, kSyncOutcomeType,
                      job.route + "|" + job.source.type + "/" + job.source.id};
    // One event per job and result: a retried job that finally succeeds emits its success too.
    event.version = std::to_string(job.id) + ":" + std::to_string(job.attempts) + ":" + std::string(sdk::to_string(outcome.kind));
    event.updated_at = rfc3339_utc(now_ms);
    event.schema = "ledgersync.sync_outcome";
    nlohmann::json target = {{"connection", job.target_connection}, {"type", job.target_type}};
    if (!target_id.empty()) target["id"] = target_id;
    if (!outcome.target_version.empty()) target["version"] = outcome.target_version;
    event.body = {
        {"route", job.route},
        {"source", {{"connection", job.source.connection}, {"type", job.source.type}, {"id", job.source.id},
                    {"version", job.source_version}}},
        {"target", target},
        {"status", outcome.is_ok() ? "synced" : "failed"},
        {"outcome_class", std::string(sdk::to_string(outcome.kind))},
        {"at", event.updated_at},
    };
    if (!outcome.action.empty()) event.body["action"] = outcome.action;
    if (!outcome.reason.empty()) event.body["reason"] = outcome.reason;
    if (!outcome.fix_hint.empty()) event.body["fix_hint"] = outcome.fix_hint;
    // The subject is the source object itself: routed back to its own connection, it resolves
    // to its own id, which is where the status belongs.
    event.links.push_back({"subject", job.source.type, job.source.id, "", ""});
    return event;
}

}  // namespace ledgersync::bus
