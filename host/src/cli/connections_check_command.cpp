#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/connection_checks.hpp"
#include "cli/command.hpp"
#include "cli/command_connections.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "cli/store_access.hpp"
#include "plugin/plugin_search_path.hpp"
#include "store/store_factory.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kCheckUsage = R"(usage: ledgersync connections check [NAME ...] [--config FILE]
       (default config /etc/ledgersync/ledgersync.json)

Opens each named connection (default: every connection of the configuration) as the host runs
it, with its stored tokens, and runs its connector's check: the credentials, that the API
answers and, for HubSpot, the scopes the routes need. Prints one block per connection,
"NAME (plugin ID): ok" or "NAME (plugin ID): FAILED", with the details indented.
Exit 0 when every check passed, 1 when one failed, 5 for an unknown connection name.)";

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text.empty() ? "none" : text;
}

/// `text` with every line indented under its connection's heading.
std::string indented(const std::string& text) {
    std::string lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines += "  " + line + "\n";
    return lines;
}

}  // namespace

int connections_check_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("connections check options");
    options.add_options()
        ("names", po::value<std::vector<std::string>>()->multitoken(), "connections to check (default: all)")
        ("config,c", po::value<std::string>()->default_value(kDefaultConfigFile), "configuration file");
    po::positional_options_description positional;
    positional.add("names", -1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kCheckUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;
    const auto config = read_config((*vm)["config"].as<std::string>(), err, exit_code);
    if (!config) return exit_code;

    std::vector<std::string> configured;
    for (const auto& [name, connection] : config->connections) configured.push_back(name);
    std::vector<std::string> names;
    if (vm->count("names") != 0) {
        for (const auto& name : (*vm)["names"].as<std::vector<std::string>>()) {
            if (config->connections.count(name) == 0) {
                err << "ledgersync: no connection named '" << name << "' is configured; configured connections: "
                    << joined(configured) << "\n";
                return kExitNotFound;
            }
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
    } else {
        names = configured;
    }
    if (names.empty()) {
        out << "no connections are configured\n";
        return kExitOk;
    }

    // The store holds the connections' tokens (OAuth refresh tokens rotate there).
    std::unique_ptr<store::Store> store;
    std::unique_ptr<CommandConnections> connections;
    const auto catalog = plugin::PluginCatalog::discover(plugin::plugin_search_path(config->plugin_paths));
    try {
        store = store::open_configured_store(config->store);
        connections = std::make_unique<CommandConnections>(*config, catalog, *store, err);
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        return kExitFailure;
    }

    int failed = 0;
    for (const auto& name : names) {
        bool ok = false;
        std::string details;
        if (plugin::ConnectorInstance* connector = connections->open(name)) {
            const sdk::CheckResult result = app::ConnectionChecks::run(*connector);
            ok = result.ok;
            details = result.details;
        } else {
            for (const auto& p : connections->problems(name)) details += p.path + ": " + p.message + "\n";
        }
        out << name << " (plugin " << config->connections.at(name).plugin << "): " << (ok ? "ok" : "FAILED") << "\n"
            << indented(connections->redact(details));
        if (!ok) ++failed;
    }
    out.flush();
    if (failed != 0) {
        err << "ledgersync: " << failed << " of " << names.size() << " connection(s) failed the check\n";
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace ledgersync::cli
