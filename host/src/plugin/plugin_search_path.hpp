#pragma once
/// Where the host looks for plugins: the directories given explicitly (config, command line),
/// then $LEDGERSYNC_PLUGIN_PATH (colon-separated), then the installed plugin directory.

#include <filesystem>
#include <vector>

namespace ledgersync::plugin {

/// The search path in order, without duplicates. The installed directory is included only when
/// it exists; explicit and environment directories are kept even when missing, so that
/// discovery reports them.
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::filesystem::path>& explicit_dirs);

/// The directory the built-in plugins are installed to, found relative to the running
/// executable (`<prefix>/bin/ledgersync` -> `<prefix>/lib/ledgersync/plugins`), so an install
/// moved or made with `cmake --install --prefix P` finds its own plugins. It is also where
/// the SDK's ledgersync_add_plugin() installs a partner's plugin.
std::filesystem::path installed_plugin_dir();

}  // namespace ledgersync::plugin
