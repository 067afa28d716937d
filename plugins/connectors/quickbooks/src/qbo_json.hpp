#pragma once
/// QBO wants amounts as JSON numbers ("Amount": 19.99), and nlohmann::json cannot hold a decimal
/// number exactly: it would pass through a double. Request bodies are therefore built with every
/// amount an exact sdk::JsonNumber (qbo_number) and written with sdk::write_json_exact
/// (dump_qbo_json), which puts each amount's text verbatim where a number goes and refuses a
/// double. The mechanism is the SDK's (ledgersync/sdk/json_writer.hpp); no double is involved.
///
/// Responses are read with sdk::parse_json_exact, which keeps numbers as their text; the
/// helpers below read amounts, strings and references out of such documents.

#include <optional>
#include <string>
#include <string_view>

#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/json_writer.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::connectors::quickbooks {

/// `value` as a JSON number for a QBO request body (see the file comment).
inline nlohmann::json qbo_number(const sdk::Decimal& value) { return value.to_json_number(); }

/// The JSON text of a request body, amounts written as numbers with their exact text. Throws
/// sdk::JsonWriteError for a double or text that is not UTF-8 (never sent).
inline std::string dump_qbo_json(const nlohmann::json& document) { return sdk::write_json_exact(document); }

/// {"value": id} (QBO ReferenceType).
nlohmann::json qbo_ref(std::string_view id);

/// The string member `key` of `object`, or nullopt when absent, null or not a string.
std::optional<std::string> string_member(const nlohmann::json& object, std::string_view key);

/// The decimal member `key` of `object` (text kept by parse_json_exact, or an integer), or
/// nullopt when absent or null. Throws sdk::DecimalError when it is not a decimal.
std::optional<sdk::Decimal> decimal_member(const nlohmann::json& object, std::string_view key);

/// The `value` of the reference member `key` ({"value": "24", "name": ...}), or nullopt.
std::optional<std::string> ref_value(const nlohmann::json& object, std::string_view key);

/// The `name` of the reference member `key`, or nullopt.
std::optional<std::string> ref_name(const nlohmann::json& object, std::string_view key);

/// The boolean member `key` of `object`, or `fallback` when absent or not a boolean.
bool bool_member(const nlohmann::json& object, std::string_view key, bool fallback);

/// The object member `key` of `object`, or nullptr.
const nlohmann::json* object_member(const nlohmann::json& object, std::string_view key);

/// The array member `key` of `object`, or nullptr.
const nlohmann::json* array_member(const nlohmann::json& object, std::string_view key);

}  // namespace ledgersync::connectors::quickbooks
