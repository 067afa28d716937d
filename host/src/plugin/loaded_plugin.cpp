#include "plugin/loaded_plugin.hpp"

#include <algorithm>
#include <cstring>

namespace ledgersync::plugin {

namespace {

// Copies the part of a plugin's table that the plugin declared; the rest stays zero (null).
template <class Table>
void copy_declared_part(const Table* source, Table& target) {
    if (source == nullptr) return;
    const std::size_t size = std::min<std::size_t>(source->struct_size, sizeof(Table));
    std::memcpy(&target, source, size);
    target.struct_size = static_cast<std::uint32_t>(sizeof(Table));
}

}  // namespace

LoadedPlugin::LoadedPlugin(PluginManifest manifest, const ls_plugin_descriptor& descriptor)
    : manifest_(std::move(manifest)), abi_major_(descriptor.abi_major), abi_minor_(descriptor.abi_minor) {
    if (LS_SIZE_COVERS(descriptor.struct_size, ls_plugin_descriptor, sdk_version) && descriptor.sdk_version != nullptr) {
        sdk_version_ = descriptor.sdk_version;
    }
    copy_declared_part(descriptor.connector, connector_);
    copy_declared_part(descriptor.mapper, mapper_);
}

}  // namespace ledgersync::plugin
