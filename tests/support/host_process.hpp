#pragma once
// The `ledgersync run` process of end-to-end tests, started on a configuration file.

#include <filesystem>
#include <memory>
#include <string>

#include "child_process.hpp"

namespace ledgersync::testing {

/// Starts `BINARY run --config CONFIG` (the ledgersync executable) with its log in
/// DIR/host-RUN.log and waits until it serves (its ready file); throws with the log when it does
/// not start within a minute.
std::unique_ptr<ChildProcess> start_ledgersync(const std::string& binary, const std::filesystem::path& config,
                                               const std::filesystem::path& dir, int run);

/// The log of run RUN of the host started in DIR.
std::filesystem::path host_log_file(const std::filesystem::path& dir, int run);

}  // namespace ledgersync::testing
