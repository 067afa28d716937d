#pragma once
/// Loading plugin libraries with Boost.DLL and checking them against the ABI and their manifest.

#include "plugin/loaded_plugin.hpp"
#include "plugin/plugin_error.hpp"
#include "plugin/plugin_manifest.hpp"

namespace ledgersync::plugin {

class PluginLoader {
public:
    /// Loads the library the manifest describes (RTLD_NOW | RTLD_LOCAL), calls its entry symbol
    /// and checks the descriptor. Throws PluginError naming the library file and the reason for:
    /// a missing file, a file that is not a shared object, a missing entry symbol, a different
    /// ABI major or a newer minor, a descriptor that disagrees with the manifest, a malformed
    /// function table. A loaded library is never unloaded while the process lives. Loading the
    /// same file twice returns the same plugin. Thread-safe.
    static LoadedPluginPtr load(const PluginManifest& manifest);
};

}  // namespace ledgersync::plugin
