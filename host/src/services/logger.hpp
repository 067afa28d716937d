#pragma once
/// The host's log: one line per event on stderr, "time level component: message", with every
/// known secret value masked before it is written.

#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

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

    /// Registers a value that must never appear in the log, for as long as the logger lives.
    /// Same rules as replace_secrets().
    void add_secret(std::string value);
    /// Replaces the values registered under `owner` (e.g. "state qbo/refresh_token"): a rotated
    /// token takes the place of the previous one, so the set stays as large as what is current.
    /// A value that is a JSON object or array also registers every string of 8 characters or
    /// more inside it (the bare tokens of a stored token document). Values shorter than 4
    /// characters are not masked: masking "a" would garble every line.
    void replace_secrets(const std::string& owner, const std::vector<std::string>& values);

    void log(LogLevel level, std::string_view component, std::string_view message);
    void debug(std::string_view component, std::string_view message) { log(LogLevel::debug, component, message); }
    void info(std::string_view component, std::string_view message) { log(LogLevel::info, component, message); }
    void warning(std::string_view component, std::string_view message) { log(LogLevel::warning, component, message); }
    void error(std::string_view component, std::string_view message) { log(LogLevel::error, component, message); }

    /// `text` with every registered secret replaced by "***". Every byte of every occurrence is
    /// covered, whatever the order secrets were registered in and however they overlap: one
    /// secret masked first never leaves part of another in clear.
    std::string redact(std::string_view text) const;

private:
    std::string redact_locked(std::string_view text) const;
    void rebuild_masked_locked();

    mutable std::mutex mutex_;
    std::ostream& sink_;
    LogLevel threshold_;
    /// Registered values by owner; "" holds those registered for good (add_secret).
    std::map<std::string, std::vector<std::string>> secrets_;
    /// Every distinct value to mask, flattened from secrets_.
    std::vector<std::string> masked_;
};

}  // namespace ledgersync::services
