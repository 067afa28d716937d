#include "app/host_runtime.hpp"

#include <openssl/crypto.h>

#include <ledgersync/sdk/version.hpp>

#include "plugin/plugin_search_path.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ledgersync::app {

HostRuntime::HostRuntime(config::HostConfig config, services::Logger& logger, const services::Clock& clock)
    : config_(std::move(config)), logger_(logger), clock_(clock) {
    for (const auto& secret : config_.resolved_secrets) logger_.add_secret(secret);
    plugin_services_.logger = &logger_;
    plugin_services_.metrics = &metrics_;
    plugin_services_.clock = &clock_;
}

HostRuntime::~HostRuntime() { stop(); }

void HostRuntime::start() {
    started_ms_ = clock_.now_ms();
    store_ = std::make_unique<store::sqlite::SqliteStore>(
        config_.store.sqlite_path, store::sqlite::SqliteOptions{10'000, config_.store.sqlite_synchronous});
    logger_.info("store", "database " + store_->location() + " (schema version " + std::to_string(store_->schema_version()) + ")");
    if (config_.secrets.configured()) {
        const auto source = config_.secrets.key_file.empty()
                                ? services::SecretKeySource::environment(config_.secrets.key_env)
                                : services::SecretKeySource::file(config_.secrets.key_file);
        services::SecretKey key = source.load();
        secret_box_ = std::make_unique<services::SecretBox>(key);
        OPENSSL_cleanse(key.data(), key.size());  // the box holds its own copy
        logger_.info("secrets", "secrets at rest are encrypted with key " + secret_box_->key_id() + " from " + source.describe());
    } else {
        logger_.warning("secrets", "no secrets key configured (secrets.key_file or secrets.key_env): plugins cannot "
                                   "store tokens; create one with `ledgersync keys generate PATH`");
    }
    state_ = std::make_unique<services::StoredConnectionState>(*store_, secret_box_.get(), logger_, clock_);
    http_ = std::make_unique<services::http::PocoHttpService>(services::http::HttpServiceOptions{}, clock_, &metrics_, &logger_);
    plugin_services_.state = state_.get();
    plugin_services_.http = http_.get();
    catalog_ = plugin::PluginCatalog::discover(plugin::plugin_search_path(config_.plugin_paths));
    for (const auto& problem : catalog_.problems()) logger_.warning("plugins", problem.what());
    logger_.info("plugins", "discovered " + std::to_string(catalog_.plugins().size()) + " plugin(s)");

    connections_ = ConnectionSet::open(config_, catalog_, plugin_services_);
    for (const auto& problem : connections_.problems()) {
        logger_.error("connections", "connection '" + problem.connection + "' is not running: " + problem.message);
    }
    for (const auto& [name, instance] : connections_.running()) {
        services::http::ConnectionHttpSettings settings;
        const auto& configured = config_.connections.at(name).rate_limits;
        settings.budgets = configured.empty() ? instance->plugin().manifest().rate_budgets : configured;
        settings.extra_ca_file = config_.connections.at(name).ca_file;
        http_->configure_connection(name, settings);
        logger_.info("connections", "connection '" + name + "' running with plugin " + instance->plugin().id() + " " +
                                        instance->plugin().manifest().version);
    }
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
                                                          config_.bus.idle_poll_ms, 1000},
                                          clock_, metrics_, logger_);
    bus_->start();

    std::map<std::string, plugin::ConnectorInstance*> webhook_connectors;
    for (const auto& [name, instance] : connections_.running()) {
        if (instance->plugin().manifest().webhooks) webhook_connectors[name] = instance.get();
    }
    webhooks_ = std::make_unique<api::WebhookEndpoint>(std::move(webhook_connectors), bus_->ingestor(),
                                                       config_.server.webhook_body_limit_bytes, logger_, metrics_);
    register_routes();
    server_ = std::make_unique<api::HttpServer>(config_.server.host, config_.server.port, router_);
    server_->start();
    logger_.info("server", "listening on " + server_->url());
}

void HostRuntime::stop() {
    if (server_) {
        server_->stop();
        server_.reset();
        logger_.info("server", "stopped");
    }
    if (http_) http_->shutdown();  // requests waiting for rate budget give up now
    if (bus_) {
        bus_->stop();
        bus_.reset();
    }
}

std::string HostRuntime::url() const { return server_ ? server_->url() : std::string(); }

nlohmann::json HostRuntime::health() const {
    nlohmann::json connections = nlohmann::json::object();
    for (const auto& [name, instance] : connections_.running()) {
        connections[name] = {{"state", "running"}, {"plugin", instance->plugin().id()}};
    }
    for (const auto& problem : connections_.problems()) {
        connections[problem.connection] = {{"state", "refused"}, {"reason", problem.message}};
    }
    nlohmann::json routes = nlohmann::json::object();
    for (const auto& problem : route_problems_) routes[problem.route] = {{"state", "refused"}, {"reason", problem.message}};
    nlohmann::json bus = bus_ ? bus_->status() : nlohmann::json::object();
    const bool paused = bus.contains("paused") && !bus["paused"].empty();
    const bool healthy = connections_.problems().empty() && route_problems_.empty() && !paused;
    return {
        {"status", healthy ? "ok" : "degraded"},
        {"bus", bus},
        {"routes", routes},
        {"version", LEDGERSYNC_SDK_VERSION},
        {"uptime_seconds", (clock_.now_ms() - started_ms_) / 1000},
        {"connections", connections},
    };
}

void HostRuntime::register_routes() {
    router_.add_prefix("POST", api::WebhookEndpoint::kPrefix,
                       [this](auto& request, auto& response) { webhooks_->handle(request, response); });
    router_.add("GET", "/healthz", [this](auto&, auto& response) { api::send_json(response, 200, health().dump()); });
    router_.add("GET", "/metrics", [this](auto&, auto& response) {
        const std::string body = metrics_.render_prometheus();
        response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
        response.setContentType("text/plain; version=0.0.4");
        response.setContentLength(static_cast<std::streamsize>(body.size()));
        response.send() << body;
    });
}

}  // namespace ledgersync::app
