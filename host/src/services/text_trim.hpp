#pragma once
/// Trimming of ASCII white space, for values read from headers, files and the environment.

#include <cctype>
#include <string_view>

namespace ledgersync::services {

inline std::string_view trim_whitespace(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

}  // namespace ledgersync::services
