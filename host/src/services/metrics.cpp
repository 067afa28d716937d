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

}  // namespace

MetricsRegistry::Family& MetricsRegistry::family(std::string_view name, Kind kind, std::string_view help) {
    auto it = families_.find(name);
    if (it == families_.end()) it = families_.emplace(std::string(name), Family{kind, std::string(help), {}}).first;
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
        out << "# TYPE " << name << ' ' << (family.kind == Kind::counter ? "counter" : "gauge") << '\n';
        for (const auto& [labels, value] : family.series) out << name << labels << ' ' << value << '\n';
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
