#include "webhooks.hpp"

#include <cctype>
#include <stdexcept>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

std::string id_text(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
    return {};
}

/// objectTypeId of a legacy subscription type's object ("contact.creation" -> "0-1").
std::string legacy_object_type(const std::string& subscription_type) {
    const std::string object = subscription_type.substr(0, subscription_type.find('.'));
    if (object == "contact") return "0-1";
    if (object == "company") return "0-2";
    if (object == "deal") return "0-3";
    if (object == "product") return "0-7";
    if (object == "line_item") return "0-8";
    return {};
}

}  // namespace

std::string signed_uri(std::string_view uri) {
    static constexpr std::pair<std::string_view, char> kDecoded[] = {
        {"%3A", ':'}, {"%2F", '/'}, {"%3F", '?'}, {"%40", '@'}, {"%21", '!'}, {"%24", '$'}, {"%27", '\''},
        {"%28", '('}, {"%29", ')'}, {"%2A", '*'}, {"%2C", ','}, {"%3B", ';'}};
    std::string out;
    for (std::size_t i = 0; i < uri.size();) {
        bool decoded = false;
        if (uri[i] == '%' && i + 3 <= uri.size()) {
            for (const auto& [escape, character] : kDecoded) {
                if (std::toupper(static_cast<unsigned char>(uri[i + 1])) == escape[1] &&
                    std::toupper(static_cast<unsigned char>(uri[i + 2])) == escape[2]) {
                    out += character;
                    i += 3;
                    decoded = true;
                    break;
                }
            }
        }
        if (!decoded) out += uri[i++];
    }
    return out;
}

std::string signature_v3(std::string_view secret, std::string_view method, std::string_view uri, std::string_view body,
                         std::string_view timestamp) {
    std::string message;
    message.reserve(method.size() + uri.size() + body.size() + timestamp.size());
    message.append(method).append(signed_uri(uri)).append(body).append(timestamp);
    return sdk::base64_encode(sdk::hmac_sha256(secret, message));
}

SignatureVerdict verify_signature_v3(std::string_view secret, std::string_view method, std::string_view uri, std::string_view body,
                                     std::string_view signature, std::string_view timestamp, std::int64_t received_at_ms) {
    if (signature.empty() || timestamp.empty()) return SignatureVerdict::missing;
    // Compared before the time, so that a forger learns nothing from which check failed.
    if (!sdk::constant_time_equal(signature_v3(secret, method, uri, body, timestamp), signature)) return SignatureVerdict::forged;
    std::int64_t sent_ms = 0;
    for (char c : timestamp) {
        if (c < '0' || c > '9' || sent_ms > 1'000'000'000'000'000) return SignatureVerdict::forged;
        sent_ms = sent_ms * 10 + (c - '0');
    }
    if (received_at_ms - sent_ms > kSignatureMaxAgeMs) return SignatureVerdict::expired;
    if (sent_ms - received_at_ms > kSignatureMaxAgeMs) return SignatureVerdict::from_the_future;
    return SignatureVerdict::valid;
}

std::string invoice_part_type(const std::string& object_type_id) {
    if (object_type_id == "0-8") return "line_items";
    if (object_type_id == "0-84") return "discounts";
    if (object_type_id == "0-85") return "fees";
    if (object_type_id == "0-86") return "taxes";
    return {};
}

std::vector<HubSpotEvent> parse_events(std::string_view body) {
    json document;
    try {
        document = sdk::parse_json_exact(body);
    } catch (const sdk::JsonParseError& e) {
        throw std::invalid_argument(std::string("the body is not JSON: ") + e.what());
    }
    if (!document.is_array()) throw std::invalid_argument("the body is not a JSON array of events");
    std::vector<HubSpotEvent> events;
    for (const auto& item : document) {
        if (!item.is_object()) continue;
        HubSpotEvent event;
        event.subscription_type = item.value("subscriptionType", item.value("eventType", std::string()));
        event.object_type_id = item.value("objectTypeId", legacy_object_type(event.subscription_type));
        event.object_id = id_text(item.value("objectId", json()));
        event.from_object_id = id_text(item.value("fromObjectId", json()));
        event.from_object_type_id = item.value("fromObjectTypeId", std::string());
        event.to_object_id = id_text(item.value("toObjectId", json()));
        event.to_object_type_id = item.value("toObjectTypeId", std::string());
        const json occurred = item.value("occurredAt", json());
        if (occurred.is_number_integer()) event.occurred_at_ms = occurred.get<std::int64_t>();
        event.deleted = event.subscription_type.find("deletion") != std::string::npos ||
                        event.subscription_type.find("privacyDeletion") != std::string::npos ||
                        item.value("changeFlag", std::string()) == "DELETED";
        events.push_back(std::move(event));
    }
    return events;
}

}  // namespace ledgersync::connectors::hubspot
