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

inline json to_json(const ReadRequest& request) {
    return json{{"stream", request.stream}, {"cursor", request.cursor ? json(*request.cursor) : json(nullptr)}};
}
inline ReadRequest read_request_from_json(const json& j) {
    ReadRequest request;
    request.stream = j.at("stream").get<std::string>();
    if (auto it = j.find("cursor"); it != j.end() && it->is_string()) request.cursor = it->get<std::string>();
    return request;
}

inline json to_json(const ReadResult& result) {
    return json{{"records", records_to_json(result.records)},
                {"cursor", result.cursor ? json(*result.cursor) : json(nullptr)},
                {"has_more", result.has_more}};
}
inline ReadResult read_result_from_json(json j) {
    ReadResult result;
    result.records = records_from_json(std::move(j.at("records")));
    if (auto it = j.find("cursor"); it != j.end() && it->is_string()) result.cursor = it->get<std::string>();
    result.has_more = j.value("has_more", false);
    return result;
}

inline json to_json(const WebhookResult& result) {
    return json{{"records", records_to_json(result.records)},
                {"response", {{"status", result.response_status}, {"body", result.response_body}}}};
}
inline WebhookResult webhook_result_from_json(json j) {
    WebhookResult result;
    result.records = records_from_json(std::move(j.at("records")));
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
    for (const auto& o : outcomes) array.push_back(o.to_json());
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
