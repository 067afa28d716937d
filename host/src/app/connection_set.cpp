#include "app/connection_set.hpp"

#include "plugin/plugin_config_error.hpp"
#include "plugin/plugin_loader.hpp"

namespace ledgersync::app {

ConnectionSet ConnectionSet::open(const config::HostConfig& config, const plugin::PluginCatalog& catalog,
                                  const plugin::PluginServices& services) {
    ConnectionSet set;
    for (const auto& [name, connection] : config.connections) {
        if (!connection.enabled) continue;
        const std::string plugin_path = "/connections/" + name + "/plugin";
        if (auto missing = catalog.why_missing(connection.plugin, plugin::PluginKind::connector)) {
            set.problems_.push_back({name, plugin_path, *missing});
            continue;
        }
        try {
            auto loaded = plugin::PluginLoader::load(*catalog.find(connection.plugin));
            set.running_.emplace(name, plugin::ConnectorInstance::create(std::move(loaded), name, connection.config,
                                                                         connection.config_path, services));
        } catch (const plugin::PluginConfigError& e) {
            for (const auto& problem : e.problems()) set.problems_.push_back({name, problem.path, problem.message});
        } catch (const plugin::PluginError& e) {
            set.problems_.push_back({name, plugin_path, e.what()});
        }
    }
    return set;
}

plugin::ConnectorInstance* ConnectionSet::find(const std::string& connection) const {
    auto it = running_.find(connection);
    return it == running_.end() ? nullptr : it->second.get();
}

}  // namespace ledgersync::app
