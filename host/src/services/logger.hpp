#pragma once
/// The host's log: one line per event on stderr, "time level component: message", with every
/// known secret value masked before it is written.

#include <mutex>
#include <ostream>
#include <set>
#include <string>
#include <string_view>

namespace ledgersync::services {

enum class LogLevel { debug = 0, info = 1, warning = 2, error = 3 };

/// Parses "debug" | "info" | "warning" | "error"; false when `name` is none of them.
bool parse_log_level(std::string_view name, LogLevel& level);
std::string_view to_string(LogLevel level);

class Logger {
public:
    explicit Logger(std::ostream& sink, LogLevel threshold = LogLevel::info);

    void set_threshold(LogLevel threshold);
    bool enabled(LogLevel level) const;

    /// Registers a value that must never appear in the log (resolved secrets, tokens).
    void add_secret(std::string value);

    void log(LogLevel level, std::string_view component, std::string_view message);
    void debug(std::string_view component, std::string_view message) { log(LogLevel::debug, component, message); }
    void info(std::string_view component, std::string_view message) { log(LogLevel::info, component, message); }
    void warning(std::string_view component, std::string_view message) { log(LogLevel::warning, component, message); }
    void error(std::string_view component, std::string_view message) { log(LogLevel::error, component, message); }

    /// `text` with every registered secret replaced by "***".
    std::string redact(std::string_view text) const;

private:
    std::string redact_locked(std::string_view text) const;

    mutable std::mutex mutex_;
    std::ostream& sink_;
    LogLevel threshold_;
    std::set<std::string> secrets_;
};

}  // namespace ledgersync::services
