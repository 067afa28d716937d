#pragma once
/// The configured connections, each with its connector plugin loaded and instantiated, and the
/// reasons of those that could not be: a refused plugin never takes the host down.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "plugin/connector_instance.hpp"
#include "services/http/poco_http_service.hpp"
#include "plugin/plugin_catalog.hpp"
#include "plugin/plugin_services.hpp"

namespace ledgersync::app {

/// Why a connection is not running.
struct ConnectionProblem {
    std::string connection;
    /// JSON pointer of the offending key in the host config.
    std::string path;
    std::string message;
};

class ConnectionSet {
public:
    /// Loads and creates every enabled connection. Never throws for a bad plugin: the problem
    /// is recorded and the other connections go on.
    static ConnectionSet open(const config::HostConfig& config, const plugin::PluginCatalog& catalog,
                              const plugin::PluginServices& services);

    /// Loads and creates the one connection `name` (enabled or not), for a command that uses it
    /// beside a running host; its problem, if any, is in problems().
    static ConnectionSet open_one(const config::HostConfig& config, const std::string& name,
                                  const plugin::PluginCatalog& catalog, const plugin::PluginServices& services);

    /// The HTTP settings of a connection: its configured rate limits (else its plugin's), its
    /// extra CA certificates.
    static services::http::ConnectionHttpSettings http_settings(const config::ConnectionConfig& connection,
                                                               const plugin::PluginManifest& manifest);

    /// The running instance of `connection`, or nullptr.
    plugin::ConnectorInstance* find(const std::string& connection) const;
    const std::map<std::string, std::unique_ptr<plugin::ConnectorInstance>>& running() const noexcept {
        return running_;
    }
    const std::vector<ConnectionProblem>& problems() const noexcept { return problems_; }
    /// What runs but deserves the operator's attention (webhooks accepted without verification,
    /// webhooks not served): shown by `config check` and logged at start.
    const std::vector<ConnectionProblem>& warnings() const noexcept { return warnings_; }

    /// True when POST /webhooks/<connection> serves the connection: its connector takes
    /// webhooks and verifies their signatures, or the connection allows unsigned ones.
    bool serves_webhooks(const std::string& connection) const { return webhook_connections_.count(connection) != 0; }

private:
    void add(const config::ConnectionConfig& connection, const plugin::PluginCatalog& catalog,
             const plugin::PluginServices& services);
    void decide_webhooks(const config::ConnectionConfig& connection, const plugin::PluginManifest& manifest);

    std::map<std::string, std::unique_ptr<plugin::ConnectorInstance>> running_;
    std::vector<ConnectionProblem> problems_;
    std::vector<ConnectionProblem> warnings_;
    std::set<std::string> webhook_connections_;
};

}  // namespace ledgersync::app
