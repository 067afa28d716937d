#pragma once
/// A plugin library that passed every check and is loaded for the life of the process.

#include <memory>
#include <string>

#include <ledgersync/abi.h>

#include "plugin/plugin_manifest.hpp"

namespace ledgersync::plugin {

class LoadedPlugin {
public:
    LoadedPlugin(PluginManifest manifest, const ls_plugin_descriptor& descriptor);

    const PluginManifest& manifest() const noexcept { return manifest_; }
    const std::string& id() const noexcept { return manifest_.id; }
    std::uint16_t abi_major() const noexcept { return abi_major_; }
    std::uint16_t abi_minor() const noexcept { return abi_minor_; }
    /// SDK version the plugin reports (ABI >= 1.1), else empty.
    const std::string& sdk_version() const noexcept { return sdk_version_; }

    /// The plugin's function tables as this host knows them: members the plugin's ABI minor
    /// lacks are null, so callers test a member for null instead of checking struct sizes.
    const ls_connector_vtable& connector() const noexcept { return connector_; }
    const ls_mapper_vtable& mapper() const noexcept { return mapper_; }

private:
    PluginManifest manifest_;
    std::uint16_t abi_major_;
    std::uint16_t abi_minor_;
    std::string sdk_version_;
    ls_connector_vtable connector_{};
    ls_mapper_vtable mapper_{};
};

using LoadedPluginPtr = std::shared_ptr<const LoadedPlugin>;

}  // namespace ledgersync::plugin
