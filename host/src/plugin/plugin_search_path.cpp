#include "plugin/plugin_search_path.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "services/install_layout.hpp"

#ifndef LEDGERSYNC_PLUGIN_DIR_FROM_BINARY
#error "LEDGERSYNC_PLUGIN_DIR_FROM_BINARY must be defined by the build"
#endif

namespace ledgersync::plugin {

std::filesystem::path installed_plugin_dir() {
    // The path is relative to the executable's folder unless the install layout made it absolute.
    return services::beside_executable(LEDGERSYNC_PLUGIN_DIR_FROM_BINARY);
}

std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::filesystem::path>& explicit_dirs) {
    std::vector<std::filesystem::path> path;
    auto add = [&](const std::filesystem::path& dir) {
        const auto normal = dir.lexically_normal();
        if (!normal.empty() && std::find(path.begin(), path.end(), normal) == path.end()) path.push_back(normal);
    };
    for (const auto& dir : explicit_dirs) add(dir);
    if (const char* env = std::getenv("LEDGERSYNC_PLUGIN_PATH")) {
        std::string_view rest(env);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            add(std::filesystem::path(std::string(rest.substr(0, colon))));
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    std::error_code ec;
    if (const auto installed = installed_plugin_dir(); !installed.empty() && std::filesystem::is_directory(installed, ec)) {
        add(installed);
    }
    return path;
}

}  // namespace ledgersync::plugin
