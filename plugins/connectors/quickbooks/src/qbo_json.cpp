#include "qbo_json.hpp"

namespace ledgersync::connectors::quickbooks {

nlohmann::json qbo_ref(std::string_view id) { return nlohmann::json{{"value", std::string(id)}}; }

std::optional<std::string> string_member(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) return std::nullopt;
    const auto it = object.find(std::string(key));
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

std::optional<sdk::Decimal> decimal_member(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) return std::nullopt;
    const auto it = object.find(std::string(key));
    if (it == object.end() || it->is_null()) return std::nullopt;
    return sdk::Decimal::from_json(*it);
}

std::optional<std::string> ref_value(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* ref = object_member(object, key);
    if (ref == nullptr) return std::nullopt;
    auto value = string_member(*ref, "value");
    if (value && value->empty()) return std::nullopt;
    return value;
}

std::optional<std::string> ref_name(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* ref = object_member(object, key);
    if (ref == nullptr) return std::nullopt;
    return string_member(*ref, "name");
}

bool bool_member(const nlohmann::json& object, std::string_view key, bool fallback) {
    if (!object.is_object()) return fallback;
    const auto it = object.find(std::string(key));
    if (it == object.end() || !it->is_boolean()) return fallback;
    return it->get<bool>();
}

const nlohmann::json* object_member(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(std::string(key));
    if (it == object.end() || !it->is_object()) return nullptr;
    return &*it;
}

const nlohmann::json* array_member(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(std::string(key));
    if (it == object.end() || !it->is_array()) return nullptr;
    return &*it;
}

}  // namespace ledgersync::connectors::quickbooks
