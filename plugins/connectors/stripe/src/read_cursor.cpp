#include "read_cursor.hpp"

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::connectors::stripe {

namespace {

const char* phase_name(ReadCursor::Phase phase) {
    switch (phase) {
        case ReadCursor::Phase::backfill: return "backfill";
        case ReadCursor::Phase::events: return "events";
        case ReadCursor::Phase::gap: return "gap";
    }
    return "backfill";
}

}  // namespace

std::string ReadCursor::to_text() const {
    nlohmann::json j{{"phase", phase_name(phase)}, {"anchor", anchor}, {"started_at", started_at}, {"anchored", anchored}};
    if (!after.empty()) j["after"] = after;
    if (created_gte) j["created_gte"] = *created_gte;
    if (phase == Phase::gap) j["gap_since"] = gap_since;
    return j.dump();
}

ReadCursor ReadCursor::parse(const std::string& text) {
    try {
        const nlohmann::json j = sdk::parse_json_exact(text);
        ReadCursor c;
        const std::string phase = j.at("phase").get<std::string>();
        if (phase == "backfill") {
            c.phase = Phase::backfill;
        } else if (phase == "events") {
            c.phase = Phase::events;
        } else if (phase == "gap") {
            c.phase = Phase::gap;
            c.gap_since = j.at("gap_since").get<std::int64_t>();
        } else {
            throw std::invalid_argument("unknown phase \"" + phase + "\"");
        }
        c.anchor = j.at("anchor").get<std::string>();
        c.started_at = j.at("started_at").get<std::int64_t>();
        c.anchored = j.at("anchored").get<bool>();
        c.after = j.value("after", std::string());
        if (j.contains("created_gte")) c.created_gte = j.at("created_gte").get<std::int64_t>();
        return c;
    } catch (const std::exception& e) {
        throw sdk::Error(sdk::Outcome::fatal("the stored Stripe read cursor \"" + text + "\" cannot be read: " + e.what(),
                                             "the cursor was not written by this connector version; clear the stream's stored cursor and a full backfill follows"));
    }
}

}  // namespace ledgersync::connectors::stripe
