#pragma once
/// Connections a command opens beside the running host (or with it stopped), as the host runs
/// them: the connection's tokens from the store (decrypted with the secrets key), its HTTP
/// settings (rate budgets, CA file), and a log on the command's stderr that masks the
/// configuration's resolved secrets and the tokens plugins store. `invoices pdf` and
/// `connections check` open their connections through it, so both behave as the host does.

#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/connection_set.hpp"
#include "config/host_config.hpp"
#include "plugin/connector_instance.hpp"
#include "plugin/plugin_catalog.hpp"
#include "plugin/plugin_services.hpp"
#include "services/clock.hpp"
#include "services/http/poco_http_service.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "services/secret_box.hpp"
#include "services/stored_connection_state.hpp"
#include "store/store.hpp"

namespace ledgersync::cli {

class CommandConnections {
public:
    /// Opens the secrets key the configuration names; throws std::exception with a message to
    /// print when it is named but cannot be read. Plugin messages of warning level and above go
    /// to `log`. `config`, `catalog` and `store` must outlive this object.
    CommandConnections(const config::HostConfig& config, const plugin::PluginCatalog& catalog,
                       store::Store& store, std::ostream& log);
    CommandConnections(const CommandConnections&) = delete;
    CommandConnections& operator=(const CommandConnections&) = delete;

    /// Loads and creates the connection `name` (enabled or not) and configures its HTTP
    /// settings; nullptr when it cannot run, with the reasons in problems(name). Opening the
    /// same name again returns the same instance.
    plugin::ConnectorInstance* open(const std::string& name);
    /// Why `name` could not be opened (each at its JSON path in the host config); empty when it
    /// runs.
    const std::vector<app::ConnectionProblem>& problems(const std::string& name) const;

    /// `text` with every known secret masked, as the host's log masks it.
    std::string redact(std::string_view text) const { return logger_.redact(text); }

    /// Ends the HTTP client: requests waiting for rate budget give up, idle sessions close.
    void shutdown_http() { http_.shutdown(); }

private:
    const config::HostConfig& config_;
    const plugin::PluginCatalog& catalog_;
    services::Logger logger_;
    services::MetricsRegistry metrics_;
    services::SystemClock clock_;
    std::unique_ptr<services::SecretBox> secret_box_;
    services::StoredConnectionState state_;
    services::http::PocoHttpService http_;
    plugin::PluginServices services_;
    /// Problems found after the plugin was created (its HTTP settings), by connection.
    std::map<std::string, std::vector<app::ConnectionProblem>> problems_;
    /// Last: the instances go before the services they were lent.
    std::map<std::string, app::ConnectionSet> opened_;
};

}  // namespace ledgersync::cli
