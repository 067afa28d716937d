#include "app/connection_set.hpp"

#include "plugin/plugin_config_error.hpp"
#include "plugin/plugin_loader.hpp"

namespace ledgersync::app {

ConnectionSet ConnectionSet::open(const config::HostConfig& config, const plugin::PluginCatalog& catalog,
                                  const plugin::PluginServices& services) {
    ConnectionSet set;
    for (const auto& [name, connection] : config.connections) {
        if (connection.enabled) set.add(connection, catalog, services);
    }
    return set;
}

ConnectionSet ConnectionSet::open_one(const config::HostConfig& config, const std::string& name,
                                      const plugin::PluginCatalog& catalog, const plugin::PluginServices& services) {
    ConnectionSet set;
    if (auto it = config.connections.find(name); it != config.connections.end()) {
        set.add(it->second, catalog, services);
    } else {
        set.problems_.push_back({name, "/connections/" + name, "no connection of this name is configured"});
    }
    return set;
}

void ConnectionSet::add(const config::ConnectionConfig& connection, const plugin::PluginCatalog& catalog,
                        const plugin::PluginServices& services) {
    const std::string& name = connection.name;
    const std::string plugin_path = "/connections/" + name + "/plugin";
    if (auto missing = catalog.why_missing(connection.plugin, plugin::PluginKind::connector)) {
        problems_.push_back({name, plugin_path, *missing});
        return;
    }
    const auto manifest = catalog.find(connection.plugin);
    try {
        auto loaded = plugin::PluginLoader::load(*manifest);
        running_.emplace(name, plugin::ConnectorInstance::create(std::move(loaded), name, connection.config,
                                                                 connection.config_path, services));
        decide_webhooks(connection, *manifest);
    } catch (const plugin::PluginConfigError& e) {
        for (const auto& problem : e.problems()) problems_.push_back({name, problem.path, problem.message});
    } catch (const plugin::PluginError& e) {
        problems_.push_back({name, plugin_path, e.what()});
    }
}

services::http::ConnectionHttpSettings ConnectionSet::http_settings(const config::ConnectionConfig& connection,
                                                                   const plugin::PluginManifest& manifest) {
    services::http::ConnectionHttpSettings settings;
    settings.budgets = plugin::override_rate_budgets(manifest.rate_budgets, connection.rate_limits);
    settings.extra_ca_file = connection.ca_file;
    return settings;
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
