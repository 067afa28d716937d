#include <iostream>

#include "app/connection_set.hpp"
#include "app/route_set.hpp"
#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "plugin/plugin_search_path.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kConfigUsage = R"(usage: ledgersync config check FILE

Validates FILE: its keys (unknown keys are errors), its secret references, each enabled
connection's connector plugin and each route's mapper plugins (via), which are loaded and given
their settings exactly as `run` would (no network calls are made). Prints every problem with its
JSON path; exits 0 when there is none, 3 otherwise.)";

int check(const std::string& file, std::ostream& out, std::ostream& err) {
    config::HostConfig config;
    try {
        config = config::load_host_config(file);
    } catch (const config::ConfigError& e) {
        err << e.what() << "\n";
        return kExitConfigInvalid;
    }
    std::ostringstream plugin_log;
    services::Logger logger(plugin_log, services::LogLevel::warning);
    for (const auto& secret : config.resolved_secrets) logger.add_secret(secret);
    services::MetricsRegistry metrics;
    services::SystemClock clock;
    plugin::PluginServices services;
    services.logger = &logger;
    services.metrics = &metrics;
    services.clock = &clock;

    const auto catalog = plugin::PluginCatalog::discover(plugin::plugin_search_path(config.plugin_paths));
    const auto connections = app::ConnectionSet::open(config, catalog, services);
    const auto routes = app::RouteSet::open(config, catalog, services);
    std::vector<std::pair<std::string, std::string>> problems;  // (path, message)
    for (const auto& p : connections.problems()) problems.emplace_back(p.path, p.message);
    for (const auto& p : routes.problems()) problems.emplace_back(p.path, p.message);
    if (!problems.empty()) {
        err << file << ": " << problems.size() << (problems.size() == 1 ? " problem" : " problems") << "\n";
        for (const auto& [path, message] : problems) err << "  " << path << ": " << logger.redact(message) << "\n";
        return kExitConfigInvalid;
    }
    out << file << ": ok (" << config.connections.size() << " connection(s), " << config.routes.size()
        << " route(s), " << catalog.plugins().size() << " plugin(s) found)\n";
    for (const auto& w : connections.warnings()) out << "  warning: " << w.path << ": " << w.message << "\n";
    return kExitOk;
}

}  // namespace

int config_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("config options");
    options.add_options()
        ("action", po::value<std::string>()->required(), "check")
        ("file", po::value<std::string>(), "configuration file");
    po::positional_options_description positional;
    positional.add("action", 1).add("file", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kConfigUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;
    const std::string action = (*vm)["action"].as<std::string>();
    if (action != "check" || vm->count("file") == 0) {
        err << "ledgersync: expected `config check FILE`\n\n" << kConfigUsage << "\n";
        return kExitUsage;
    }
    return check((*vm)["file"].as<std::string>(), out, err);
}

}  // namespace ledgersync::cli
