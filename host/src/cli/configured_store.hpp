#pragma once
/// What most commands open first: the configuration and the host's store it names.

#include <iosfwd>
#include <optional>
#include <string>

#include "cli/store_access.hpp"

namespace ledgersync::cli {

struct ConfiguredStore {
    std::optional<config::HostConfig> config;
    /// Null when the configuration or the store could not be had (the problem was printed);
    /// then opened.exit_code is the command's exit code.
    OpenedStore opened;
};

/// Reads `config_file` and opens the store it names.
ConfiguredStore open_config_and_store(const std::string& config_file, std::ostream& err);

}  // namespace ledgersync::cli
