#include "config/host_config.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include <ledgersync/sdk/config_reader.hpp>
#include <ledgersync/sdk/json.hpp>

#include "config/config_error.hpp"
#include "config/duration_text.hpp"
#include "config/secret_resolver.hpp"

namespace ledgersync::config {

namespace {

std::filesystem::path anchored(const std::filesystem::path& base, const std::string& value) {
    std::filesystem::path p(value);
    return p.is_relative() ? (base / p).lexically_normal() : p;
}

/// True for addresses only this machine can reach.
bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

void read_server(sdk::ConfigReader& root, HostConfig& config, const std::filesystem::path& base) {
    const nlohmann::json* node = root.raw("server");
    if (node == nullptr) return;
    sdk::ConfigReader server(*node, root.problems(), "/server");
    if (auto listen = server.optional<std::string>("listen", "HOST:PORT, e.g. \"127.0.0.1:8787\"")) {
        static const std::regex pattern(R"(^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+):([0-9]{1,5})$)");
        std::smatch match;
        if (!std::regex_match(*listen, match, pattern) || std::stoul(match[2]) > 65535) {
            root.problems().add("/server/listen", "\"" + *listen + "\" is not HOST:PORT; write e.g. \"127.0.0.1:8787\" "
                                                  "(port 0 picks a free port).");
        } else {
            std::string host = match[1];
            if (host.front() == '[') host = host.substr(1, host.size() - 2);
            config.server.host = host;
            config.server.port = static_cast<std::uint16_t>(std::stoul(match[2]));
        }
    }
    ServerConfig& s = config.server;
    s.webhook_body_limit_bytes = server.integer_in("webhook_body_limit_bytes", s.webhook_body_limit_bytes, 1024,
                                                   64 * 1024 * 1024, "a number of bytes");
    s.threads = server.integer_in("threads", s.threads, 2, 256, "a number of request threads");
    s.max_queued = server.integer_in("max_queued", s.max_queued, 1, 4096, "a number of waiting connections");
    s.header_timeout_seconds = server.integer_in("header_timeout_seconds", s.header_timeout_seconds, 1, 300, "a number of seconds");
    s.body_timeout_seconds = server.integer_in("body_timeout_seconds", s.body_timeout_seconds, 1, 300, "a number of seconds");
    s.keep_alive_seconds = server.integer_in("keep_alive_seconds", s.keep_alive_seconds, 0, 300, "a number of seconds");
    s.webhook_inbox_limit = server.integer_in("webhook_inbox_limit", s.webhook_inbox_limit, 1, 10'000'000,
                                              "a number of deliveries per connection");
    s.allow_plain_http = server.value_or<bool>("allow_plain_http", false,
                                               "true to serve plain HTTP on an address other than loopback");
    if (auto console_dir = server.optional<std::string>("console_dir", "the web console's directory (holding index.html)")) {
        s.console_dir = anchored(base, *console_dir);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(s.console_dir / "index.html", ec)) {
            root.problems().add("/server/console_dir", "\"" + s.console_dir.string() + "\" holds no index.html; point it at the "
                                                       "web console's directory (host/web in a checkout), or remove the key to "
                                                       "serve the installed <prefix>/share/ledgersync/console.");
        }
    }
    if (const nlohmann::json* tls = server.raw("tls")) {
        sdk::ConfigReader reader(*tls, root.problems(), "/server/tls");
        const auto certificate = reader.required<std::string>("certificate_file", "the server's certificate chain (PEM)");
        const auto key = reader.required<std::string>("key_file", "the certificate's private key (PEM, unencrypted)");
        if (!certificate.empty() && !key.empty()) {
            s.tls_certificate_file = anchored(base, certificate);
            s.tls_key_file = anchored(base, key);
        }
        reader.finish();
    }
    if (!s.tls() && !s.allow_plain_http && !is_loopback(s.host)) {
        root.problems().add("/server/listen",
                            "\"" + s.host + "\" is not a loopback address and server.tls is not set: admin tokens would cross "
                            "the network in clear. Configure server.tls {certificate_file, key_file}, listen on "
                            "127.0.0.1, or set server.allow_plain_http to true behind a proxy that terminates TLS.");
    }
    server.finish();
}

void read_admin_api(sdk::ConfigReader& root, HostConfig& config) {
    const nlohmann::json* node = root.raw("admin_api");
    if (node == nullptr) return;
    sdk::ConfigReader admin(*node, root.problems(), "/admin_api");
    const nlohmann::json* tokens = admin.raw("tokens");
    if (tokens != nullptr && !tokens->is_array()) {
        root.problems().add("/admin_api/tokens", "expected a list of {name, sha256, scope}.");
    } else if (tokens != nullptr) {
        static const std::regex hex64("[0-9a-f]{64}");
        for (std::size_t i = 0; i < tokens->size(); ++i) {
            const std::string path = "/admin_api/tokens/" + std::to_string(i);
            sdk::ConfigReader reader((*tokens)[i], root.problems(), path);
            AdminApiConfig::Token token;
            token.name = reader.required<std::string>("name", "who holds the token, e.g. \"ops-console\"");
            token.sha256 = reader.required<std::string>("sha256", "the token's SHA-256, from `ledgersync keys token NAME`");
            if (reader.raw("sha256") != nullptr && !std::regex_match(token.sha256, hex64)) {
                root.problems().add(path + "/sha256", "is not 64 lower-case hex digits; keep only the hash that "
                                                      "`ledgersync keys token NAME` prints, never the token itself.");
            }
            token.scope = reader.one_of("scope", "read", {"read", "admin"},
                                        "read (GET only) or admin (also retry, dismiss, pause, resume)") == "admin"
                              ? AdminApiConfig::Scope::admin
                              : AdminApiConfig::Scope::read;
            for (const auto& other : config.admin_api.tokens) {
                if (other.name == token.name) root.problems().add(path + "/name", "\"" + token.name + "\" is used by another token; names must be unique.");
            }
            reader.finish();
            config.admin_api.tokens.push_back(std::move(token));
        }
    }
    admin.finish();
}

void read_connections(sdk::ConfigReader& root, HostConfig& config) {
    const nlohmann::json* node = root.raw("connections");
    if (node == nullptr) return;
    sdk::ConfigReader connections(*node, root.problems(), "/connections");
    if (!node->is_object()) return;
    static const std::regex name_pattern("[a-z0-9][a-z0-9_-]*");
    for (const auto& [name, value] : node->items()) {
        connections.allow(name);
        const std::string path = connections.path_of(name);
        if (!std::regex_match(name, name_pattern)) {
            root.problems().add(path, "connection name \"" + name + "\" is not allowed; use lower-case letters, "
                                      "digits, '-' and '_' (it appears in webhook URLs).");
        }
        sdk::ConfigReader reader(value, root.problems(), path);
        ConnectionConfig c;
        c.name = name;
        c.plugin = reader.required<std::string>("plugin", "the id of a connector plugin (see `ledgersync plugins list`)");
        c.enabled = reader.value_or<bool>("enabled", true, "true or false");
        c.poll_interval_seconds = reader.integer_in("poll_interval_seconds", 60, 1, 86'400, "a number of seconds");
        if (const nlohmann::json* plugin_config = reader.raw("config")) {
            if (!plugin_config->is_object()) {
                root.problems().add(reader.path_of("config"), "expected a JSON object holding the plugin's settings.");
            } else {
                c.config = *plugin_config;
            }
        }
        c.config_path = reader.path_of("config");
        if (const nlohmann::json* limits = reader.raw("rate_limits")) {
            c.rate_limits = plugin::read_rate_budgets(*limits, reader.path_of("rate_limits"), root.problems());
        }
        if (const nlohmann::json* webhooks = reader.raw("webhooks")) {
            sdk::ConfigReader webhooks_reader(*webhooks, root.problems(), reader.path_of("webhooks"));
            c.webhooks_allow_unsigned = webhooks_reader.value_or<bool>(
                "allow_unsigned", false, "true to accept webhooks the connector cannot verify (anyone may then send records)");
            webhooks_reader.finish();
        }
        if (const nlohmann::json* http = reader.raw("http")) {
            sdk::ConfigReader http_reader(*http, root.problems(), reader.path_of("http"));
            if (auto ca = http_reader.optional<std::string>("ca_file", "a PEM file of extra trusted certificates")) {
                c.ca_file = anchored(config.file.has_parent_path() ? config.file.parent_path() : ".", *ca);
            }
            http_reader.finish();
        }
        reader.finish();
        config.connections.emplace(name, std::move(c));
    }
}

void read_store(sdk::ConfigReader& root, HostConfig& config) {
    config.store.sqlite_path = config.data_dir / "ledgersync.db";
    const nlohmann::json* node = root.raw("store");
    if (node == nullptr) return;
    sdk::ConfigReader store(*node, root.problems(), "/store");
    if (const nlohmann::json* sqlite = store.raw("sqlite")) {
        sdk::ConfigReader reader(*sqlite, root.problems(), "/store/sqlite");
        if (auto path = reader.optional<std::string>("path", "the database file, relative to data_dir")) {
            config.store.sqlite_path = anchored(config.data_dir, *path);
        }
        config.store.sqlite_synchronous = reader.one_of("synchronous", "full", {"full", "normal"},
                                                        "how durable each commit is");
        reader.finish();
    }
    if (const nlohmann::json* postgresql = store.raw("postgresql")) {
        sdk::ConfigReader reader(*postgresql, root.problems(), "/store/postgresql");
        config.store.engine = StoreConfig::Engine::postgresql;
        config.store.postgresql_dsn = reader.required<std::string>(
            "dsn", "a libpq connection string, e.g. \"${env:LEDGERSYNC_PG_DSN}\" holding "
                   "\"host=db.example.com dbname=ledgersync user=ledgersync password=...\"");
        if (config.store.postgresql_dsn.empty() && reader.raw("dsn") != nullptr) {
            root.problems().add("/store/postgresql/dsn", "is empty; set it to the libpq connection string of the database.");
        }
        reader.finish();
        if (store.raw("sqlite") != nullptr) {
            root.problems().add("/store", "set store.sqlite or store.postgresql, not both: the host keeps its data in one database.");
        }
    }
    store.finish();
}

void read_secrets(sdk::ConfigReader& root, HostConfig& config, const std::filesystem::path& base) {
    const nlohmann::json* node = root.raw("secrets");
    if (node == nullptr) return;
    sdk::ConfigReader secrets(*node, root.problems(), "/secrets");
    if (auto file = secrets.optional<std::string>("key_file", "the path of a 32-byte key (`ledgersync keys generate PATH`)")) {
        config.secrets.key_file = anchored(base, *file);
    }
    config.secrets.key_env = secrets.value_or<std::string>("key_env", "", "the name of an environment variable holding the key (base64)");
    if (!config.secrets.key_file.empty() && !config.secrets.key_env.empty()) {
        root.problems().add("/secrets", "set key_file or key_env, not both: the key must come from one place.");
    }
    secrets.finish();
}

void read_bus(sdk::ConfigReader& root, HostConfig& config) {
    const nlohmann::json* node = root.raw("bus");
    if (node == nullptr) return;
    sdk::ConfigReader bus(*node, root.problems(), "/bus");
    config.bus.workers = bus.integer_in("workers", config.bus.workers, 1, 64, "a number of delivery threads");
    config.bus.lease_seconds = bus.integer_in("lease_seconds", config.bus.lease_seconds, 5, 86'400, "a number of seconds");
    config.bus.idle_poll_ms = bus.integer_in("idle_poll_ms", config.bus.idle_poll_ms, 10, 60'000, "milliseconds");
    config.bus.host_id = bus.value_or<std::string>("host_id", "", "a name for this host, unique among the hosts sharing its database");
    config.bus.host_timeout_seconds = bus.integer_in("host_timeout_seconds", config.bus.host_timeout_seconds, 2, 3600,
                                                     "a number of seconds");
    if (const nlohmann::json* retry = bus.raw("retry")) {
        config.bus.retry = bus::read_retry_defaults(*retry, bus.path_of("retry"), root.problems());
    }
    bus.finish();
}

/// A duration key of `reader` ("30d"); `forever_allowed` accepts "forever" as 0 (never pruned).
std::int64_t read_duration(sdk::ConfigReader& reader, std::string_view key, std::int64_t fallback,
                           std::string_view shortest, bool forever_allowed, const std::string& meaning) {
    const std::string hint = "a duration such as \"45s\", \"10m\", \"12h\" or \"30d\"" +
                             std::string(forever_allowed ? " (or \"forever\")" : "") + ": " + meaning;
    const auto text = reader.optional<std::string>(key, hint);
    if (!text) return fallback;
    if (forever_allowed && *text == "forever") return 0;
    const auto ms = parse_duration_ms(*text);
    if (!ms) {
        reader.problems().add(reader.path_of(key), "\"" + *text + "\" is not " + hint + ".");
        return fallback;
    }
    if (*ms < parse_duration_ms(shortest).value_or(0)) {
        reader.problems().add(reader.path_of(key), "\"" + *text + "\" is too short; use at least \"" +
                                                       std::string(shortest) + "\" for " + meaning + ".");
        return fallback;
    }
    return *ms;
}

void read_retention(sdk::ConfigReader& root, HostConfig& config) {
    const nlohmann::json* node = root.raw("retention");
    if (node == nullptr) return;
    sdk::ConfigReader reader(*node, root.problems(), "/retention");
    RetentionConfig& r = config.retention;
    // Ages under an hour would prune what an operator is still looking at.
    constexpr std::string_view kShortestAge = "1h";
    r.events_ms = read_duration(reader, "events", r.events_ms, kShortestAge, true, "how long records as received are kept");
    r.done_jobs_ms = read_duration(reader, "done_jobs", r.done_jobs_ms, kShortestAge, true,
                                   "how long done and dismissed jobs are kept");
    r.timeline_ms = read_duration(reader, "timeline", r.timeline_ms, kShortestAge, true, "how long timeline entries are kept");
    r.dismissed_failures_ms = read_duration(reader, "dismissed_failures", r.dismissed_failures_ms, kShortestAge, true,
                                            "how long dismissed failures are kept");
    r.resolved_failures_ms = read_duration(reader, "resolved_failures", r.resolved_failures_ms, kShortestAge, true,
                                           "how long resolved failures are kept");
    r.activity_ms = read_duration(reader, "activity", r.activity_ms, kShortestAge, true,
                                  "how long the hourly activity counts are kept");
    r.batch = reader.integer_in("batch", r.batch, 1, 100'000, "a number of rows deleted per transaction");
    r.every_ms = read_duration(reader, "every", r.every_ms, "1s", false, "how often a pruning pass starts");
    reader.finish();
}

}  // namespace

HostConfig parse_host_config(nlohmann::json document, const std::filesystem::path& file) {
    sdk::ConfigProblems problems;
    HostConfig config;
    config.file = file;
    const std::filesystem::path base = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");

    config.resolved_secrets = SecretResolver(base).resolve(document, problems);

    sdk::ConfigReader root(document, problems);
    config.data_dir = anchored(base, root.value_or<std::string>("data_dir", "data", "a directory for the database and state"));
    if (const nlohmann::json* plugins = root.raw("plugins")) {
        sdk::ConfigReader reader(*plugins, problems, "/plugins");
        for (const auto& p : reader.value_or<std::vector<std::string>>("paths", {}, "a list of plugin directories")) {
            config.plugin_paths.push_back(anchored(base, p));
        }
        reader.finish();
    }
    if (const nlohmann::json* log = root.raw("log")) {
        sdk::ConfigReader reader(*log, problems, "/log");
        const std::string level = reader.one_of("level", "info", {"debug", "info", "warning", "error"}, "the least severe level logged");
        services::parse_log_level(level, config.log_level);
        reader.finish();
    }
    read_server(root, config, base);
    read_admin_api(root, config);
    read_connections(root, config);
    read_store(root, config);
    read_bus(root, config);
    read_retention(root, config);
    read_secrets(root, config, base);
    if (const nlohmann::json* routes = root.raw("routes")) {
        std::vector<std::string> names;
        for (const auto& [name, connection] : config.connections) names.push_back(name);
        config.routes = bus::read_routes(*routes, names, model::CanonicalSchemas::builtin(), problems, config.bus.retry);
    }
    root.finish();

    if (!problems.empty()) throw ConfigError(file.string(), std::move(problems));
    return config;
}

HostConfig load_host_config(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        sdk::ConfigProblems problems;
        problems.add("", "cannot open the file; check the path given to --config and its permissions.");
        throw ConfigError(file.string(), std::move(problems));
    }
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json document;
    try {
        document = sdk::parse_json_exact(text.str());
    } catch (const std::exception& e) {
        sdk::ConfigProblems problems;
        problems.add("", std::string("not valid JSON: ") + e.what());
        throw ConfigError(file.string(), std::move(problems));
    }
    return parse_host_config(std::move(document), file);
}

}  // namespace ledgersync::config
