#pragma once
/// A small parser of the Prometheus text exposition format (0.0.4), for tests that read /metrics
/// as a scraper would.

#include <map>
#include <string>

namespace ledgersync::testing {

/// Each sample as "name{label="value",...}" (labels sorted by name, as written) -> its value's
/// text. Throws std::runtime_error naming the line when one is not a comment, blank, or a sample.
std::map<std::string, std::string> parse_prometheus_text(const std::string& text);

/// The value of one sample as an integer (0 when absent); throws when it is not an integer.
long long sample_value(const std::map<std::string, std::string>& samples, const std::string& series);

}  // namespace ledgersync::testing
