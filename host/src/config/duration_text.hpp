#pragma once
/// Durations written as a count and a unit, as operators write them in the configuration:
/// "45s", "10m", "12h", "30d".

#include <cstdint>
#include <optional>
#include <string_view>

namespace ledgersync::config {

/// Milliseconds of `text` ("<1 to 9999999><s|m|h|d>"), or nullopt when it is not written so.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

}  // namespace ledgersync::config
