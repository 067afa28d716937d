#include "plugin/plugin_catalog.hpp"

#include <algorithm>

namespace ledgersync::plugin {

namespace {

bool is_manifest(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    const std::string suffix = kManifestSuffix;
    return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

PluginCatalog PluginCatalog::discover(const std::vector<std::filesystem::path>& directories) {
    PluginCatalog catalog;
    for (const auto& directory : directories) {
        std::error_code ec;
        if (!std::filesystem::is_directory(directory, ec)) {
            catalog.problems_.emplace_back(directory.string(), "plugin directory does not exist or is not a directory");
            continue;
        }
        std::vector<std::filesystem::path> manifests;
        for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
            if (entry.is_regular_file() && is_manifest(entry.path())) manifests.push_back(entry.path());
        }
        if (ec) {
            catalog.problems_.emplace_back(directory.string(), "cannot list plugin directory: " + ec.message());
            continue;
        }
        std::sort(manifests.begin(), manifests.end());
        for (const auto& path : manifests) {
            try {
                PluginManifest manifest = PluginManifest::load(path);
                if (auto existing = catalog.find(manifest.id)) {
                    catalog.problems_.emplace_back(path.string(), "plugin id '" + manifest.id +
                                                                      "' is already provided by " +
                                                                      existing->manifest_path.string() + "; this one is ignored");
                    continue;
                }
                catalog.plugins_.push_back(std::move(manifest));
            } catch (const PluginError& e) {
                catalog.problems_.push_back(e);
            }
        }
    }
    return catalog;
}

std::optional<PluginManifest> PluginCatalog::find(const std::string& id) const {
    for (const auto& p : plugins_) {
        if (p.id == id) return p;
    }
    return std::nullopt;
}

}  // namespace ledgersync::plugin
