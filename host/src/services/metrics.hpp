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
    /// Counts one observation of `milliseconds` in the histogram `name{labels}` (rendered in
    /// seconds, with the buckets of kLatencyBucketsMs).
    void observe_ms(std::string_view name, const MetricLabels& labels, std::int64_t milliseconds, std::string_view help = {});
    /// Upper bounds of the histograms' buckets, in milliseconds (+Inf follows).
    static const std::vector<std::int64_t> kLatencyBucketsMs;

    /// Current value of a series; 0 when it does not exist.
    std::int64_t value(std::string_view name, const MetricLabels& labels) const;

    /// The whole registry in Prometheus text exposition format 0.0.4.
    std::string render_prometheus() const;

    /// Parses "key=value,key=value" (the ABI's label syntax). Malformed pairs are skipped.
    static MetricLabels parse_labels(std::string_view text);

private:
    enum class Kind { counter, gauge, histogram };
    struct Histogram {
        std::vector<std::int64_t> buckets;  // cumulative counts, one per kLatencyBucketsMs
        std::int64_t count = 0;
        std::int64_t sum_ms = 0;
    };
    struct Family {
        Kind kind = Kind::counter;
        std::string help;
        std::map<std::string, std::int64_t> series;  // rendered label set -> value
        std::map<std::string, Histogram> histograms;  // rendered label set -> histogram
    };
    Family& family(std::string_view name, Kind kind, std::string_view help);
    static std::string render_labels(MetricLabels labels);

    mutable std::mutex mutex_;
    std::map<std::string, Family, std::less<>> families_;
};

}  // namespace ledgersync::services
