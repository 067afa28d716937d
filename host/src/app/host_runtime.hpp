#pragma once
/// The running host: configuration, plugins, connections and the HTTP server, started and
/// stopped as one.
///
/// Stop order, and why: the HTTP server is drained first (no new request; those in flight are
/// answered), so no handler runs while what it uses goes away; then the HTTP client wakes the
/// calls waiting for rate budget; then the webhook processors, the bus (pollers and delivery
/// workers) and the rate-budget journal stop; the connector instances are destroyed last, when
/// nothing can call them any more. The retention task stops first among the workers: its step
/// in progress ends and nothing else waits for it. The connection checks of the start are
/// awaited with the workers, before the instances they call go.

#include <atomic>
#include <map>
#include <memory>
#include <utility>
#include <string>

#include <nlohmann/json.hpp>

#include "api/admin/admin_api.hpp"
#include "api/console_files.hpp"
#include "api/http_router.hpp"
#include "api/http_server.hpp"
#include "api/webhook_endpoint.hpp"
#include "app/connection_checks.hpp"
#include "app/connection_set.hpp"
#include "app/retention_task.hpp"
#include "app/route_set.hpp"
#include "app/sole_host_lock.hpp"
#include "app/webhook_processor.hpp"
#include "bus/sync_bus.hpp"
#include "config/host_config.hpp"
#include "plugin/plugin_catalog.hpp"
#include "plugin/plugin_services.hpp"
#include "services/clock.hpp"
#include "services/http/poco_http_service.hpp"
#include "services/http/rate_budget_journal.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "services/secret_box.hpp"
#include "services/stored_connection_state.hpp"
#include "store/store.hpp"

namespace ledgersync::app {

class HostRuntime {
public:
    HostRuntime(config::HostConfig config, services::Logger& logger, const services::Clock& clock);
    ~HostRuntime();

    /// Discovers and loads plugins, opens connections and starts serving. Throws only for what
    /// stops the whole host (the listen address is taken); bad plugins are reported and skipped.
    void start();
    /// Stops serving and releases everything, in the order above; idempotent.
    void stop();

    /// URL of the HTTP server once started.
    std::string url() const;
    /// The document /healthz serves.
    nlohmann::json health() const;
    /// The document /readyz serves, and whether the host is ready: its store open, its plugins
    /// loaded, its connections and bus started, and not stopping.
    std::pair<bool, nlohmann::json> readiness() const;

    /// The bus, once started (webhooks and tests ingest through it).
    bus::SyncBus* bus() noexcept { return bus_.get(); }
    /// The store, once started.
    store::Store* store() noexcept { return store_.get(); }
    /// The counters /metrics serves.
    const services::MetricsRegistry& metrics() const noexcept { return metrics_; }

private:
    void open_secrets();
    void configure_http();
    void start_webhooks();
    void register_routes();

    config::HostConfig config_;
    services::Logger& logger_;
    const services::Clock& clock_;
    services::MetricsRegistry metrics_;
    plugin::PluginServices plugin_services_;
    plugin::PluginCatalog catalog_;
    std::unique_ptr<store::Store> store_;
    /// Held while the host runs on SQLite (one host per database file).
    std::unique_ptr<SoleHostLock> sole_host_lock_;
    std::unique_ptr<services::SecretBox> secret_box_;
    std::unique_ptr<services::StoredConnectionState> state_;
    std::unique_ptr<services::http::PocoHttpService> http_;
    std::unique_ptr<services::http::RateBudgetJournal> budgets_;
    ConnectionSet connections_;
    std::unique_ptr<ConnectionChecks> checks_;
    std::vector<RouteProblem> route_problems_;
    std::unique_ptr<bus::SyncBus> bus_;
    std::unique_ptr<RetentionTask> retention_;
    std::map<std::string, std::unique_ptr<WebhookProcessor>> webhook_processors_;
    std::unique_ptr<api::WebhookEndpoint> webhooks_;
    std::unique_ptr<api::admin::AdminApi> admin_api_;
    std::unique_ptr<api::ConsoleFiles> console_;
    std::unique_ptr<api::HttpRouter> router_;
    std::unique_ptr<api::HttpServer> server_;
    std::int64_t started_ms_ = 0;
    /// Set once start() has opened everything, cleared when stop() begins.
    std::atomic<bool> ready_{false};
};

}  // namespace ledgersync::app
