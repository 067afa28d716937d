#include "services/logger.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <set>
#include <sstream>

#include <ledgersync/sdk/json.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::services {

namespace {

// Secrets shorter than this are not masked: masking "a" or "1" would garble every line.
constexpr std::size_t kMinimumSecretLength = 4;
// Strings inside a secret JSON document shorter than this are taken for its labels ("bearer"),
// not for secrets.
constexpr std::size_t kMinimumEmbeddedSecretLength = 8;

void collect_strings(const nlohmann::json& node, std::vector<std::string>& out) {
    if (node.is_string()) {
        const auto& text = node.get_ref<const std::string&>();
        if (text.size() >= kMinimumEmbeddedSecretLength) out.push_back(text);
    } else if (node.is_structured()) {
        for (const auto& item : node) collect_strings(item, out);
    }
}

/// `value` and, when it is a JSON object or array, the strings inside it.
std::vector<std::string> secret_forms(const std::string& value) {
    std::vector<std::string> forms{value};
    if (value.empty() || (value.front() != '{' && value.front() != '[')) return forms;
    try {
        collect_strings(sdk::parse_json_exact(value), forms);
    } catch (const sdk::JsonParseError&) {
        // Not a JSON document after all: the value itself is the secret.
    }
    return forms;
}

std::string utc_timestamp() {
    const auto now = std::chrono::system_clock::now();
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::ostringstream out;
    out << std::put_time(&utc, "%Y-%m-%dT%H:%M:%S") << '.' << std::setw(3) << std::setfill('0') << millis << 'Z';
    return out.str();
}

}  // namespace

bool parse_log_level(std::string_view name, LogLevel& level) {
    for (auto candidate : {LogLevel::debug, LogLevel::info, LogLevel::warning, LogLevel::error}) {
        if (to_string(candidate) == name) {
            level = candidate;
            return true;
        }
    }
    return false;
}

std::string_view to_string(LogLevel level) {
    switch (level) {
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::warning: return "warning";
        case LogLevel::error: return "error";
    }
    return "info";
}

Logger::Logger(std::ostream& sink, LogLevel threshold) : sink_(sink), threshold_(threshold) {}

void Logger::set_threshold(LogLevel threshold) {
    std::lock_guard lock(mutex_);
    threshold_ = threshold;
}

bool Logger::enabled(LogLevel level) const {
    std::lock_guard lock(mutex_);
    return level >= threshold_;
}

void Logger::add_secret(std::string value) {
    std::lock_guard lock(mutex_);
    secrets_[""].push_back(std::move(value));
    rebuild_masked_locked();
}

void Logger::replace_secrets(const std::string& owner, const std::vector<std::string>& values) {
    std::lock_guard lock(mutex_);
    if (values.empty()) {
        secrets_.erase(owner);
    } else {
        secrets_[owner] = values;
    }
    rebuild_masked_locked();
}

void Logger::rebuild_masked_locked() {
    std::set<std::string> distinct;
    for (const auto& [owner, values] : secrets_) {
        for (const auto& value : values) {
            for (auto& form : secret_forms(value)) {
                if (form.size() >= kMinimumSecretLength) distinct.insert(std::move(form));
            }
        }
    }
    masked_.assign(distinct.begin(), distinct.end());
}

void Logger::log(LogLevel level, std::string_view component, std::string_view message) {
    std::lock_guard lock(mutex_);
    if (level < threshold_) return;
    sink_ << utc_timestamp() << ' ' << std::left << std::setw(7) << to_string(level) << ' ' << component << ": "
          << redact_locked(message) << '\n';
    sink_.flush();
}

std::string Logger::redact(std::string_view text) const {
    std::lock_guard lock(mutex_);
    return redact_locked(text);
}

std::string Logger::redact_locked(std::string_view text) const {
    // Mark every byte any secret covers in the original text, then write each run of marked
    // bytes as one "***": replacing secrets one after the other would let the first replacement
    // break a longer secret's match and leave its tail in clear.
    std::vector<bool> covered(text.size(), false);
    bool any = false;
    for (const auto& secret : masked_) {
        for (auto pos = text.find(secret); pos != std::string_view::npos; pos = text.find(secret, pos + 1)) {
            std::fill(covered.begin() + static_cast<std::ptrdiff_t>(pos),
                      covered.begin() + static_cast<std::ptrdiff_t>(pos + secret.size()), true);
            any = true;
        }
    }
    if (!any) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!covered[i]) {
            out += text[i];
        } else if (i == 0 || !covered[i - 1]) {
            out += "***";
        }
    }
    return out;
}

}  // namespace ledgersync::services
