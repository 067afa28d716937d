#pragma once
/// Host side of a mapper plugin instance (one per step of a route).

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/record.hpp>

#include "plugin/loaded_plugin.hpp"
#include "plugin/plugin_services.hpp"

namespace ledgersync::plugin {

class MapperInstance {
public:
    /// Throws PluginError (naming the library file) when create() fails or throws.
    static std::unique_ptr<MapperInstance> create(LoadedPluginPtr plugin, const std::string& scope,
                                                  const nlohmann::json& config, const std::string& config_path,
                                                     const PluginServices& services);
    ~MapperInstance();
    MapperInstance(const MapperInstance&) = delete;
    MapperInstance& operator=(const MapperInstance&) = delete;

    const LoadedPlugin& plugin() const noexcept { return *plugin_; }

    /// Maps one record; throws sdk::Error (class data for an unmappable record).
    std::vector<sdk::Record> map(const sdk::Record& record) const;
    /// Same, on the JSON form: a record envelope in, a JSON array of envelopes out.
    nlohmann::json map_json(const nlohmann::json& record) const;
    /// Same, on JSON text: `record` is an envelope's JSON text; returns the plugin's output text
    /// (meant to be a JSON array of envelopes; the caller checks it).
    std::string map_text(std::string_view record) const;

private:
    MapperInstance(LoadedPluginPtr plugin, std::unique_ptr<ls_host_context> context, ls_instance* instance);

    LoadedPluginPtr plugin_;
    std::unique_ptr<ls_host_context> context_;
    ls_instance* instance_;
};

}  // namespace ledgersync::plugin
