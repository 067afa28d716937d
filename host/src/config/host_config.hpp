#pragma once
/// The host's configuration file (JSON), read strictly: unknown keys are errors naming their
/// JSON path, and every problem is reported with how to fix it. Reference: docs/operations.md.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bus/route_config.hpp"
#include "plugin/plugin_manifest.hpp"
#include "services/logger.hpp"

namespace ledgersync::config {

struct ServerConfig {
    /// Address to listen on; loopback unless the operator says otherwise.
    std::string host = "127.0.0.1";
    std::uint16_t port = 8787;
    /// Largest webhook body accepted; larger deliveries get 413.
    std::int64_t webhook_body_limit_bytes = 1024 * 1024;
    /// Threads serving requests. At most half of them read request bodies at once, so clients
    /// that send headers and then stall can never take the threads /healthz needs.
    std::int64_t threads = 16;
    /// Accepted connections waiting for a thread; further connections are closed at once.
    std::int64_t max_queued = 64;
    /// Longest a client may take to send a request's headers, counted from the connection (or,
    /// on a kept-alive connection, from the previous answer plus keep_alive_seconds).
    std::int64_t header_timeout_seconds = 10;
    /// Longest a client may take to send a request's body once its headers arrived.
    std::int64_t body_timeout_seconds = 10;
    /// How long an idle kept-alive connection stays open; 0 closes each after one request.
    std::int64_t keep_alive_seconds = 5;
    /// Webhook deliveries stored and not yet processed, per connection, beyond which new ones
    /// get 503 (the sender retries later) instead of filling the disk.
    std::int64_t webhook_inbox_limit = 10'000;
    /// `server.tls`: with a certificate and its key (PEM) the server speaks HTTPS only.
    std::filesystem::path tls_certificate_file;
    std::filesystem::path tls_key_file;
    /// Plain HTTP on an address that is not loopback (behind a proxy that terminates TLS, on a
    /// private network): refused unless set, since tokens would cross the network in clear.
    bool allow_plain_http = false;
    /// `server.console_dir`: the web console's files (index.html, app.js, app.css); empty means
    /// the installed <prefix>/share/ledgersync/console beside the executable.
    std::filesystem::path console_dir;
    bool tls() const { return !tls_certificate_file.empty(); }
};

/// `admin_api`: who may call /api/v1. Only hashes of the bearer tokens are kept.
struct AdminApiConfig {
    enum class Scope { read, admin };
    struct Token {
        /// Who holds it (logged with each change the token makes).
        std::string name;
        /// SHA-256 of the token, lower-case hex (`ledgersync keys token NAME` prints it).
        std::string sha256;
        /// read: GET only; admin: also retry, dismiss, pause, resume.
        Scope scope = Scope::read;
    };
    std::vector<Token> tokens;
};

/// Where the key that encrypts secrets at rest comes from (exactly one, or none).
struct SecretsConfig {
    std::filesystem::path key_file;
    std::string key_env;
    bool configured() const { return !key_file.empty() || !key_env.empty(); }
};

struct ConnectionConfig {
    std::string name;
    std::string plugin;
    bool enabled = true;
    /// How often the host calls read() on each stream, in seconds.
    std::int64_t poll_interval_seconds = 60;
    /// The plugin's own configuration, secrets resolved; validated by the plugin.
    nlohmann::json config = nlohmann::json::object();
    /// JSON pointer of `config` in the file, to locate the plugin's own config problems.
    std::string config_path;
    /// Extra trusted certificates (PEM) for this connection's HTTPS calls; empty = system roots only.
    std::filesystem::path ca_file;
    /// Rate budgets replacing those of the same names the plugin's manifest declares (e.g. a
    /// lower limit shared with another integration on the same account, or the daily limit of
    /// the account's HubSpot tier); the manifest's other budgets stay (plugin::override_rate_budgets).
    std::vector<plugin::RateBudget> rate_limits;
    /// Serve /webhooks/<name> even though the connector does not verify webhook signatures
    /// (its manifest's capabilities.webhook_auth is "none"): anyone who can reach the host can
    /// then inject records. Warned about by `config check` and at start.
    bool webhooks_allow_unsigned = false;
};

struct StoreConfig {
    enum class Engine { sqlite, postgresql };
    /// `store.sqlite` (the default) or `store.postgresql`.
    Engine engine = Engine::sqlite;
    /// The SQLite database file (relative paths are under data_dir).
    std::filesystem::path sqlite_path;
    /// "full" or "normal" (see SqliteOptions).
    std::string sqlite_synchronous = "full";
    /// The libpq connection string of `store.postgresql.dsn`. A secret (it may hold a
    /// password): never logged or printed.
    std::string postgresql_dsn;
};

struct BusConfig {
    /// Delivery worker threads (parallel across objects, never within one object).
    std::int64_t workers = 4;
    /// How long a worker holds a job before another may take it over.
    std::int64_t lease_seconds = 300;
    /// How often idle workers look for work created outside this process (CLI retries).
    std::int64_t idle_poll_ms = 250;
    /// This host's identity among the hosts sharing a database (`bus.host_id`); empty: the
    /// machine's name. Stable across restarts, so that a restarted host takes back at once what
    /// its previous instance held; every host on one database needs its own.
    std::string host_id;
    /// How long a host's connection leases last without a heartbeat (`bus.host_timeout_seconds`):
    /// after a host dies, others take its connections over within this time. Heartbeats come
    /// every third of it.
    std::int64_t host_timeout_seconds = 15;
    /// `bus.retry`: every route's retry policy unless the route sets its own.
    bus::RetryPolicy retry;
};

/// `retention`: how long settled history is kept before the host prunes it (docs/operations.md).
/// An age of 0 ("forever") keeps that kind of row for ever. The mirror, links, cursors and
/// everything the bus still needs are never pruned, whatever the ages.
struct RetentionConfig {
    static constexpr std::int64_t kDayMs = 86'400'000;
    /// Events (records as received) older than this, except each object's current copy and
    /// those of jobs still to settle.
    std::int64_t events_ms = 30 * kDayMs;
    /// Done and dismissed jobs created longer ago than this, unless a failure refers to them.
    std::int64_t done_jobs_ms = 7 * kDayMs;
    std::int64_t timeline_ms = 90 * kDayMs;
    /// Dismissed failures, by the time of their last failure.
    std::int64_t dismissed_failures_ms = 30 * kDayMs;
    /// Resolved failures (their job or a new read later succeeded), by the time of their last failure.
    std::int64_t resolved_failures_ms = 30 * kDayMs;
    /// Hourly activity counts (the console's activity view), by the end of their hour: kept
    /// longer than the jobs they count, which is why they are counted apart.
    std::int64_t activity_ms = 90 * kDayMs;
    /// Rows deleted per transaction, at most: small enough that the bus never waits long.
    std::int64_t batch = 500;
    /// How often a pruning pass starts (the first one right after the host starts).
    std::int64_t every_ms = 10 * 60'000;
};

struct HostConfig {
    std::filesystem::path file;
    std::filesystem::path data_dir;
    std::vector<std::filesystem::path> plugin_paths;
    services::LogLevel log_level = services::LogLevel::info;
    ServerConfig server;
    std::map<std::string, ConnectionConfig> connections;
    std::vector<bus::RouteConfig> routes;
    StoreConfig store;
    BusConfig bus;
    RetentionConfig retention;
    SecretsConfig secrets;
    AdminApiConfig admin_api;
    /// Values that came from ${env:...} / ${file:...}; the log masks them.
    std::vector<std::string> resolved_secrets;
};

/// Reads and validates `file`. Throws ConfigError listing every problem.
HostConfig load_host_config(const std::filesystem::path& file);

/// Parses a config document already in memory (`file` is used in messages and to anchor
/// relative paths). Throws ConfigError.
HostConfig parse_host_config(nlohmann::json document, const std::filesystem::path& file);

}  // namespace ledgersync::config
