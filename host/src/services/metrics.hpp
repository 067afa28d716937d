#pragma once
/// Counters and gauges of the host and its plugins, exposed on /metrics in the Prometheus text
/// format.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ledgersync::services {

/// Label pairs of one series, e.g. {{"connection","qbo"},{"status","429"}}.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsRegistry {
public:
    /// Adds `delta` to the counter `name{labels}` (created at zero). `help` documents it once.
    void add(std::string_view name, const MetricLabels& labels, std::int64_t delta = 1, std::string_view help = {});
    /// Sets the gauge `name{labels}`.
    void set(std::string_view name, const MetricLabels& labels, std::int64_t value, std::string_view help = {});
    /// Current value of a series; 0 when it does not exist.
    std::int64_t value(std::string_view name, const MetricLabels& labels) const;

    /// The whole registry in Prometheus text exposition format 0.0.4.
    std::string render_prometheus() const;

    /// Parses "key=value,key=value" (the ABI's label syntax). Malformed pairs are skipped.
    static MetricLabels parse_labels(std::string_view text);

private:
    enum class Kind { counter, gauge };
    struct Family {
        Kind kind = Kind::counter;
        std::string help;
        std::map<std::string, std::int64_t> series;  // rendered label set -> value
    };
    Family& family(std::string_view name, Kind kind, std::string_view help);
    static std::string render_labels(MetricLabels labels);

    mutable std::mutex mutex_;
    std::map<std::string, Family, std::less<>> families_;
};

}  // namespace ledgersync::services
