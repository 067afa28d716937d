#include "plugin/plugin_catalog.hpp"

#include <algorithm>

#include <ledgersync/sdk/config_reader.hpp>

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
        catalog.searched_.push_back({directory, std::filesystem::is_directory(directory, ec)});
        if (!catalog.searched_.back().present) {
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

std::string PluginCatalog::closest_id(const std::string& id) const {
    std::string best;
    std::size_t best_distance = 3;  // suggest near misses only
    for (const auto& p : plugins_) {
        const std::size_t d = sdk::detail::edit_distance(id, p.id);
        if (d < best_distance) {
            best_distance = d;
            best = p.id;
        }
    }
    return best;
}

std::optional<std::string> PluginCatalog::why_missing(const std::string& id, PluginKind kind) const {
    const std::string wanted = to_string(kind);
    if (const auto manifest = find(id)) {
        if (manifest->kind == kind) return std::nullopt;
        return "plugin '" + id + "' is a " + to_string(manifest->kind) + "; " +
               (kind == PluginKind::connector ? "a connection needs a connector plugin"
                                              : "a route step (via) needs a mapper plugin");
    }
    // A manifest named after the plugin that could not be read says more than "not found".
    for (const auto& problem : problems_) {
        if (std::filesystem::path(problem.file()).filename() == id + kManifestSuffix) {
            return "plugin '" + id + "' cannot be used: " + problem.what();
        }
    }
    std::string message = "no " + wanted + " plugin '" + id + "' was found in the plugin directories";
    if (const std::string suggestion = closest_id(id); !suggestion.empty()) {
        return message + "; did you mean '" + suggestion + "'?";
    }
    message += " (";
    for (std::size_t i = 0; i < searched_.size(); ++i) {
        message += (i == 0 ? "" : ", ") + searched_[i].path.string() + (searched_[i].present ? "" : " (missing)");
    }
    if (searched_.empty()) message += "none configured";
    return message + "); run `ledgersync plugins list` to see what is installed, or add its directory to plugins.paths";
}

}  // namespace ledgersync::plugin
