#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/model/record_validation.hpp>
#include <ledgersync/sdk/outcome.hpp>

#include "app/route_set.hpp"
#include "bus/mapper_chain.hpp"
#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "plugin/mapper_instance.hpp"
#include "plugin/plugin_config_error.hpp"
#include "plugin/plugin_loader.hpp"
#include "plugin/plugin_search_path.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kMapUsage = R"(usage: ledgersync map --plugin ID --config MAPPER_CONFIG.json --input RECORDS.jsonl [--plugin-dir DIR]... [--output FILE]
       ledgersync map --route NAME --config HOST_CONFIG.json --input RECORDS.jsonl [--output FILE]

Runs one mapper plugin (given its own config: the object a route's via[].config holds), or a
route's whole mapper chain (via) as the host config defines it, over the records of a JSONL
file (one record envelope per line), offline: nothing is read from or written to any system or
store. Prints each output record as one JSON line (to --output, default standard output), every
record that failed with its line, reason and fix on standard error, and a summary. Output
records are checked against the canonical schemas, as the host checks them.
Exit codes: 0 every record mapped, 6 one or more records failed, 3 invalid config, 4 plugin
refused, 5 unknown plugin or route, 1 unreadable input.)";

/// Why the command cannot run: its exit code and message.
struct Refusal {
    int exit_code;
    std::string message;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Refusal{kExitFailure, "cannot read " + path};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The chain of one mapper plugin given its own config file.
bus::MapperChain single_mapper_chain(const std::string& id, const std::string& config_file,
                                     const std::vector<std::filesystem::path>& plugin_dirs,
                                     const plugin::PluginServices& services) {
    nlohmann::json config;
    try {
        config = sdk::parse_json_exact(read_file(config_file));
    } catch (const std::invalid_argument& e) {
        throw Refusal{kExitConfigInvalid, config_file + ": not valid JSON: " + e.what()};
    } catch (const nlohmann::json::exception& e) {
        throw Refusal{kExitConfigInvalid, config_file + ": not valid JSON: " + e.what()};
    }
    const auto catalog = plugin::PluginCatalog::discover(plugin::plugin_search_path(plugin_dirs));
    if (auto missing = catalog.why_missing(id, plugin::PluginKind::mapper)) throw Refusal{kExitNotFound, *missing};
    try {
        std::vector<std::unique_ptr<plugin::MapperInstance>> steps;
        steps.push_back(plugin::MapperInstance::create(plugin::PluginLoader::load(*catalog.find(id)), "map " + id,
                                                       config, "", services));
        return bus::MapperChain(std::move(steps));
    } catch (const plugin::PluginConfigError& e) {
        std::string message = config_file + ": " + id + " refused its config:";
        for (const auto& p : e.problems()) message += "\n  " + p.path + ": " + p.message;
        throw Refusal{kExitConfigInvalid, message};
    } catch (const plugin::PluginError& e) {
        throw Refusal{kExitPluginRefused, e.what()};
    }
}

/// The mapper chain of route `name` in a host config.
bus::MapperChain route_chain(const std::string& name, const std::string& config_file,
                             const plugin::PluginServices& services) {
    config::HostConfig config;
    try {
        config = config::load_host_config(config_file);
    } catch (const config::ConfigError& e) {
        throw Refusal{kExitConfigInvalid, e.what()};
    }
    const auto catalog = plugin::PluginCatalog::discover(plugin::plugin_search_path(config.plugin_paths));
    auto routes = app::RouteSet::open(config, catalog, services);
    std::string problems;
    for (const auto& p : routes.problems()) {
        if (p.route == name) problems += "\n  " + p.path + ": " + p.message;
    }
    if (!problems.empty()) throw Refusal{kExitConfigInvalid, config_file + ": route '" + name + "' cannot run:" + problems};
    for (auto& route : routes.routes()) {
        if (route.config.name == name) return std::move(route.chain);
    }
    std::string known;
    for (const auto& route : config.routes) known += (known.empty() ? "" : ", ") + route.name;
    throw Refusal{kExitNotFound, config_file + " has no route '" + name + "'" +
                                     (known.empty() ? std::string(" (it has none)") : "; its routes: " + known)};
}

/// Maps every record of `input`; returns how many failed.
std::size_t map_records(const bus::MapperChain& chain, std::istream& input, const std::string& input_name,
                        std::ostream& records_out, std::ostream& err, const services::Logger& logger) {
    std::size_t read = 0, written = 0, failed = 0;
    std::string line;
    for (std::size_t number = 1; std::getline(input, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        ++read;
        const std::string where = input_name + ":" + std::to_string(number);
        auto report = [&](const std::string& what, const std::string& reason, const std::string& fix) {
            ++failed;
            err << where << ": " << what << ": " << logger.redact(reason) << "\n";
            if (!fix.empty()) err << "  fix: " << logger.redact(fix) << "\n";
        };
        nlohmann::json record;
        try {
            record = sdk::parse_json_exact(line);
        } catch (const std::exception& e) {
            report("not JSON", e.what(), "write one record envelope per line (docs/sdk.md, \"Wire format\")");
            continue;
        }
        if (const auto problems = sdk::model::validate_record_json(record); !problems.empty()) {
            report("not a valid record", problems.to_string(), "fix the input record (docs/model.md)");
            continue;
        }
        const std::string key = record["identity"].value("connection", "") + "/" + record["identity"].value("type", "") +
                                "/" + record["identity"].value("id", "");
        try {
            const auto outputs = chain.map(line);
            std::optional<std::string> broken;
            for (std::size_t i = 0; i < outputs.size() && !broken; ++i) {
                const auto problems = sdk::model::validate_record_json(sdk::parse_json_exact(outputs[i].text));
                if (!problems.empty()) broken = "output record " + std::to_string(i) + " breaks the canonical schemas:\n" + problems.to_string();
            }
            if (broken) {
                report(key + ": fatal", *broken, "fix the mapper so that every record it returns is valid");
                continue;
            }
            for (const auto& output : outputs) records_out << output.text << "\n";
            written += outputs.size();
        } catch (const sdk::Error& e) {
            report(key + ": " + std::string(sdk::to_string(e.outcome().kind)), e.outcome().reason, e.outcome().fix_hint);
        }
    }
    err << "map: " << read << (read == 1 ? " record" : " records") << " read, " << written << " written, " << failed
        << " failed\n";
    return failed;
}

}  // namespace

int map_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("map options");
    options.add_options()
        ("plugin", po::value<std::string>(), "the mapper plugin to run (with --config MAPPER_CONFIG.json)")
        ("route", po::value<std::string>(), "run this route's mapper chain (with --config HOST_CONFIG.json)")
        ("config,c", po::value<std::string>()->required(), "the mapper's config, or the host config with --route")
        ("input,i", po::value<std::string>()->required(), "records, one JSON envelope per line; - for standard input")
        ("output,o", po::value<std::string>()->default_value("-"), "where output records go; - for standard output")
        ("plugin-dir", po::value<std::vector<std::string>>()->composing(), "a directory to search, repeatable (with --plugin)");
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kMapUsage, options, {}, out, err, exit_code);
    if (!vm) return exit_code;
    if ((vm->count("plugin") == 0) == (vm->count("route") == 0)) {
        err << "ledgersync: map needs exactly one of --plugin ID and --route NAME\n\n" << kMapUsage << "\n";
        return kExitUsage;
    }

    services::Logger logger(err, services::LogLevel::warning);
    services::MetricsRegistry metrics;
    services::SystemClock clock;
    plugin::PluginServices services;
    services.logger = &logger;
    services.metrics = &metrics;
    services.clock = &clock;
    try {
        const std::string config_file = (*vm)["config"].as<std::string>();
        std::optional<bus::MapperChain> chain;
        if (vm->count("plugin") != 0) {
            std::vector<std::filesystem::path> dirs;
            if (vm->count("plugin-dir") != 0) {
                for (const auto& d : (*vm)["plugin-dir"].as<std::vector<std::string>>()) dirs.emplace_back(d);
            }
            chain.emplace(single_mapper_chain((*vm)["plugin"].as<std::string>(), config_file, dirs, services));
        } else {
            chain.emplace(route_chain((*vm)["route"].as<std::string>(), config_file, services));
        }

        const std::string input_name = (*vm)["input"].as<std::string>();
        std::ifstream input_file;
        if (input_name != "-") {
            input_file.open(input_name);
            if (!input_file) throw Refusal{kExitFailure, "cannot read " + input_name};
        }
        const std::string output_name = (*vm)["output"].as<std::string>();
        std::ofstream output_file;
        if (output_name != "-") {
            output_file.open(output_name, std::ios::trunc);
            if (!output_file) throw Refusal{kExitFailure, "cannot write " + output_name};
        }
        const std::size_t failed = map_records(*chain, input_name == "-" ? std::cin : input_file, input_name,
                                               output_name == "-" ? out : output_file, err, logger);
        return failed == 0 ? kExitOk : kExitRecordsFailed;
    } catch (const Refusal& refusal) {
        err << "ledgersync: " << refusal.message << "\n";
        return refusal.exit_code;
    }
}

}  // namespace ledgersync::cli
