#pragma once
/// The record envelope: what travels on the bus between connectors and mappers.
///
/// A record is one business object (an invoice, a payment...) as seen by one system at one
/// version: who it is (identity), which version, the canonical body every mapper understands,
/// the source system's raw body (so field mappings can reach any custom field), and links to
/// the records it refers to (its customer, its products, the invoice a payment pays).

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sdk {

/// Who a record is: the same object has one identity per system it lives in.
struct RecordIdentity {
    /// The kind of system: "hubspot", "quickbooks", "stripe", ... (the connector's id).
    std::string system;
    /// The configured connection it came from ("qbo_main"); one system may have several.
    std::string connection;
    /// Canonical type: "invoice", "payment", "refund", "payout", ... (model/canonical_types.hpp).
    std::string type;
    /// The object's id in that system.
    std::string id;

    bool operator==(const RecordIdentity& other) const {
        return system == other.system && connection == other.connection && type == other.type &&
               id == other.id;
    }
    /// "connection/type/id", unique within one host.
    std::string key() const { return connection + "/" + type + "/" + id; }
};

/// A reference from a record to another record of the same system, e.g. an invoice's customer.
/// Before a write, the host resolves it to the referenced object's id in the target system.
struct RecordLink {
    /// Role of the referenced record: "customer", "product", "invoice", "payment", ...
    std::string rel;
    /// Canonical type and id of the referenced record in the record's own system.
    std::string type;
    std::string id;
    /// JSON pointer into the canonical body where the reference sits (optional).
    std::string path;
    /// Filled in by the host before a write: the referenced object's id in the target system.
    std::string target_id;
};

/// Operations a record can describe.
enum class RecordOperation { upsert, remove };

/// One record on the bus. Field names of its JSON form are documented in docs/model.md.
struct Record {
    RecordIdentity identity;
    RecordOperation operation = RecordOperation::upsert;
    /// The source system's version of the object (QBO SyncToken, Stripe event id, HubSpot
    /// updatedAt...). Together with the identity it deduplicates deliveries.
    std::string version;
    /// When the source system last changed the object, RFC 3339 UTC.
    std::string updated_at;
    /// Which canonical schema `body` follows ("ledgersync.invoice") and its major version.
    std::string schema;
    std::int64_t schema_version = 1;
    /// The canonical object.
    nlohmann::json body = nlohmann::json::object();
    /// The source system's own representation, as received.
    nlohmann::json raw;
    std::vector<RecordLink> links;

    nlohmann::json to_json() const& { return Record(*this).to_json_moving(); }
    /// Same, moving the body and the raw body out of this record instead of copying them.
    nlohmann::json to_json() && { return to_json_moving(); }


    /// Reads the JSON form; throws std::invalid_argument naming the first missing field.
    static Record from_json(const nlohmann::json& j) { return from_json(nlohmann::json(j)); }

    /// Same, moving the body and the raw body out of `j` instead of copying them.
    static Record from_json(nlohmann::json&& j) {
        auto text = [](const nlohmann::json& object, const char* key, const char* where) {
            auto it = object.find(key);
            if (it == object.end() || !it->is_string()) {
                throw std::invalid_argument(std::string("record ") + where + "/" + key +
                                            " must be a string");
            }
            return it->get<std::string>();
        };
        if (!j.is_object()) throw std::invalid_argument("record must be a JSON object");
        Record r;
        const auto identity = j.find("identity");
        if (identity == j.end() || !identity->is_object()) {
            throw std::invalid_argument("record /identity must be an object");
        }
        r.identity = {text(*identity, "system", "/identity"), text(*identity, "connection", "/identity"),
                      text(*identity, "type", "/identity"), text(*identity, "id", "/identity")};
        const std::string operation = j.value("operation", std::string("upsert"));
        if (operation != "upsert" && operation != "delete") {
            throw std::invalid_argument("record /operation must be \"upsert\" or \"delete\"");
        }
        r.operation = operation == "upsert" ? RecordOperation::upsert : RecordOperation::remove;
        r.version = j.value("version", std::string{});
        r.updated_at = j.value("updated_at", std::string{});
        if (auto schema = j.find("schema"); schema != j.end() && schema->is_object()) {
            r.schema = schema->value("id", std::string{});
            r.schema_version = schema->value("version", std::int64_t{1});
        }
        if (auto body = j.find("body"); body != j.end()) r.body = std::move(*body);
        if (auto raw = j.find("raw"); raw != j.end()) r.raw = std::move(*raw);
        if (auto links = j.find("links"); links != j.end() && links->is_array()) {
            for (const auto& l : *links) {
                r.links.push_back({text(l, "rel", "/links[]"), text(l, "type", "/links[]"),
                                   text(l, "id", "/links[]"), l.value("path", std::string{}),
                                   l.value("target_id", std::string{})});
            }
        }
        return r;
    }

private:
    nlohmann::json to_json_moving() {
        nlohmann::json links_json = nlohmann::json::array();
        for (const auto& link : links) {
            nlohmann::json l{{"rel", link.rel}, {"type", link.type}, {"id", link.id}};
            if (!link.path.empty()) l["path"] = link.path;
            if (!link.target_id.empty()) l["target_id"] = link.target_id;
            links_json.push_back(std::move(l));
        }
        nlohmann::json j{
            {"identity",
             {{"system", identity.system},
              {"connection", identity.connection},
              {"type", identity.type},
              {"id", identity.id}}},
            {"operation", operation == RecordOperation::upsert ? "upsert" : "delete"},
            {"version", version},
            {"schema", {{"id", schema}, {"version", schema_version}}},
            {"body", std::move(body)},
            {"links", std::move(links_json)},
        };
        if (!updated_at.empty()) j["updated_at"] = updated_at;
        if (!raw.is_null()) j["raw"] = std::move(raw);
        return j;
    }
};

}  // namespace ledgersync::sdk
