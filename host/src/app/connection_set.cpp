#include "app/connection_set.hpp"

#include <ledgersync/sdk/config_reader.hpp>

#include "plugin/plugin_loader.hpp"

namespace ledgersync::app {

std::string suggest_plugin(const plugin::PluginCatalog& catalog, const std::string& id) {
    std::string best;
    std::size_t best_distance = 3;
    for (const auto& p : catalog.plugins()) {
        const std::size_t d = sdk::detail::edit_distance(id, p.id);
        if (d < best_distance) {
            best_distance = d;
            best = p.id;
        }
    }
    return best;
}

ConnectionSet ConnectionSet::open(const config::HostConfig& config, const plugin::PluginCatalog& catalog,
                                  const plugin::PluginServices& services) {
    ConnectionSet set;
    for (const auto& [name, connection] : config.connections) {
        if (!connection.enabled) continue;
        const std::string plugin_path = "/connections/" + name + "/plugin";
        const auto manifest = catalog.find(connection.plugin);
        if (!manifest) {
            std::string message = "no plugin '" + connection.plugin + "' was found in the plugin directories";
            if (auto suggestion = suggest_plugin(catalog, connection.plugin); !suggestion.empty()) {
                message += "; did you mean '" + suggestion + "'?";
            } else {
                message += "; run `ledgersync plugins list` to see what is installed, or add its directory to plugins.paths.";
            }
            set.problems_.push_back({name, plugin_path, message});
            continue;
        }
        if (manifest->kind != plugin::PluginKind::connector) {
            set.problems_.push_back({name, plugin_path, "plugin '" + connection.plugin +
                                                            "' is a mapper; a connection needs a connector plugin"});
            continue;
        }
        try {
            auto loaded = plugin::PluginLoader::load(*manifest);
            set.running_.emplace(name, plugin::ConnectorInstance::create(std::move(loaded), name, connection.config,
                                                                         connection.config_path, services));
            set.decide_webhooks(connection, *manifest);
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
