#include "object_reader.hpp"

#include <algorithm>
#include <set>

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/timestamp.hpp>

#include "association_reads.hpp"
#include "hubspot_objects.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ",") + v;
    return out;
}

std::int64_t now_ms(const sdk::HostServices& host) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(host.now().time_since_epoch()).count();
}

std::string modified_property(const std::string& object_type) {
    return object_type == "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate";
}

/// The read position of a stream, serialized as JSON into the host's cursor.
struct Cursor {
    enum class Mode { list, poll } mode = Mode::list;
    /// list: the paging token of the next page ("" = the first).
    std::string after;
    /// list: when the backfill began; the first poll starts there (less the overlap).
    std::int64_t started_ms = 0;
    /// poll: objects changed at or after this instant are read (with tie_id: after this id at it).
    std::int64_t since_ms = 0;
    std::string tie_id;
    /// poll: where the poll began (the since_ms of its first page; later pages start further on).
    std::int64_t from_ms = 0;
    /// poll: a search paging offset (only cursors stored before each page became a slice have one).
    std::int64_t offset = 0;
    /// poll: the latest change seen so far in this poll, and the highest id changed then.
    std::int64_t latest_ms = 0;
    std::string latest_id;
    /// poll: when the last poll finished (0: never).
    std::int64_t polled_at_ms = 0;
    /// poll: where the next sweep starts (a poll searching the whole overlap again), and when
    /// the last one was decided (host clock; 0: never).
    std::int64_t sweep_from_ms = 0;
    std::int64_t swept_at_ms = 0;

    std::string to_text() const {
        json j;
        if (mode == Mode::list) {
            j = {{"mode", "list"}, {"after", after}, {"started_ms", started_ms}};
        } else {
            j = {{"mode", "poll"}, {"since_ms", since_ms}, {"tie_id", tie_id}, {"from_ms", from_ms}, {"offset", offset},
                 {"latest_ms", latest_ms}, {"latest_id", latest_id}, {"polled_at_ms", polled_at_ms},
                 {"sweep_from_ms", sweep_from_ms}, {"swept_at_ms", swept_at_ms}};
        }
        return j.dump();
    }

    static std::optional<Cursor> parse(const std::string& text) {
        try {
            const json j = sdk::parse_json_exact(text);
            Cursor c;
            if (j.at("mode").get<std::string>() == "list") {
                c.after = j.at("after").get<std::string>();
                c.started_ms = j.at("started_ms").get<std::int64_t>();
                return c;
            }
            c.mode = Mode::poll;
            c.since_ms = j.at("since_ms").get<std::int64_t>();
            c.tie_id = j.at("tie_id").get<std::string>();
            c.from_ms = j.value("from_ms", c.since_ms);
            c.offset = j.at("offset").get<std::int64_t>();
            c.latest_ms = j.at("latest_ms").get<std::int64_t>();
            c.latest_id = j.at("latest_id").get<std::string>();
            c.polled_at_ms = j.value("polled_at_ms", std::int64_t{0});
            c.sweep_from_ms = j.value("sweep_from_ms", c.since_ms);
            c.swept_at_ms = j.value("swept_at_ms", std::int64_t{0});
            return c;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
};

/// The cursor of the poll after `finished` (a poll with no page left), at host time `now_ms`.
/// Each poll searches from the latest change seen less a short overlap (changes committed while
/// it ran); every `overlap_ms` one poll, a sweep, searches the whole overlap again, for changes
/// HubSpot's search index showed late. A change indexed at most `overlap_ms` after its
/// modification time is found by the first sweep that starts after that: the sweep searches from
/// the latest change seen at the previous sweep less `overlap_ms`. Each change is so searched a
/// few times, not once per poll of the overlap.
Cursor next_poll(const Cursor& finished, std::int64_t now_ms, std::int64_t overlap_ms) {
    Cursor next;
    next.mode = Cursor::Mode::poll;
    next.latest_ms = finished.latest_ms;
    next.latest_id = finished.latest_id;
    next.polled_at_ms = now_ms;
    next.since_ms = std::max(finished.from_ms, finished.latest_ms - std::min(overlap_ms, ObjectReader::kRecentOverlapMs));
    next.sweep_from_ms = finished.sweep_from_ms;
    next.swept_at_ms = finished.swept_at_ms;
    if (now_ms - finished.swept_at_ms >= overlap_ms) {
        next.since_ms = std::min(next.since_ms, finished.sweep_from_ms);
        next.sweep_from_ms = std::max(finished.sweep_from_ms, finished.latest_ms - overlap_ms);
        next.swept_at_ms = now_ms;
    }
    next.from_ms = next.since_ms;
    return next;
}

/// An object of `object_type` as CommittedVersions compares it.
/// `properties`: those read of `object_type`.
CommittedVersions::Version version_of(const json& object, const std::string& object_type, const std::vector<std::string>& properties) {
    return {object_id_of(object), modified_ms(object).value_or(0), content_digest(object, properties, modified_property(object_type))};
}

/// The versions of `objects` (those with a modification time), as CommittedVersions keeps them.
std::vector<CommittedVersions::Version> versions_of(const std::vector<json>& objects, const std::string& object_type,
                                                    const std::vector<std::string>& properties) {
    std::vector<CommittedVersions::Version> versions;
    versions.reserve(objects.size());
    for (const auto& object : objects) {
        if (modified_ms(object)) versions.push_back(version_of(object, object_type, properties));
    }
    return versions;
}

}  // namespace

ObjectReader::ObjectReader(HubSpotClient& client, const HubSpotConnectionConfig& config, std::string system)
    : client_(client), config_(config), system_(std::move(system)) {}

std::vector<std::string> ObjectReader::associations_of(const std::string&) const { return {}; }

std::vector<std::string> ObjectReader::history_read_by_id(const std::string&) const { return {}; }

std::map<std::string, json> ObjectReader::batch_read(const std::string& object_type, const std::vector<std::string>& ids,
                                                     const std::vector<std::string>& properties_with_history) {
    return hubspot::batch_read(client_, object_type, ids, properties_of(object_type), properties_with_history);
}

std::map<std::string, json> batch_read(HubSpotClient& client, const std::string& object_type, const std::vector<std::string>& ids,
                                       const std::vector<std::string>& properties, const std::vector<std::string>& properties_with_history) {
    std::map<std::string, json> out;
    auto page = static_cast<std::size_t>(client.config().limits.page_size);
    if (!properties_with_history.empty()) page = std::min(page, ObjectReader::kHistoryBatchInputs);
    for (std::size_t from = 0; from < ids.size(); from += page) {
        json inputs = json::array();
        for (std::size_t i = from; i < std::min(ids.size(), from + page); ++i) inputs.push_back({{"id", ids[i]}});
        json body{{"inputs", inputs}, {"properties", properties}};
        if (!properties_with_history.empty()) body["propertiesWithHistory"] = properties_with_history;
        ApiCall call{"POST", "/crm/v3/objects/" + object_type + "/batch/read", {}, body.dump(), ""};
        const json answer = client.json_call(call, {"reading", std::to_string(inputs.size()) + " " + object_type + " by id"});
        if (const auto results = answer.find("results"); results != answer.end() && results->is_array()) {
            for (const auto& object : *results) {
                if (const std::string id = object_id_of(object); !id.empty()) out[id] = object;
            }
        }
    }
    return out;
}

void ObjectReader::report_untranslated(const std::string& stream, const json& object, const std::string& reason, sdk::ReadResult& result) {
    sdk::UntranslatedRecord u;
    u.identity = {system_, "", stream, object_id_of(object)};
    if (const auto modified = modified_ms(object)) {
        u.updated_at = sdk::Timestamp::from_epoch_milliseconds(*modified).to_rfc3339();
        u.version = u.updated_at;
    }
    u.raw = object;
    u.reason = "HubSpot " + stream + " has no canonical form: " + reason;
    u.fix_hint = "correct the " + stream + " in HubSpot (or the connection's settings), then retry the failure: it is read again";
    client_.host().count(system_ + "_records_untranslated_total", 1, "stream=" + stream);
    client_.host().log(sdk::LogLevel::warning, u.reason);
    result.untranslated.push_back(std::move(u));
}

sdk::ReadResult ObjectReader::read_ids(const std::string& stream, const std::vector<std::string>& ids) {
    const std::string type = object_type_of(stream);
    sdk::ReadResult result;
    result.answers_ids = true;
    const auto found = batch_read(type, ids, history_read_by_id(type));
    std::vector<json> objects;
    for (const auto& id : ids) {
        if (const auto it = found.find(id); it != found.end()) objects.push_back(it->second);
    }
    if (!associations_of(type).empty() && !objects.empty()) attach_associations(client_, type, objects, associations_of(type));
    translate(stream, objects, result);
    return result;
}

sdk::ReadResult ObjectReader::read(const sdk::ReadRequest& request) {
    const std::string type = object_type_of(request.stream);
    if (!request.ids.empty()) return read_ids(request.stream, request.ids);
    const std::int64_t now = now_ms(client_.host());
    Cursor cursor;
    if (request.cursor) {
        auto parsed = Cursor::parse(*request.cursor);
        if (!parsed) {
            throw sdk::Error(sdk::Outcome::fatal("the stored cursor of stream '" + request.stream + "' is unreadable: " + *request.cursor,
                                                 "reset the stream's cursor (ledgersync streams reset) to read it again"));
        }
        cursor = *parsed;
    } else {
        cursor.started_ms = now;
    }
    committed_.confirm(request.stream, request.cursor);
    const std::vector<std::string> properties = properties_of(type);
    sdk::ReadResult result;
    const std::string page_size = std::to_string(config_.limits.page_size);

    if (cursor.mode == Cursor::Mode::list) {
        ApiCall call{"GET", "/crm/v3/objects/" + type, {{"limit", page_size}, {"properties", joined(properties)}, {"archived", "false"}}, "", ""};
        if (!associations_of(type).empty()) call.parameters.emplace_back("associations", joined(associations_of(type)));
        if (!cursor.after.empty()) call.parameters.emplace_back("after", cursor.after);
        const json answer = client_.json_call(call, {"listing", type + " for stream '" + request.stream + "'"});
        std::vector<json> objects;
        for (const auto& object : answer.value("results", json::array())) {
            const auto modified = modified_ms(object);
            if (config_.sync_from_ms && modified && *modified < *config_.sync_from_ms) continue;
            objects.push_back(object);
        }
        translate(request.stream, objects, result);
        const std::vector<CommittedVersions::Version> handed = versions_of(objects, type, properties);
        const std::string next = answer.contains("paging") ? answer["paging"].value("next", json::object()).value("after", std::string()) : "";
        if (!next.empty()) {
            cursor.after = next;
            result.has_more = true;
        } else {
            // Backfilled: what changed since the backfill began is the polls'.
            Cursor poll;
            poll.mode = Cursor::Mode::poll;
            poll.since_ms = cursor.started_ms - config_.limits.poll_overlap_seconds * 1000;
            poll.from_ms = poll.since_ms;
            // The first poll searches the whole overlap before the backfill began: it is a sweep.
            poll.sweep_from_ms = poll.since_ms;
            poll.swept_at_ms = now;
            cursor = poll;
        }
        result.cursor = cursor.to_text();
        committed_.handed_out(request.stream, *result.cursor, handed);
        return result;
    }

    if (cursor.tie_id.empty() && cursor.offset == 0 && cursor.polled_at_ms > 0 && now - cursor.polled_at_ms < kMinPollSpacingMs) {
        // Polled moments ago (the host polls every stream while another has more to read): a
        // search now would only read the overlap again. No cursor: nothing was read, so the host
        // keeps the stored one and does not count this as a read of the stream (an update
        // waiting for the next read of it, to see a conflicting edit, keeps waiting).
        return result;
    }
    const std::string modified = modified_property(type);
    json groups = json::array();
    if (cursor.tie_id.empty()) {
        groups.push_back({{"filters", {{{"propertyName", modified}, {"operator", "GTE"}, {"value", std::to_string(cursor.since_ms)}}}}});
    } else {
        groups.push_back({{"filters", {{{"propertyName", modified}, {"operator", "GT"}, {"value", std::to_string(cursor.since_ms)}}}}});
        groups.push_back({{"filters",
                           {{{"propertyName", modified}, {"operator", "EQ"}, {"value", std::to_string(cursor.since_ms)}},
                            {{"propertyName", "hs_object_id"}, {"operator", "GT"}, {"value", cursor.tie_id}}}}});
    }
    json body{{"filterGroups", groups},
              {"sorts", {{{"propertyName", modified}, {"direction", "ASCENDING"}}}},
              {"properties", properties},
              {"limit", config_.limits.search_page_size}};
    if (cursor.offset > 0) body["after"] = std::to_string(cursor.offset);
    ApiCall call{"POST", "/crm/v3/objects/" + type + "/search", {}, body.dump(), "search"};
    const json answer = client_.json_call(call, {"searching", type + " changed since " +
                                                                 sdk::Timestamp::from_epoch_milliseconds(cursor.since_ms).to_rfc3339()});
    std::vector<json> objects;
    std::int64_t rereads_skipped = 0;
    // Where this page ends: its latest change, and the highest id changed then.
    std::int64_t page_end_ms = cursor.since_ms;
    std::string page_end_id = cursor.tie_id;
    const auto later = [](std::int64_t at, const std::string& id, std::int64_t than_ms, const std::string& than_id) {
        return at > than_ms || (at == than_ms && compare_ids(than_id, id) < 0);
    };
    for (const auto& object : answer.value("results", json::array())) {
        const std::int64_t at = modified_ms(object).value_or(cursor.since_ms);
        const std::string id = object_id_of(object);
        if (later(at, id, cursor.latest_ms, cursor.latest_id)) {
            cursor.latest_ms = at;
            cursor.latest_id = id;
        }
        if (later(at, id, page_end_ms, page_end_id)) {
            page_end_ms = at;
            page_end_id = id;
        }
        // Read again by the overlap, or modified only in what the connector does not read (its
        // own sync-status write): the host has this content already, it is not worth its parts.
        if (committed_.committed(request.stream, version_of(object, type, properties))) {
            ++rereads_skipped;
            continue;
        }
        objects.push_back(object);
    }
    if (rereads_skipped > 0) client_.host().count(system_ + "_poll_rereads_skipped_total", rereads_skipped, "stream=" + request.stream);
    if (!associations_of(type).empty() && !objects.empty()) attach_associations(client_, type, objects, associations_of(type));
    translate(request.stream, objects, result);
    const std::vector<CommittedVersions::Version> handed = versions_of(objects, type, properties);
    const std::string next = answer.contains("paging") ? answer["paging"].value("next", json::object()).value("after", std::string()) : "";
    if (!next.empty()) {
        // The next page is a new slice from where this one ended, not the search's next offset:
        // an object changed while the poll runs leaves its place in the results for the end, the
        // ones after its place move up, and the next offset would pass over one of them. (A slice
        // so never meets the search ceiling either.)
        cursor.since_ms = page_end_ms;
        cursor.tie_id = page_end_id;
        cursor.offset = 0;
        result.has_more = true;
    } else {
        cursor = next_poll(cursor, now, config_.limits.poll_overlap_seconds * 1000);
    }
    result.cursor = cursor.to_text();
    committed_.handed_out(request.stream, *result.cursor, handed);
    return result;
}

}  // namespace ledgersync::connectors::hubspot
