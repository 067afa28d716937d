#include "app/host_runtime.hpp"

#include <csignal>
#include <set>

#include <ledgersync/sdk/version.hpp>

#include "app/secret_box_opener.hpp"
#include "plugin/plugin_search_path.hpp"
#include "store/store_factory.hpp"

namespace ledgersync::app {

namespace {

using std::chrono::seconds;

}  // namespace

HostRuntime::HostRuntime(config::HostConfig config, services::Logger& logger, const services::Clock& clock)
    : config_(std::move(config)), logger_(logger), clock_(clock) {
    logger_.replace_secrets("config", config_.resolved_secrets);
    plugin_services_.logger = &logger_;
    plugin_services_.metrics = &metrics_;
    plugin_services_.clock = &clock_;
}

HostRuntime::~HostRuntime() { stop(); }

void HostRuntime::open_secrets() {
    OpenedSecretBox opened = open_secret_box(config_.secrets);
    secret_box_ = std::move(opened.box);
    if (secret_box_) {
        logger_.info("secrets", "secrets at rest are encrypted with key " + secret_box_->key_id() + " from " + opened.source);
    } else {
        logger_.warning("secrets", "no secrets key configured (secrets.key_file or secrets.key_env): plugins cannot "
                                   "store tokens; create one with `ledgersync keys generate PATH`");
    }
}

void HostRuntime::configure_http() {
    for (const auto& [name, instance] : connections_.running()) {
        http_->configure_connection(name, ConnectionSet::http_settings(config_.connections.at(name), instance->plugin().manifest()));
        // What the budgets spent before the last stop still counts in the API's windows.
        budgets_->load(name);
        logger_.info("connections", "connection '" + name + "' running with plugin " + instance->plugin().id() + " " +
                                        instance->plugin().manifest().version);
    }
}

void HostRuntime::start() {
    // The server answers clients that may have hung up, the HTTP client writes to APIs that may
    // have closed: on Linux a write to a closed socket raises SIGPIPE, which ends the process.
    // Ignored, the write fails with EPIPE and the request alone fails.
    std::signal(SIGPIPE, SIG_IGN);
    started_ms_ = clock_.now_ms();
    store_ = store::open_configured_store(config_.store);
    // SQLite admits one host: a second one on the same file refuses to start here.
    const bool sole_host = config_.store.engine == config::StoreConfig::Engine::sqlite;
    if (sole_host) sole_host_lock_ = std::make_unique<SoleHostLock>(store_->location());
    logger_.info("store", "database " + store_->location() + " (schema version " + std::to_string(store_->schema_version()) + ")");
    open_secrets();
    state_ = std::make_unique<services::StoredConnectionState>(*store_, secret_box_.get(), logger_, clock_);
    http_ = std::make_unique<services::http::PocoHttpService>(services::http::HttpServiceOptions{}, clock_, &metrics_, &logger_);
    budgets_ = std::make_unique<services::http::RateBudgetJournal>(*http_, *store_, clock_, logger_);
    plugin_services_.state = state_.get();
    plugin_services_.http = http_.get();
    catalog_ = plugin::PluginCatalog::discover(plugin::plugin_search_path(config_.plugin_paths));
    for (const auto& problem : catalog_.problems()) logger_.warning("plugins", problem.what());
    logger_.info("plugins", "discovered " + std::to_string(catalog_.plugins().size()) + " plugin(s)");

    connections_ = ConnectionSet::open(config_, catalog_, plugin_services_);
    for (const auto& problem : connections_.problems()) {
        logger_.error("connections", "connection '" + problem.connection + "' is not running: " + problem.message);
    }
    for (const auto& warning : connections_.warnings()) logger_.warning("connections", warning.path + ": " + warning.message);
    configure_http();
    budgets_->start();
    metrics_.set("ledgersync_connections", {{"state", "running"}}, static_cast<std::int64_t>(connections_.running().size()),
                 "Configured connections by state");
    metrics_.set("ledgersync_connections", {{"state", "refused"}}, static_cast<std::int64_t>(connections_.problems().size()));

    RouteSet routes = RouteSet::open(config_, catalog_, plugin_services_);
    route_problems_ = routes.problems();
    for (const auto& problem : route_problems_) {
        logger_.error("routes", "route '" + problem.route + "' is not running: " + problem.path + ": " + problem.message);
    }
    std::map<std::string, bus::BusConnection> bus_connections;
    for (const auto& [name, instance] : connections_.running()) {
        bus_connections[name] = {instance.get(), &instance->plugin().manifest(),
                                 config_.connections.at(name).poll_interval_seconds * 1000};
    }
    bus_ = std::make_unique<bus::SyncBus>(*store_, std::move(routes.routes()), std::move(bus_connections),
                                          bus::BusOptions{config_.bus.workers, config_.bus.lease_seconds * 1000,
                                                          config_.bus.idle_poll_ms, 1000, config_.bus.host_id,
                                                          config_.bus.host_timeout_seconds * 1000, sole_host},
                                          clock_, metrics_, logger_);
    bus_->start();
    // After the bus: a check waits for the API (and its rate budget), the bus does not wait for it.
    checks_ = std::make_unique<ConnectionChecks>(clock_, logger_);
    checks_->start(connections_.running());
    start_webhooks();
    retention_ = std::make_unique<RetentionTask>(*store_, config_.retention, clock_, logger_, metrics_);
    retention_->start();

    const config::ServerConfig& server = config_.server;
    router_ = std::make_unique<api::HttpRouter>(api::HttpRouterOptions{
        seconds(server.body_timeout_seconds), std::max<std::int64_t>(1, server.threads / 2),
        [this](std::string_view text) { return logger_.redact(text); }, &metrics_});
    admin_api_ = std::make_unique<api::admin::AdminApi>(
        api::admin::RunningHost{config_, connections_, *checks_, *http_, *store_, route_problems_}, catalog_, clock_, logger_);
    console_ = std::make_unique<api::ConsoleFiles>(server.console_dir.empty() ? api::ConsoleFiles::installed_dir()
                                                                              : server.console_dir);
    if (!console_->found()) {
        logger_.info("server", "web console: no index.html in \"" + console_->directory().string() +
                                   "\"; set server.console_dir to the console's directory (docs/console.md)");
    }
    register_routes();
    server_ = std::make_unique<api::HttpServer>(
        server.host, server.port, *router_,
        api::HttpServerOptions{static_cast<int>(server.threads), static_cast<int>(server.max_queued),
                               seconds(server.header_timeout_seconds), seconds(server.keep_alive_seconds), &metrics_,
                               server.tls_certificate_file, server.tls_key_file});
    server_->start();
    ready_ = true;
    logger_.info("server", "listening on " + server_->url() +
                               (config_.admin_api.tokens.empty() ? " (admin API: no token configured, admin_api.tokens)" : ""));
}

void HostRuntime::start_webhooks() {
    std::set<std::string> served;
    for (const auto& [name, instance] : connections_.running()) {
        if (!connections_.serves_webhooks(name)) continue;
        served.insert(name);
        auto processor = std::make_unique<WebhookProcessor>(name, *instance, *store_, bus_->ingestor(), clock_, logger_,
                                                            metrics_, std::chrono::seconds(1), &bus_->leases());
        processor->start();
        webhook_processors_.emplace(name, std::move(processor));
    }
    webhooks_ = std::make_unique<api::WebhookEndpoint>(
        std::move(served), *store_, clock_, config_.server.webhook_inbox_limit,
        [this](const std::string& connection) { webhook_processors_.at(connection)->notify(); }, logger_, metrics_);
}

void HostRuntime::stop() {
    ready_ = false;
    if (server_) {
        server_->stop();  // drained: no handler runs any more
        server_.reset();
        logger_.info("server", "stopped");
    }
    if (http_) http_->shutdown();  // requests waiting for rate budget give up now
    if (retention_) {
        retention_->stop();
        retention_.reset();
    }
    if (checks_) checks_->stop();  // its results stay for health()
    for (auto& [name, processor] : webhook_processors_) processor->stop();
    if (bus_) {
        bus_->stop();
        bus_.reset();
    }
    webhook_processors_.clear();
    if (budgets_) budgets_->stop();  // writes the budgets' last use for the next start
    sole_host_lock_.reset();
}

std::pair<bool, nlohmann::json> HostRuntime::readiness() const {
    // start() sets ready_ once each part below is open, stop() clears it first: the parts tell
    // what a host that is not ready has (or still has) open.
    const bool started = ready_;
    nlohmann::json parts = {{"store", store_ != nullptr},
                            {"plugins_discovered", static_cast<std::int64_t>(catalog_.plugins().size())},
                            {"connections_running", static_cast<std::int64_t>(connections_.running().size())},
                            {"connections_refused", static_cast<std::int64_t>(connections_.problems().size())},
                            {"bus", bus_ != nullptr}};
    nlohmann::json body = {{"ready", started}, {"parts", parts}};
    if (!started) body["reason"] = server_ ? "the host is stopping" : "the host is starting";
    return {started, body};
}

std::string HostRuntime::url() const { return server_ ? server_->url() : std::string(); }

nlohmann::json HostRuntime::health() const {
    nlohmann::json connections = nlohmann::json::object();
    for (const auto& [name, instance] : connections_.running()) {
        connections[name] = {{"state", "running"}, {"plugin", instance->plugin().id()}};
        if (checks_) connections[name]["check"] = checks_->status(name);
    }
    for (const auto& problem : connections_.problems()) {
        connections[problem.connection] = {{"state", "refused"}, {"reason", problem.message}};
    }
    nlohmann::json routes = nlohmann::json::object();
    for (const auto& problem : route_problems_) routes[problem.route] = {{"state", "refused"}, {"reason", problem.message}};
    nlohmann::json bus = bus_ ? bus_->status() : nlohmann::json::object();
    nlohmann::json webhooks = nlohmann::json::object();
    for (const auto& [name, processor] : webhook_processors_) {
        webhooks[name] = processor->status();
        std::int64_t waiting = 0;
        store_->read([&](store::StoreTransaction& tx) { waiting = tx.webhook_backlog(name); });
        webhooks[name]["waiting"] = waiting;
    }
    const bool paused = bus.contains("paused") && !bus["paused"].empty();
    const bool healthy = connections_.problems().empty() && route_problems_.empty() && !paused;
    return {
        {"status", healthy ? "ok" : "degraded"},
        {"bus", bus},
        {"routes", routes},
        {"webhooks", webhooks},
        {"version", LEDGERSYNC_SDK_VERSION},
        {"uptime_seconds", (clock_.now_ms() - started_ms_) / 1000},
        {"connections", connections},
    };
}

void HostRuntime::register_routes() {
    router_->add_prefix(
        "POST", api::WebhookEndpoint::kPrefix, [this](auto& request, auto& response) { webhooks_->handle(request, response); },
        config_.server.webhook_body_limit_bytes);
    router_->add("GET", "/healthz", [this](auto&, auto& response) {
        api::send_json(response, 200, logger_.redact(health().dump()));
    });
    router_->add("GET", "/readyz", [this](auto&, auto& response) {
        const auto [ready, body] = readiness();
        api::send_json(response, ready ? 200 : 503, body.dump());
    });
    admin_api_->attach(*router_);
    console_->attach(*router_);
    router_->add("GET", "/metrics", [this](auto&, auto& response) {
        api::send_body(response, 200, "text/plain; version=0.0.4", metrics_.render_prometheus());
    });
}

}  // namespace ledgersync::app
