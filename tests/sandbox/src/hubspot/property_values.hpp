#pragma once
/// Property values as HubSpot takes and returns them: every value is a string. A request may
/// send a JSON string, number or boolean; it is checked against the property's type and stored
/// as the text HubSpot would return. Numbers stay exact (the text of an sdk::Decimal, never a
/// double); datetimes are stored as ISO-8601 with milliseconds and "Z"; dates as YYYY-MM-DD.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "hubspot/property_definition.hpp"

namespace ledgersync::sandbox::hubspot {

/// Why a value was refused: HubSpot's error code (INVALID_OPTION, INVALID_DATE, ...) and text.
struct ValueProblem {
    std::string error;
    std::string message;
};

/// The stored text of `value` for `property` ("" clears it), or the problem.
std::optional<std::string> normalize_value(const PropertyDefinition& property,
                                           const nlohmann::json& value, ValueProblem& problem);

/// Epoch milliseconds of a stored or filter date/datetime value (ISO text or epoch ms).
std::optional<std::int64_t> time_value_ms(const std::string& text);

/// Three-way comparison of two stored values of a property of `type`: numbers numerically,
/// dates as instants, everything else case-insensitively as text. Unparseable numbers and
/// dates compare as text.
int compare_values(const std::string& type, const std::string& a, const std::string& b);

}  // namespace ledgersync::sandbox::hubspot
