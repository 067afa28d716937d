#pragma once
/// Opening the host's store from the command line, beside a running host.

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "config/host_config.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace ledgersync::cli {

inline constexpr const char* kDefaultConfigFile = "/etc/ledgersync/ledgersync.json";

struct OpenedStore {
    std::unique_ptr<store::Store> store;
    services::SystemClock clock;
    /// Exit code to return when `store` is null (the error was printed).
    int exit_code = 0;
};

/// Splits an object key "connection/type/id" as `objects show` takes it (the id may itself
/// contain '/'); nullopt when a part is missing.
std::optional<store::ObjectKey> parse_object_key(const std::string& text);

/// Reads `config_file`; prints the problem and sets `exit_code` (invalid config) when it cannot.
std::optional<config::HostConfig> read_config(const std::string& config_file, std::ostream& err, int& exit_code);

/// Reads `config_file` and opens the store it names; prints the problem and sets exit_code
/// (invalid config, unreadable database) when it cannot.
OpenedStore open_store(const std::string& config_file, std::ostream& err);

}  // namespace ledgersync::cli
