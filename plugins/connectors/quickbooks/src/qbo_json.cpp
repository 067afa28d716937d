#include "qbo_json.hpp"

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace ledgersync::connectors::quickbooks {

namespace {

// Subtype of the binary values that carry a decimal's text ('Q' for QBO).
constexpr std::uint8_t kDecimalSubtype = 0x51;

void write(const nlohmann::json& value, std::string& out) {
    switch (value.type()) {
        case nlohmann::json::value_t::object: {
            out += '{';
            bool first = true;
            for (auto it = value.begin(); it != value.end(); ++it) {
                if (!first) out += ',';
                first = false;
                out += nlohmann::json(it.key()).dump();
                out += ':';
                write(it.value(), out);
            }
            out += '}';
            break;
        }
        case nlohmann::json::value_t::array: {
            out += '[';
            bool first = true;
            for (const auto& element : value) {
                if (!first) out += ',';
                first = false;
                write(element, out);
            }
            out += ']';
            break;
        }
        case nlohmann::json::value_t::binary: {
            const auto& bytes = value.get_binary();
            if (!bytes.has_subtype() || bytes.subtype() != kDecimalSubtype) {
                throw std::logic_error("a QBO request body holds a binary value that is not a marked decimal");
            }
            out.append(bytes.begin(), bytes.end());
            break;
        }
        case nlohmann::json::value_t::number_float:
            // Request bodies are built from sdk::Decimal through qbo_number(); a binary floating
            // point number here is a programming error, never sent.
            throw std::logic_error("a QBO request body holds a binary floating-point number");
        default:
            // Strings, integers, booleans and null: nlohmann writes them exactly.
            out += value.dump();
            break;
    }
}

}  // namespace

nlohmann::json qbo_number(const sdk::Decimal& value) {
    const std::string text = value.to_string();
    return nlohmann::json::binary(std::vector<std::uint8_t>(text.begin(), text.end()), kDecimalSubtype);
}

bool is_qbo_number(const nlohmann::json& value) {
    return value.is_binary() && value.get_binary().has_subtype() && value.get_binary().subtype() == kDecimalSubtype;
}

std::string dump_qbo_json(const nlohmann::json& document) {
    std::string out;
    write(document, out);
    return out;
}

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
