#pragma once
/// Where an installed host's files are: relative to its own executable, so that an install into
/// any prefix (`cmake --install --prefix P`, the .deb's /usr) and the build tree (bin/ beside
/// share/ and lib/) are alike.

#include <filesystem>

namespace ledgersync::services {

/// `relative` (a path from the executable's folder, e.g. "../share/ledgersync/console") made
/// absolute; an absolute path as it is; empty when the executable's location is unknown.
std::filesystem::path beside_executable(const std::filesystem::path& relative);

}  // namespace ledgersync::services
