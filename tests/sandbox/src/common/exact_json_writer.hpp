#pragma once
/// Serializes JSON whose exact decimal numbers are held as text.
///
/// Inside the sandbox, amounts live in nlohmann::json trees as strings holding their exact
/// decimal text (that is what sdk::parse_json_exact produces, and what sdk::Decimal::to_json
/// writes), because nlohmann can only store a number with a fraction as a double. On the wire
/// the APIs send those amounts as JSON *numbers* ("TotalAmt": 362.07). This writer walks the
/// tree itself and, for every member the caller's policy declares numeric, writes the string's
/// text verbatim as a number token, after checking it is an exact decimal (so the output is
/// always valid JSON). Everything else is written as nlohmann would.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox {

/// True when the member `key` of an object that is itself the member `parent_key` of its parent
/// (empty at the top level or inside arrays of the top level) holds a decimal number.
using DecimalMemberPolicy = std::function<bool(std::string_view parent_key, std::string_view key)>;

/// Compact JSON text of `value`; see the file comment for how numbers are written.
std::string write_exact_json(const nlohmann::json& value,
                             const DecimalMemberPolicy& is_decimal_member);

/// The JSON number token for exact decimal text ("100.0", "-0.5", "25"), or nullopt when the
/// text is not an exact decimal.
std::optional<std::string> decimal_number_token(std::string_view text);

}  // namespace ledgersync::sandbox
