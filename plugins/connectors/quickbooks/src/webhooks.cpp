#include "webhooks.hpp"

#include <algorithm>
#include <cctype>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

#include "qbo_json.hpp"

namespace ledgersync::connectors::quickbooks {

namespace {

using nlohmann::json;

// Entities that webhooks name (reference/qbo.md §2.1), by the lower-case form CloudEvents use
// in their type ("qbo.salesreceipt.updated.v1").
constexpr const char* kEntityNames[] = {
    "Account",    "Bill",          "BillPayment", "Budget",        "Class",        "CreditMemo",   "Currency",
    "Customer",   "Department",    "Deposit",     "Employee",      "Estimate",     "Invoice",      "Item",
    "JournalCode", "JournalEntry", "Payment",     "PaymentMethod", "Preferences",  "Purchase",     "PurchaseOrder",
    "RefundReceipt", "SalesReceipt", "TaxAgency", "Term",          "TimeActivity", "Transfer",     "Vendor",
    "VendorCredit"};

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string entity_name(std::string_view lower_case) {
    for (const char* name : kEntityNames) {
        if (lower(name) == lower_case) return name;
    }
    return std::string(lower_case);
}

std::string trim(std::string_view text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    return std::string(text.substr(begin, end - begin));
}

/// "created" -> "Create", as the legacy format names operations.
std::string operation_from_action(std::string_view action) {
    if (action == "created") return "Create";
    if (action == "updated") return "Update";
    if (action == "deleted") return "Delete";
    if (action == "merged") return "Merge";
    if (action == "voided") return "Void";
    if (action == "emailed") return "Emailed";
    return "";
}

/// An id member that QBO writes as a string (or, defensively, a number).
std::string id_text(const json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    if (it == object.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return it->dump();
    return {};
}

WebhookPayload parse_legacy(const json& document) {
    WebhookPayload payload;
    payload.format = WebhookFormat::legacy;
    const json* notifications = array_member(document, "eventNotifications");
    if (notifications == nullptr) throw WebhookFormatError("eventNotifications is not an array");
    for (const auto& notification : *notifications) {
        const std::string realm = id_text(notification, "realmId");
        const json* change = object_member(notification, "dataChangeEvent");
        const json* entities = change == nullptr ? nullptr : array_member(*change, "entities");
        if (entities == nullptr) {
            payload.skipped.push_back("a notification for realm " + realm + " without dataChangeEvent.entities");
            continue;
        }
        for (const auto& entity : *entities) {
            WebhookEvent event;
            event.realm_id = realm;
            event.entity = string_member(entity, "name").value_or("");
            event.entity_id = id_text(entity, "id");
            event.operation = string_member(entity, "operation").value_or("");
            event.deleted_id = id_text(entity, "deletedId");
            event.time = string_member(entity, "lastUpdated").value_or("");
            if (event.entity.empty() || event.entity_id.empty()) {
                payload.skipped.push_back("an entity without name or id in realm " + realm + ": " + entity.dump());
                continue;
            }
            payload.events.push_back(std::move(event));
        }
    }
    return payload;
}

WebhookPayload parse_cloudevents(const json& document) {
    WebhookPayload payload;
    payload.format = WebhookFormat::cloudevents;
    for (const auto& item : document) {
        const std::string type = string_member(item, "type").value_or("");
        // qbo.<entity>.<action>.v<n>
        std::vector<std::string> parts;
        std::size_t start = 0;
        while (start <= type.size()) {
            const std::size_t dot = type.find('.', start);
            parts.push_back(type.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
        WebhookEvent event;
        event.event_id = string_member(item, "id").value_or("");
        event.realm_id = id_text(item, "intuitaccountid");
        event.entity_id = id_text(item, "intuitentityid");
        event.time = string_member(item, "time").value_or("");
        if (parts.size() < 3 || parts[0] != "qbo") {
            payload.skipped.push_back("event " + event.event_id + " of unknown type \"" + type + "\"");
            continue;
        }
        event.entity = entity_name(parts[1]);
        event.operation = operation_from_action(parts[2]);
        if (event.operation.empty()) {
            payload.skipped.push_back("event " + event.event_id + " with unknown action \"" + parts[2] + "\"");
            continue;
        }
        if (const json* data = object_member(item, "data")) event.deleted_id = id_text(*data, "deletedid");
        if (event.entity_id.empty()) {
            payload.skipped.push_back("event " + event.event_id + " (" + type + ") without intuitentityid");
            continue;
        }
        payload.events.push_back(std::move(event));
    }
    return payload;
}

}  // namespace

std::string webhook_signature(std::string_view verifier_token, std::string_view body) {
    return sdk::base64_encode(sdk::hmac_sha256(verifier_token, body));
}

bool verify_webhook_signature(std::string_view verifier_token, std::string_view body, std::string_view signature) {
    if (verifier_token.empty()) return false;
    const std::string given = trim(signature);
    if (given.empty()) return false;
    return sdk::constant_time_equal(webhook_signature(verifier_token, body), given);
}

WebhookPayload parse_webhook_payload(std::string_view body) {
    json document;
    try {
        document = sdk::parse_json_exact(body);
    } catch (const sdk::JsonParseError& e) {
        throw WebhookFormatError(std::string("the body is not JSON: ") + e.what());
    }
    if (document.is_object() && document.contains("eventNotifications")) return parse_legacy(document);
    if (document.is_array()) return parse_cloudevents(document);
    throw WebhookFormatError("the body is neither {\"eventNotifications\": [...]} nor a CloudEvents array");
}

}  // namespace ledgersync::connectors::quickbooks
