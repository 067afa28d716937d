#pragma once
/// JSON wire forms of the connector calls (docs/sdk.md, "Wire format"). The plugin shim and the
/// host both use these functions, so the two sides cannot disagree.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/connector.hpp"
#include "ledgersync/sdk/outcome.hpp"
#include "ledgersync/sdk/record.hpp"

namespace ledgersync::sdk::wire {

using nlohmann::json;

inline json records_to_json(const std::vector<Record>& records) {
    json array = json::array();
    for (const auto& r : records) array.push_back(r.to_json());
    return array;
}

/// Same, moving the records' bodies into the JSON.
inline json records_to_json(std::vector<Record>&& records) {
    json array = json::array();
    for (auto& r : records) array.push_back(std::move(r).to_json());
    return array;
}

inline std::vector<Record> records_from_json(json array) {
    if (!array.is_array()) throw std::invalid_argument("expected an array of records");
    std::vector<Record> records;
    records.reserve(array.size());
    for (auto& r : array) records.push_back(Record::from_json(std::move(r)));
    return records;
}

inline json to_json(const UntranslatedRecord& u) {
    json j{{"identity",
            {{"system", u.identity.system},
             {"connection", u.identity.connection},
             {"type", u.identity.type},
             {"id", u.identity.id}}},
           {"reason", u.reason}};
    if (!u.version.empty()) j["version"] = u.version;
    if (!u.updated_at.empty()) j["updated_at"] = u.updated_at;
    if (!u.fix_hint.empty()) j["fix_hint"] = u.fix_hint;
    if (!u.raw.is_null()) j["raw"] = u.raw;
    return j;
}

/// Reads an untranslated object; missing members read as empty (the host reports what it got).
inline UntranslatedRecord untranslated_from_json(json j) {
    auto text = [](const json& object, const char* key) {
        const auto it = object.find(key);
        return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    UntranslatedRecord u;
    if (!j.is_object()) {
        u.raw = std::move(j);
        u.reason = "the connector reported an untranslated object that is not a JSON object";
        return u;
    }
    if (const auto identity = j.find("identity"); identity != j.end() && identity->is_object()) {
        u.identity = {text(*identity, "system"), text(*identity, "connection"), text(*identity, "type"),
                      text(*identity, "id")};
    }
    u.version = text(j, "version");
    u.updated_at = text(j, "updated_at");
    u.reason = text(j, "reason");
    u.fix_hint = text(j, "fix_hint");
    if (auto raw = j.find("raw"); raw != j.end()) u.raw = std::move(*raw);
    return u;
}

namespace detail {

inline json untranslated_to_json(const std::vector<UntranslatedRecord>& untranslated) {
    json array = json::array();
    for (const auto& u : untranslated) array.push_back(to_json(u));
    return array;
}

/// Reads the "records" and "untranslated" members of a read or webhook result. A record whose
/// envelope cannot be read (no identity, links that are not links) does not fail the others:
/// it becomes an untranslated object holding the record as received, so the host keeps it as a
/// failure instead of refusing the whole page.
inline void read_records_and_untranslated(json& j, std::vector<Record>& records,
                                          std::vector<UntranslatedRecord>& untranslated) {
    json& array = j.at("records");
    if (!array.is_array()) throw std::invalid_argument("\"records\" must be an array of records");
    records.reserve(array.size());
    for (std::size_t i = 0; i < array.size(); ++i) {
        json& r = array[i];
        // The envelope is read apart from the body and the raw body, so a bad one loses nothing.
        json envelope = json::object();
        if (r.is_object()) {
            for (auto member = r.begin(); member != r.end(); ++member) {
                if (member.key() != "body" && member.key() != "raw") envelope[member.key()] = member.value();
            }
        }
        try {
            if (!r.is_object()) throw std::invalid_argument("record must be a JSON object");
            Record record = Record::from_json(std::move(envelope));
            if (auto body = r.find("body"); body != r.end()) record.body = std::move(*body);
            if (auto raw = r.find("raw"); raw != r.end()) record.raw = std::move(*raw);
            records.push_back(std::move(record));
        } catch (const std::invalid_argument& e) {
            UntranslatedRecord u = untranslated_from_json(
                r.is_object() ? json{{"identity", r.value("identity", json())}, {"version", r.value("version", json())}}
                              : json::object());
            u.reason = "the connector returned a record the host cannot read (records[" + std::to_string(i) + "]): " + e.what();
            u.fix_hint = "this is a defect of the connector plugin: report it to its maintainers with this record";
            u.raw = std::move(r);
            untranslated.push_back(std::move(u));
        }
    }
    if (auto it = j.find("untranslated"); it != j.end() && it->is_array()) {
        for (auto& u : *it) untranslated.push_back(untranslated_from_json(std::move(u)));
    }
}

}  // namespace detail

inline json to_json(const ReadRequest& request) {
    json j{{"stream", request.stream}, {"cursor", request.cursor ? json(*request.cursor) : json(nullptr)}};
    if (!request.ids.empty()) j["ids"] = request.ids;
    return j;
}
inline ReadRequest read_request_from_json(const json& j) {
    ReadRequest request;
    request.stream = j.at("stream").get<std::string>();
    if (auto it = j.find("cursor"); it != j.end() && it->is_string()) request.cursor = it->get<std::string>();
    if (auto it = j.find("ids"); it != j.end() && it->is_array()) {
        for (const auto& id : *it) {
            if (id.is_string()) request.ids.push_back(id.get<std::string>());
        }
    }
    return request;
}

inline json to_json(const ReadResult& result) {
    json j{{"records", records_to_json(result.records)},
           {"cursor", result.cursor ? json(*result.cursor) : json(nullptr)},
           {"has_more", result.has_more}};
    if (!result.untranslated.empty()) j["untranslated"] = detail::untranslated_to_json(result.untranslated);
    if (result.answers_ids) j["answers_ids"] = true;
    return j;
}
inline ReadResult read_result_from_json(json j) {
    ReadResult result;
    detail::read_records_and_untranslated(j, result.records, result.untranslated);
    if (auto it = j.find("cursor"); it != j.end() && it->is_string()) result.cursor = it->get<std::string>();
    result.has_more = j.value("has_more", false);
    result.answers_ids = j.value("answers_ids", false);
    return result;
}

inline json to_json(const WebhookResult& result) {
    json j{{"records", records_to_json(result.records)},
           {"response", {{"status", result.response_status}, {"body", result.response_body}}}};
    if (!result.untranslated.empty()) j["untranslated"] = detail::untranslated_to_json(result.untranslated);
    return j;
}
inline WebhookResult webhook_result_from_json(json j) {
    WebhookResult result;
    detail::read_records_and_untranslated(j, result.records, result.untranslated);
    if (auto it = j.find("response"); it != j.end() && it->is_object()) {
        result.response_status = it->value("status", 200);
        result.response_body = it->value("body", std::string{});
    }
    return result;
}

inline json to_json(const WriteItem& item) {
    return json{{"idempotency_key", item.idempotency_key}, {"operation", item.operation},
                {"record", item.record.to_json()},       {"target_id", item.target_id},
                {"target_version", item.target_version}, {"attempt", item.attempt}};
}
inline WriteItem write_item_from_json(json&& j) {
    WriteItem item;
    item.idempotency_key = j.at("idempotency_key").get<std::string>();
    item.operation = j.at("operation").get<std::string>();
    item.record = Record::from_json(std::move(j.at("record")));
    item.target_id = j.value("target_id", std::string{});
    item.target_version = j.value("target_version", std::string{});
    item.attempt = j.value("attempt", std::int64_t{1});
    return item;
}

inline json write_batch_to_json(const std::vector<WriteItem>& items) {
    json array = json::array();
    for (const auto& item : items) array.push_back(to_json(item));
    return json{{"items", std::move(array)}};
}
inline std::vector<WriteItem> write_batch_from_json(json j) {
    std::vector<WriteItem> items;
    for (auto& item : j.at("items")) items.push_back(write_item_from_json(std::move(item)));
    return items;
}

inline json outcomes_to_json(const std::vector<Outcome>& outcomes) {
    json array = json::array();
    for (const auto& o : outcomes) {
        json j = o.to_json();
        // A failure may still have created the object (QBO wrote an invoice whose total is not
        // the source's): its id travels with it, so the host links it and a retry updates it.
        if (!o.is_ok() && !o.target_id.empty()) {
            j["target_id"] = o.target_id;
            if (!o.target_version.empty()) j["target_version"] = o.target_version;
            if (!o.action.empty()) j["action"] = o.action;
        }
        array.push_back(std::move(j));
    }
    return json{{"outcomes", std::move(array)}};
}
inline std::vector<Outcome> outcomes_from_json(const json& j) {
    std::vector<Outcome> outcomes;
    for (const auto& o : j.at("outcomes")) outcomes.push_back(Outcome::from_json(o));
    return outcomes;
}

inline json to_json(const FetchRequest& request) {
    return json{{"document", request.document}, {"id", request.id}};
}
inline FetchRequest fetch_request_from_json(const json& j) {
    return FetchRequest{j.at("document").get<std::string>(), j.at("id").get<std::string>()};
}

inline json to_json(const CheckResult& result) { return json{{"ok", result.ok}, {"details", result.details}}; }
inline CheckResult check_result_from_json(const json& j) {
    return CheckResult{j.value("ok", false), j.value("details", std::string{})};
}

}  // namespace ledgersync::sdk::wire
