#include "reader.hpp"

#include <algorithm>
#include <map>

#include <ledgersync/sdk/json.hpp>

#include "encoding.hpp"
#include "qbo_json.hpp"
#include "timestamps.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;

namespace {

std::int64_t now_ms(const sdk::HostServices& host) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(host.now().time_since_epoch()).count();
}

/// The read position of a stream. Serialized as JSON into the host's cursor.
struct Cursor {
    enum class Mode { cdc, query } mode = Mode::cdc;
    /// The watermark: entities changed at or after this instant are still to read.
    std::int64_t since_ms = 0;
    // Query mode only:
    std::size_t entity = 0;       ///< index into the stream's entities
    std::int64_t from_ms = 0;     ///< where the backfill of each entity starts
    std::int64_t started_ms = 0;  ///< when the backfill began: CDC resumes from there
    std::int64_t position = 1;    ///< STARTPOSITION among entities updated exactly at since_ms

    std::string to_text() const {
        json j{{"mode", mode == Mode::cdc ? "cdc" : "query"}, {"since", format_utc(since_ms)}};
        if (mode == Mode::query) {
            j["entity"] = entity;
            j["from"] = format_utc(from_ms);
            j["started"] = format_utc(started_ms);
            j["position"] = position;
        }
        return j.dump();
    }

    static std::optional<Cursor> parse(const std::string& text) {
        try {
            const json j = sdk::parse_json_exact(text);
            Cursor c;
            c.mode = j.at("mode").get<std::string>() == "query" ? Mode::query : Mode::cdc;
            const auto since = parse_timestamp_ms(j.at("since").get<std::string>());
            if (!since) return std::nullopt;
            c.since_ms = *since;
            if (c.mode == Mode::query) {
                c.entity = j.at("entity").get<std::size_t>();
                const auto from = parse_timestamp_ms(j.at("from").get<std::string>());
                const auto started = parse_timestamp_ms(j.at("started").get<std::string>());
                if (!from || !started) return std::nullopt;
                c.from_ms = *from;
                c.started_ms = *started;
                c.position = j.at("position").get<std::int64_t>();
            }
            return c;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
};

/// MetaData.LastUpdatedTime of an entity in ms, or nullopt.
std::optional<std::int64_t> last_updated_ms(const json& entity) {
    const json* meta = object_member(entity, "MetaData");
    if (meta == nullptr) return std::nullopt;
    const auto text = string_member(*meta, "LastUpdatedTime");
    return text ? parse_timestamp_ms(*text) : std::nullopt;
}

std::string query_literal_list(const std::vector<std::string>& ids, std::size_t from, std::size_t to) {
    std::string list;
    for (std::size_t i = from; i < to; ++i) list += (i == from ? "" : ", ") + query_literal(ids[i]);
    return list;
}

}  // namespace

void translate_entity(const sdk::HostServices& host, std::string_view entity, const json& row, const MappingSettings& mapping,
                      const std::string& fallback_time, std::vector<sdk::Record>& records,
                      std::vector<sdk::UntranslatedRecord>& untranslated) {
    try {
        records.push_back(record_from_qbo(entity, row, mapping, fallback_time));
    } catch (const TranslationError& e) {
        const EntityKind* kind = find_entity(entity);
        const std::string type = kind == nullptr ? std::string() : std::string(kind->type);
        const std::string id = string_member(row, "Id").value_or("");
        sdk::UntranslatedRecord u;
        u.identity = {"quickbooks", "", type, kind == nullptr || id.empty() ? id : link_id(*kind, id)};
        u.version = string_member(row, "SyncToken").value_or("");
        if (const auto updated = last_updated_ms(row)) u.updated_at = format_utc(*updated);
        u.raw = row;
        u.reason = "QuickBooks " + std::string(entity) + " " + (id.empty() ? "(no Id)" : id) + " has no canonical form: " + e.what();
        u.fix_hint = "correct the " + std::string(entity) +
                     " in QuickBooks (or the connection's mapping settings), then retry the failure: it is read again";
        host.count("qbo_records_untranslated_total", 1, "stream=" + type);
        host.log(sdk::LogLevel::warning, u.reason);
        untranslated.push_back(std::move(u));
    }
}

Reader::Reader(QboClient& client, const QboConfig& config) : client_(client), config_(config) {}

sdk::ReadResult Reader::read_ids(const sdk::ReadRequest& request) {
    sdk::ReadResult result;
    result.answers_ids = true;
    // Each id names its entity ("creditmemo-7" a CreditMemo, "7" a RefundReceipt): one query per
    // entity, with the entity's own Ids.
    std::map<const EntityKind*, std::vector<std::string>> ids_of;
    for (const std::string& id : request.ids) {
        const LinkedEntity linked = entity_of_link(request.stream, id);
        if (linked.kind != nullptr) ids_of[linked.kind].push_back(linked.qbo_id);
    }
    for (const EntityKind* kind : entities_of_stream(request.stream)) {
        const std::vector<std::string>& ids = ids_of[kind];
        for (std::size_t from = 0; from < ids.size(); from += kIdsPerQuery) {
            const std::size_t to = std::min(ids.size(), from + kIdsPerQuery);
            const std::string sql = "SELECT * FROM " + std::string(kind->entity) + " WHERE Id IN (" +
                                    query_literal_list(ids, from, to) + ") MAXRESULTS " + std::to_string(kIdsPerQuery);
            const auto [answer, time] = client_.query(
                sql, FaultContext{"reading again", std::string(kind->entity) + " entities whose failures were retried", "",
                                  std::string(kind->entity)});
            if (const json* rows = array_member(answer, kind->entity)) {
                for (const auto& row : *rows) {
                    translate_entity(client_.host(), kind->entity, row, config_.mapping, time, result.records, result.untranslated);
                }
            }
        }
    }
    return result;
}

sdk::ReadResult Reader::read(const sdk::ReadRequest& request) {
    const auto kinds = entities_of_stream(request.stream);
    if (kinds.empty()) throw sdk::Unsupported("the QuickBooks connector has no stream '" + request.stream + "'");
    if (!request.ids.empty()) return read_ids(request);
    const sdk::HostServices host = client_.host();
    const std::int64_t now = now_ms(host);

    Cursor cursor;
    if (request.cursor) {
        auto parsed = Cursor::parse(*request.cursor);
        if (!parsed) {
            throw sdk::Error(sdk::Outcome::fatal("the stored cursor of stream '" + request.stream + "' is unreadable: " + *request.cursor,
                                                 "reset the stream's cursor (ledgersync streams reset) to read it again from sync_from"));
        }
        cursor = *parsed;
    } else {
        cursor.since_ms = config_.sync_from_ms.value_or(now - 30LL * 24 * 3600 * 1000);
        cursor.mode = Cursor::Mode::query;
        cursor.from_ms = cursor.since_ms;
        cursor.started_ms = now;
    }
    if (cursor.mode == Cursor::Mode::cdc && cursor.since_ms < now - kCdcWindowMs) {
        // Beyond what CDC can look back: page through everything updated since then instead.
        host.log(sdk::LogLevel::info, "stream '" + request.stream + "' last read at " + format_utc(cursor.since_ms) +
                                          ", beyond the 30 days change data capture covers; reading with queries");
        cursor = Cursor{Cursor::Mode::query, cursor.since_ms, 0, cursor.since_ms, now, 1};
    }

    sdk::ReadResult result;
    auto translate = [&](std::string_view entity, const json& row, const std::string& fallback_time) {
        if (string_member(row, "status").value_or("") == "Deleted") {
            const std::string id = string_member(row, "Id").value_or("");
            if (id.empty()) return;
            const auto updated = last_updated_ms(row);
            result.records.push_back(deleted_record(entity, id, format_utc(updated.value_or(now))));
            return;
        }
        translate_entity(host, entity, row, config_.mapping, fallback_time, result.records, result.untranslated);
    };

    if (cursor.mode == Cursor::Mode::query) {
        const EntityKind& kind = *kinds.at(std::min(cursor.entity, kinds.size() - 1));
        const std::int64_t page = config_.limits.query_page_size;
        const std::string sql = "SELECT * FROM " + std::string(kind.entity) + " WHERE MetaData.LastUpdatedTime >= '" +
                                format_qbo_instant(cursor.since_ms) + "' ORDERBY MetaData.LastUpdatedTime STARTPOSITION " +
                                std::to_string(cursor.position) + " MAXRESULTS " + std::to_string(page);
        const auto [answer, time] =
            client_.query(sql, FaultContext{"querying", std::string(kind.entity) + " entities for stream '" + request.stream + "'", "", std::string(kind.entity)});
        const json* rows = array_member(answer, kind.entity);
        std::int64_t latest = cursor.since_ms;
        std::size_t count = 0;
        if (rows != nullptr) {
            count = rows->size();
            for (const auto& row : *rows) {
                translate(kind.entity, row, time);
                latest = std::max(latest, last_updated_ms(row).value_or(cursor.since_ms));
            }
        }
        if (count >= static_cast<std::size_t>(page)) {
            // More to read: from the latest instant seen (its entities come again; the host
            // drops them), or further along that instant when the whole page shared it.
            if (latest > cursor.since_ms) {
                cursor.since_ms = latest;
                cursor.position = 1;
            } else {
                cursor.position += page;
            }
            result.has_more = true;
        } else if (cursor.entity + 1 < kinds.size()) {
            cursor.entity += 1;
            cursor.since_ms = cursor.from_ms;
            cursor.position = 1;
            result.has_more = true;
        } else {
            // Backfilled: what changed since the backfill began is CDC's.
            cursor = Cursor{Cursor::Mode::cdc, cursor.started_ms - config_.limits.cdc_overlap_seconds * 1000, 0, 0, 0, 1};
        }
        result.cursor = cursor.to_text();
        return result;
    }

    std::vector<std::string> names;
    for (const EntityKind* kind : kinds) names.emplace_back(kind->entity);
    const auto [document, time] = client_.change_data_capture(names, format_qbo_instant(cursor.since_ms));
    std::size_t count = 0;
    std::int64_t latest = cursor.since_ms;
    if (const json* responses = array_member(document, "CDCResponse")) {
        for (const auto& response : *responses) {
            const json* queries = array_member(response, "QueryResponse");
            if (queries == nullptr) continue;
            for (const auto& query : *queries) {
                for (const EntityKind* kind : kinds) {
                    const json* rows = array_member(query, kind->entity);
                    if (rows == nullptr) continue;
                    for (const auto& row : *rows) {
                        ++count;
                        translate(kind->entity, row, time);
                        latest = std::max(latest, last_updated_ms(row).value_or(cursor.since_ms));
                    }
                }
            }
        }
    }
    if (count >= kCdcMaxObjects) {
        if (latest > cursor.since_ms) {
            cursor.since_ms = latest;
        } else {
            // A thousand changes at one instant: page through that instant with queries.
            // The backfill reads everything updated since then; CDC resumes from now.
            cursor = Cursor{Cursor::Mode::query, cursor.since_ms, 0, cursor.since_ms, now, 1};
        }
        result.has_more = true;
    } else {
        const std::int64_t answered = parse_timestamp_ms(time).value_or(now);
        cursor.since_ms = std::max(cursor.since_ms, answered - config_.limits.cdc_overlap_seconds * 1000);
    }
    result.cursor = cursor.to_text();
    return result;
}

}  // namespace ledgersync::connectors::quickbooks
