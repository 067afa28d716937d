#include "plugin/plugin_loader.hpp"

#include <cstddef>
#include <map>
#include <mutex>

#include <boost/dll/shared_library.hpp>

#include "plugin/abi_compatibility.hpp"

namespace ledgersync::plugin {

namespace {

// Libraries stay loaded until the process exits: objects, code and static data of a plugin may
// be referenced from anywhere (Boost.DLL FAQ "late_unload_registry"). The registry is allocated
// once and never destroyed, so no static destructor unloads a library another one still uses.
struct LibraryRegistry {
    std::mutex mutex;
    std::map<std::string, LoadedPluginPtr> plugins;      // by canonical library path
    std::vector<boost::dll::shared_library> libraries;  // keeps every handle open
};

LibraryRegistry& registry() {
    static auto* instance = new LibraryRegistry();
    return *instance;
}

const char* kind_name(ls_plugin_kind kind) {
    switch (kind) {
        case LS_KIND_CONNECTOR: return "connector";
        case LS_KIND_MAPPER: return "mapper";
        default: return "unknown";
    }
}

// The size of a table as ABI 1.0 defined it: anything smaller is malformed.
constexpr std::size_t kDescriptorMinimum = LS_PLUGIN_DESCRIPTOR_SIZE_1_0;
constexpr std::size_t kConnectorMinimum = LS_CONNECTOR_VTABLE_SIZE_1_0;
constexpr std::size_t kMapperMinimum = sizeof(ls_mapper_vtable);

void check_descriptor(const std::string& file, const PluginManifest& manifest, const ls_plugin_descriptor& d) {
    if (auto refusal = abi_refusal(d.abi_major, d.abi_minor)) throw PluginError(file, *refusal);
    if (d.struct_size < kDescriptorMinimum) {
        throw PluginError(file, "plugin descriptor is " + std::to_string(d.struct_size) +
                                    " bytes, smaller than ABI 1.0's " + std::to_string(kDescriptorMinimum) +
                                    "; the library is corrupt or not built with the ledgersync SDK");
    }
    auto disagree = [&](const std::string& what, const std::string& in_library, const std::string& in_manifest) {
        throw PluginError(file, "the library says " + what + " '" + in_library + "' but its manifest " +
                                    manifest.manifest_path.filename().string() + " says '" + in_manifest +
                                    "'; rebuild and reinstall the plugin so that both agree");
    };
    const std::string id = d.id == nullptr ? "" : d.id;
    const std::string version = d.version == nullptr ? "" : d.version;
    if (id != manifest.id) disagree("id", id, manifest.id);
    if (kind_name(d.kind) != to_string(manifest.kind)) disagree("kind", kind_name(d.kind), to_string(manifest.kind));
    if (version != manifest.version) disagree("version", version, manifest.version);
    if (d.abi_major != manifest.abi_major || d.abi_minor != manifest.abi_minor) {
        disagree("ABI", abi_text(d.abi_major, d.abi_minor), manifest.abi_string());
    }

    if (d.kind == LS_KIND_CONNECTOR) {
        const ls_connector_vtable* v = d.connector;
        if (v == nullptr || v->struct_size < kConnectorMinimum) {
            throw PluginError(file, "connector plugin has no connector function table (or a truncated one)");
        }
        if (v->create == nullptr || v->destroy == nullptr) {
            throw PluginError(file, "connector function table lacks create or destroy");
        }
    } else if (d.kind == LS_KIND_MAPPER) {
        const ls_mapper_vtable* v = d.mapper;
        if (v == nullptr || v->struct_size < kMapperMinimum) {
            throw PluginError(file, "mapper plugin has no mapper function table (or a truncated one)");
        }
        if (v->create == nullptr || v->destroy == nullptr || v->map == nullptr) {
            throw PluginError(file, "mapper function table lacks create, destroy or map");
        }
    } else {
        throw PluginError(file, "plugin declares unknown kind " + std::to_string(d.kind));
    }
}

}  // namespace

LoadedPluginPtr PluginLoader::load(const PluginManifest& manifest) {
    const std::string file = manifest.library_path.string();
    // A manifest declaring an ABI this host cannot serve is refused before any code is loaded.
    if (auto refusal = abi_refusal(manifest.abi_major, manifest.abi_minor)) {
        throw PluginError(file, *refusal);
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(manifest.library_path, ec)) {
        throw PluginError(file, "library file is missing (expected beside its manifest " +
                                    manifest.manifest_path.filename().string() + ")");
    }
    const std::string key = std::filesystem::canonical(manifest.library_path, ec).string();

    LibraryRegistry& reg = registry();
    std::lock_guard lock(reg.mutex);
    if (auto it = reg.plugins.find(key); it != reg.plugins.end()) return it->second;

    boost::dll::shared_library library;
    try {
        library.load(manifest.library_path,
                     boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        throw PluginError(file, std::string("not a loadable shared object: ") + e.what());
    }
    if (!library.has(LS_PLUGIN_ENTRY_SYMBOL)) {
        reg.libraries.push_back(std::move(library));
        throw PluginError(file, std::string("does not export the entry symbol '") + LS_PLUGIN_ENTRY_SYMBOL +
                                    "'; export the plugin class with LEDGERSYNC_CONNECTOR or LEDGERSYNC_MAPPER");
    }
    auto entry = library.get<const ls_plugin_descriptor*()>(LS_PLUGIN_ENTRY_SYMBOL);
    const ls_plugin_descriptor* descriptor = nullptr;
    try {
        descriptor = entry();
    } catch (...) {
        descriptor = nullptr;
    }
    reg.libraries.push_back(std::move(library));
    if (descriptor == nullptr) {
        throw PluginError(file, std::string("entry symbol '") + LS_PLUGIN_ENTRY_SYMBOL + "' returned no descriptor");
    }
    check_descriptor(file, manifest, *descriptor);
    auto plugin = std::make_shared<const LoadedPlugin>(manifest, *descriptor);
    reg.plugins.emplace(key, plugin);
    return plugin;
}

}  // namespace ledgersync::plugin
