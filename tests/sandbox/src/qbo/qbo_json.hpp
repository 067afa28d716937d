#pragma once
/// QBO's JSON on the wire and in the store.
///
/// Entities are kept as nlohmann::json trees in their wire shape (PascalCase members, Ids and
/// SyncToken as strings), except that every decimal member (Amount, TotalAmt, Qty, ...: the
/// members the XSDs type xs:decimal) holds its exact decimal text as a JSON string, because
/// request bodies are parsed with sdk::parse_json_exact and computed amounts come from
/// sdk::Decimal. render() writes those members back as JSON numbers with exactly that text
/// (sdk::write_json_exact), so "TotalAmt": 362.07 leaves the sandbox as it was computed.

#include <string>
#include <string_view>

#include <ledgersync/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

/// True when member `key` (inside a member named `parent`) is typed xs:decimal in the QBO XSDs.
bool is_decimal_member(std::string_view parent, std::string_view key);

/// Wire JSON text of `value` with decimal members as JSON numbers.
std::string render(const nlohmann::json& value);

/// Parses a request body the way QBO reads it: exact numbers, an object at the top; a malformed
/// body, or a member of the wrong type (check_member_types), is the 2010 fault QBO returns.
nlohmann::json parse_request_body(std::string_view text);
/// Checks that every decimal member anywhere in `value` holds a number and every boolean
/// member the sandbox reads holds true or false (2010 fault otherwise).
void check_member_types(const nlohmann::json& value);

/// The boolean member `key`, or `fallback` when absent or not a boolean.
bool flag_member(const nlohmann::json& object, std::string_view key, bool fallback);

/// The decimal in member `key` of `object`, or `fallback` when absent or null.
sdk::Decimal decimal_member(const nlohmann::json& object, std::string_view key,
                            sdk::Decimal fallback = sdk::Decimal(0));
/// A money amount as stored: exact text rounded to cents the way QBO writes it ("100.0",
/// "362.07", "0").
nlohmann::json money_json(const sdk::Decimal& amount);
/// Rounds to cents, half up (QBO's rounding).
sdk::Decimal round_money(const sdk::Decimal& amount);

/// The string member `key`, or "" when absent / not a string.
std::string string_member(const nlohmann::json& object, std::string_view key);
/// ReferenceType value: {"value": "24", "name": ...} -> "24" (also accepts a bare string).
std::string reference_value(const nlohmann::json& object, std::string_view key);

}  // namespace ledgersync::sandbox::qbo
