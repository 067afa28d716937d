#include "prometheus_text.hpp"

#include <regex>
#include <sstream>
#include <stdexcept>

namespace ledgersync::testing {

std::map<std::string, std::string> parse_prometheus_text(const std::string& text) {
    static const std::regex sample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*)?\})? ([-+0-9.eE]+|\+Inf|-Inf|NaN)$)");
    static const std::regex comment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$)");
    std::map<std::string, std::string> samples;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || std::regex_match(line, comment)) continue;
        std::smatch match;
        if (!std::regex_match(line, match, sample)) throw std::runtime_error("not a Prometheus sample line: " + line);
        const std::string labels = match[3].matched ? "{" + match[3].str() + "}" : "";
        samples[match[1].str() + labels] = match[7].str();
    }
    return samples;
}

long long sample_value(const std::map<std::string, std::string>& samples, const std::string& series) {
    const auto it = samples.find(series);
    if (it == samples.end()) return 0;
    std::size_t used = 0;
    const long long value = std::stoll(it->second, &used);
    if (used != it->second.size()) throw std::runtime_error(series + " is not an integer: " + it->second);
    return value;
}

}  // namespace ledgersync::testing
