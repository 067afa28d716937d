#pragma once
/// Discovery: the plugins found in a list of directories, from their manifests alone.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plugin/plugin_error.hpp"
#include "plugin/plugin_manifest.hpp"

namespace ledgersync::plugin {

/// A directory discovery looked in, and whether it was there.
struct SearchedDirectory {
    std::filesystem::path path;
    bool present = false;
};

class PluginCatalog {
public:
    /// Scans each directory (not recursively) for *.manifest.json. Unreadable directories and
    /// invalid manifests are recorded as problems; nothing is loaded or run.
    static PluginCatalog discover(const std::vector<std::filesystem::path>& directories);

    const std::vector<PluginManifest>& plugins() const noexcept { return plugins_; }
    /// Manifests that could not be read, and duplicate ids (the first one found wins).
    const std::vector<PluginError>& problems() const noexcept { return problems_; }

    /// The directories searched, in order.
    const std::vector<SearchedDirectory>& searched() const noexcept { return searched_; }

    /// The manifest of plugin `id`, if discovered.
    std::optional<PluginManifest> find(const std::string& id) const;

    /// Why no plugin `id` of `kind` can be used, for a config's error message: its manifest
    /// (<id>.manifest.json) is invalid, it is of the other kind, or none was found (with the
    /// closest discovered id and where it looked). nullopt when the catalog has it.
    std::optional<std::string> why_missing(const std::string& id, PluginKind kind) const;

    /// The discovered plugin id closest to `id`, or "" when none is close ("did you mean ...").
    std::string closest_id(const std::string& id) const;

private:
    std::vector<SearchedDirectory> searched_;
    std::vector<PluginManifest> plugins_;
    std::vector<PluginError> problems_;
};

}  // namespace ledgersync::plugin
