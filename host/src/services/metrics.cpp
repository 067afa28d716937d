#include "services/metrics.hpp"

#include <algorithm>
#include <sstream>

namespace ledgersync::services {

namespace {

std::string escape_label_value(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

/// Milliseconds as seconds in decimal text ("1.25"): exact, no binary floating point.
std::string seconds_text(std::int64_t ms) {
    std::string text = std::to_string(ms / 1000);
    const std::int64_t fraction = ms % 1000;
    if (fraction != 0) {
        std::string digits = std::to_string(1000 + fraction).substr(1);
        digits.erase(digits.find_last_not_of('0') + 1);
        text += "." + digits;
    }
    return text;
}

/// `labels` ("{a=\"b\"}" or "") with one more label.
std::string with_label(const std::string& labels, const std::string& extra) {
    if (labels.empty()) return "{" + extra + "}";
    return labels.substr(0, labels.size() - 1) + "," + extra + "}";
}

}  // namespace

const std::vector<std::int64_t> MetricsRegistry::kLatencyBucketsMs = {100,    250,    500,     1'000,   2'500,    5'000,
                                                                      10'000, 30'000, 60'000, 300'000, 900'000, 3'600'000};

void MetricsRegistry::observe_ms(std::string_view name, const MetricLabels& labels, std::int64_t milliseconds,
                                 std::string_view help) {
    std::lock_guard lock(mutex_);
    Histogram& h = family(name, Kind::histogram, help).histograms[render_labels(labels)];
    if (h.buckets.empty()) h.buckets.assign(kLatencyBucketsMs.size(), 0);
    for (std::size_t i = 0; i < kLatencyBucketsMs.size(); ++i) {
        if (milliseconds <= kLatencyBucketsMs[i]) ++h.buckets[i];
    }
    ++h.count;
    h.sum_ms += std::max<std::int64_t>(0, milliseconds);
}

MetricsRegistry::Family& MetricsRegistry::family(std::string_view name, Kind kind, std::string_view help) {
    auto it = families_.find(name);
    if (it == families_.end()) it = families_.emplace(std::string(name), Family{kind, std::string(help), {}, {}}).first;
    if (it->second.help.empty() && !help.empty()) it->second.help = std::string(help);
    return it->second;
}

std::string MetricsRegistry::render_labels(MetricLabels labels) {
    std::sort(labels.begin(), labels.end());
    std::string out;
    for (const auto& [key, value] : labels) {
        out += out.empty() ? "{" : ",";
        out += key + "=\"" + escape_label_value(value) + "\"";
    }
    if (!out.empty()) out += "}";
    return out;
}

void MetricsRegistry::add(std::string_view name, const MetricLabels& labels, std::int64_t delta, std::string_view help) {
    std::lock_guard lock(mutex_);
    family(name, Kind::counter, help).series[render_labels(labels)] += delta;
}

void MetricsRegistry::set(std::string_view name, const MetricLabels& labels, std::int64_t value, std::string_view help) {
    std::lock_guard lock(mutex_);
    family(name, Kind::gauge, help).series[render_labels(labels)] = value;
}

std::int64_t MetricsRegistry::value(std::string_view name, const MetricLabels& labels) const {
    std::lock_guard lock(mutex_);
    auto it = families_.find(name);
    if (it == families_.end()) return 0;
    auto series = it->second.series.find(render_labels(labels));
    return series == it->second.series.end() ? 0 : series->second;
}

std::string MetricsRegistry::render_prometheus() const {
    std::lock_guard lock(mutex_);
    std::ostringstream out;
    for (const auto& [name, family] : families_) {
        if (!family.help.empty()) out << "# HELP " << name << ' ' << family.help << '\n';
        out << "# TYPE " << name << ' '
            << (family.kind == Kind::counter ? "counter" : family.kind == Kind::gauge ? "gauge" : "histogram") << '\n';
        for (const auto& [labels, value] : family.series) out << name << labels << ' ' << value << '\n';
        for (const auto& [labels, h] : family.histograms) {
            for (std::size_t i = 0; i < kLatencyBucketsMs.size(); ++i) {
                out << name << "_bucket" << with_label(labels, "le=\"" + seconds_text(kLatencyBucketsMs[i]) + "\"") << ' '
                    << h.buckets[i] << '\n';
            }
            out << name << "_bucket" << with_label(labels, "le=\"+Inf\"") << ' ' << h.count << '\n';
            out << name << "_sum" << labels << ' ' << seconds_text(h.sum_ms) << '\n';
            out << name << "_count" << labels << ' ' << h.count << '\n';
        }
    }
    return out.str();
}

MetricLabels MetricsRegistry::parse_labels(std::string_view text) {
    MetricLabels labels;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const std::string_view pair = text.substr(0, comma);
        const auto equals = pair.find('=');
        if (equals != std::string_view::npos && equals > 0) {
            labels.emplace_back(std::string(pair.substr(0, equals)), std::string(pair.substr(equals + 1)));
        }
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return labels;
}

}  // namespace ledgersync::services
