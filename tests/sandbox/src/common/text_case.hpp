#pragma once
/// ASCII case folding for names an API compares case-insensitively (object types, operators,
/// property values in searches).

#include <string>
#include <string_view>

namespace ledgersync::sandbox {

std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);
bool equals_ascii_ignore_case(std::string_view a, std::string_view b);

}  // namespace ledgersync::sandbox
