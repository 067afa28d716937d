#include "plugin/plugin_search_path.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>

#ifndef LEDGERSYNC_INSTALLED_PLUGIN_DIR
#error "LEDGERSYNC_INSTALLED_PLUGIN_DIR must be defined by the build"
#endif

namespace ledgersync::plugin {

std::filesystem::path installed_plugin_dir() { return LEDGERSYNC_INSTALLED_PLUGIN_DIR; }

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
    if (std::filesystem::is_directory(installed_plugin_dir(), ec)) add(installed_plugin_dir());
    return path;
}

}  // namespace ledgersync::plugin
