#include "config/duration_text.hpp"

#include <cctype>

namespace ledgersync::config {

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
    // Seven digits are enough for any sensible age and keep the product far from overflow.
    if (text.size() < 2 || text.size() > 8 || text.front() == '0') return std::nullopt;
    std::int64_t count = 0;
    for (const char c : text.substr(0, text.size() - 1)) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
        count = count * 10 + (c - '0');
    }
    switch (text.back()) {
        case 's': return count * 1000;
        case 'm': return count * 60'000;
        case 'h': return count * 3'600'000;
        case 'd': return count * 86'400'000;
        default: return std::nullopt;
    }
}

}  // namespace ledgersync::config
