#pragma once
/// A connector plugin made in a test from a table of probe functions, loaded as the host loads a
/// plugin found on disk (descriptor and manifest), for unit tests of what runs connectors.

#include <memory>
#include <string>

#include <ledgersync/abi.h>

#include "plugin/loaded_plugin.hpp"

namespace ledgersync::testing {

/// Fills `descriptor` for a connector "probe" 1.0.0 of the current ABI whose functions are
/// `vtable` (both must outlive the plugin), and returns the plugin.
inline std::shared_ptr<const plugin::LoadedPlugin> probe_connector(ls_plugin_descriptor& descriptor, ls_connector_vtable& vtable) {
    vtable.struct_size = sizeof(vtable);
    descriptor.struct_size = sizeof(descriptor);
    descriptor.abi_major = LS_ABI_MAJOR;
    descriptor.abi_minor = LS_ABI_MINOR;
    descriptor.kind = LS_KIND_CONNECTOR;
    descriptor.id = "probe";
    descriptor.version = "1.0.0";
    descriptor.connector = &vtable;
    plugin::PluginManifest manifest;
    manifest.id = "probe";
    manifest.version = "1.0.0";
    return std::make_shared<const plugin::LoadedPlugin>(manifest, descriptor);
}

}  // namespace ledgersync::testing
