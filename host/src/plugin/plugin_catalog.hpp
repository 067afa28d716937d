#pragma once
/// Discovery: the plugins found in a list of directories, from their manifests alone.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plugin/plugin_error.hpp"
#include "plugin/plugin_manifest.hpp"

namespace ledgersync::plugin {

class PluginCatalog {
public:
    /// Scans each directory (not recursively) for *.manifest.json. Unreadable directories and
    /// invalid manifests are recorded as problems; nothing is loaded or run.
    static PluginCatalog discover(const std::vector<std::filesystem::path>& directories);

    const std::vector<PluginManifest>& plugins() const noexcept { return plugins_; }
    /// Manifests that could not be read, and duplicate ids (the first one found wins).
    const std::vector<PluginError>& problems() const noexcept { return problems_; }

    /// The manifest of plugin `id`, if discovered.
    std::optional<PluginManifest> find(const std::string& id) const;

private:
    std::vector<PluginManifest> plugins_;
    std::vector<PluginError> problems_;
};

}  // namespace ledgersync::plugin
