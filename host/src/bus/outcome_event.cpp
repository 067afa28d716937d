#include "bus/outcome_event.hpp"

#include <ledgersync/sdk/timestamp.hpp>

#include "bus/bus_context.hpp"

namespace ledgersync::bus {

std::string rfc3339_utc(std::int64_t unix_ms) {
    return sdk::Timestamp::from_epoch_milliseconds(unix_ms).format(0, sdk::FractionDigits::none);
}

namespace {

/// The outcome event of version `job.source_version` of `job.source` on `job.route` (the job's
/// id and attempts are not read): `version` tells it from the object's other outcomes.
sdk::Record outcome_event(const store::Job& job, const std::string& version, const std::string& status,
                          const sdk::Outcome& outcome, const std::string& target_id, std::int64_t now_ms) {
    sdk::Record event;
    event.identity = {"ledgersync", job.source.connection, kSyncOutcomeType,
                      job.route + "|" + job.source.type + "/" + job.source.id};
    event.version = version;
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
        {"status", status},
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

}  // namespace

sdk::Record make_outcome_event(const store::Job& job, const sdk::Outcome& outcome, const std::string& target_id,
                               std::int64_t now_ms) {
    // One event per job and result: a retried job that finally succeeds emits its success too.
    const std::string version =
        std::to_string(job.id) + ":" + std::to_string(job.attempts) + ":" + std::string(sdk::to_string(outcome.kind));
    return outcome_event(job, version, outcome.is_ok() ? "synced" : "failed", outcome, target_id, now_ms);
}

sdk::Record make_refusal_event(const RouteConfig& route, const store::ObjectKey& source, const std::string& source_version,
                               const std::string& reason, std::int64_t now_ms) {
    store::Job refused;
    refused.route = route.name;
    refused.source = source;
    refused.source_version = source_version;
    refused.target_connection = route.to.connection;
    refused.target_type = route.to.type;
    return outcome_event(refused, "refused:" + source_version, "refused", sdk::Outcome::data(reason), "", now_ms);
}

}  // namespace ledgersync::bus
