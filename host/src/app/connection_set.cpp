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
        const auto manifest = catalog.find(connection.plugin);
        try {
            auto loaded = plugin::PluginLoader::load(*manifest);
            set.running_.emplace(name, plugin::ConnectorInstance::create(std::move(loaded), name, connection.config,
                                                                         connection.config_path, services));
            set.decide_webhooks(connection, *manifest);
        } catch (const plugin::PluginConfigError& e) {
            for (const auto& problem : e.problems()) set.problems_.push_back({name, problem.path, problem.message});
        } catch (const plugin::PluginError& e) {
            set.problems_.push_back({name, plugin_path, e.what()});
        }
    }
    return set;
}

void ConnectionSet::decide_webhooks(const config::ConnectionConfig& connection, const plugin::PluginManifest& manifest) {
    const std::string path = "/connections/" + connection.name + "/webhooks/allow_unsigned";
    if (!manifest.webhooks) return;
    if (manifest.verifies_webhooks()) {
        webhook_connections_.insert(connection.name);
        return;
    }
    if (!connection.webhooks_allow_unsigned) {
        warnings_.push_back({connection.name, path,
                             "POST /webhooks/" + connection.name + " is not served: plugin '" + manifest.id +
                                 "' does not verify webhook signatures (capabilities.webhook_auth is \"none\"), so "
                                 "anyone who can reach the host could send records through it; set "
                                 "webhooks.allow_unsigned to true only if the host is reachable by trusted senders alone"});
        return;
    }
    webhook_connections_.insert(connection.name);
    warnings_.push_back({connection.name, path,
                         "POST /webhooks/" + connection.name + " accepts deliveries without any verification (plugin '" +
                             manifest.id + "' checks no signature): anyone who can reach the host can inject records "
                             "that are then written to this connection's routes' targets"});
}

plugin::ConnectorInstance* ConnectionSet::find(const std::string& connection) const {
    auto it = running_.find(connection);
    return it == running_.end() ? nullptr : it->second.get();
}

}  // namespace ledgersync::app
