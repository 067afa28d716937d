#include "services/logger.hpp"

#include <chrono>
#include <ctime>
#include <iomanip>
#include <sstream>

namespace ledgersync::services {

namespace {

// Secrets shorter than this are not masked: masking "a" or "1" would garble every line.
constexpr std::size_t kMinimumSecretLength = 4;

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
    if (value.size() < kMinimumSecretLength) return;
    std::lock_guard lock(mutex_);
    secrets_.insert(std::move(value));
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
    std::string out(text);
    for (const auto& secret : secrets_) {
        for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + 3)) {
            out.replace(pos, secret.size(), "***");
        }
    }
    return out;
}

}  // namespace ledgersync::services
