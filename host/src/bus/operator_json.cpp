#include "bus/operator_json.hpp"

#include <ledgersync/sdk/json.hpp>

#include "bus/outcome_event.hpp"

namespace ledgersync::bus {

nlohmann::json failure_json(const store::Failure& f) {
    return {{"id", f.id},
            {"job_id", f.job_id},
            {"stage", std::string(store::to_string(f.stage))},
            {"route", f.route},
            {"object", f.object.str()},
            {"target_connection", f.target_connection},
            {"class", f.outcome_class},
            {"reason", f.reason},
            {"fix_hint", f.fix_hint},
            {"attempts", f.attempts},
            {"first_failed_at", rfc3339_utc(f.first_failed_at_ms)},
            {"last_failed_at", rfc3339_utc(f.last_failed_at_ms)},
            {"state", std::string(store::to_string(f.state))}};
}

nlohmann::json failure_payload_json(const store::Failure& f) {
    try {
        return sdk::parse_json_exact(f.payload_json, sdk::JsonNumbers::verbatim);
    } catch (const std::exception&) {
        return f.payload_json;
    }
}

nlohmann::json timeline_json(const std::vector<store::TimelineEntry>& timeline) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : timeline) {
        out.push_back({{"at", rfc3339_utc(t.at_ms)}, {"event", t.event}, {"route", t.route}, {"detail", t.detail}});
    }
    return out;
}

nlohmann::json sync_status_json(const std::vector<store::SyncStatus>& statuses) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : statuses) {
        out.push_back({{"route", s.route}, {"target_connection", s.target_connection},
                       {"state", std::string(store::to_string(s.state))}, {"target_id", s.target_id},
                       {"reason", s.reason}, {"updated_at", rfc3339_utc(s.updated_at_ms)}});
    }
    return out;
}

}  // namespace ledgersync::bus
