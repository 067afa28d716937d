#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "plugin/plugin_catalog.hpp"
#include "plugin/plugin_loader.hpp"
#include "plugin/plugin_search_path.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kPluginsUsage = R"(usage: ledgersync plugins list [--plugin-dir DIR]... [--config FILE] [--json]
       ledgersync plugins inspect NAME [--plugin-dir DIR]... [--config FILE] [--json]

`list` reads the manifests only: no plugin code runs. `inspect` loads one plugin's library,
checks it against the host's ABI and its manifest, and shows what it offers.
Plugins are searched in --plugin-dir, the config's plugins.paths, $LEDGERSYNC_PLUGIN_PATH and
the installed plugin directory, in that order.)";

nlohmann::json manifest_json(const plugin::PluginManifest& m) {
    return {{"id", m.id},           {"kind", plugin::to_string(m.kind)},
            {"version", m.version}, {"abi", m.abi_string()},
            {"description", m.description}, {"path", m.library_path.string()}};
}

int list(const plugin::PluginCatalog& catalog, bool json, std::ostream& out, std::ostream& err) {
    if (json) {
        nlohmann::json plugins = nlohmann::json::array();
        for (const auto& m : catalog.plugins()) plugins.push_back(manifest_json(m));
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& p : catalog.problems()) problems.push_back({{"file", p.file()}, {"reason", p.reason()}});
        out << nlohmann::json{{"plugins", plugins}, {"problems", problems}}.dump(2) << "\n";
        return kExitOk;
    }
    out << std::left << std::setw(22) << "ID" << std::setw(11) << "KIND" << std::setw(10) << "VERSION" << std::setw(6)
        << "ABI" << "PATH\n";
    for (const auto& m : catalog.plugins()) {
        out << std::left << std::setw(22) << m.id << std::setw(11) << plugin::to_string(m.kind) << std::setw(10)
            << m.version << std::setw(6) << m.abi_string() << m.library_path.string() << "\n";
    }
    for (const auto& p : catalog.problems()) err << "warning: " << p.what() << "\n";
    return kExitOk;
}

int inspect(const plugin::PluginCatalog& catalog, const std::string& name, bool json, std::ostream& out,
            std::ostream& err) {
    const auto manifest = catalog.find(name);
    if (!manifest) {
        err << "ledgersync: no plugin '" << name << "' found; run `ledgersync plugins list` to see what is installed\n";
        return kExitNotFound;
    }
    plugin::LoadedPluginPtr loaded;
    try {
        loaded = plugin::PluginLoader::load(*manifest);
    } catch (const plugin::PluginError& e) {
        err << "ledgersync: plugin refused: " << e.what() << "\n";
        return kExitPluginRefused;
    }
    nlohmann::json functions = nlohmann::json::array();
    if (manifest->kind == plugin::PluginKind::connector) {
        const auto& v = loaded->connector();
        for (auto [fn, present] : {std::pair{"check", v.check != nullptr}, std::pair{"read", v.read != nullptr},
                                   std::pair{"webhook", v.webhook != nullptr}, std::pair{"write", v.write != nullptr},
                                   std::pair{"fetch", v.fetch != nullptr}}) {
            if (present) functions.push_back(fn);
        }
    } else {
        functions.push_back("map");
    }
    nlohmann::json info = manifest_json(*manifest);
    info["loaded_abi"] = std::to_string(loaded->abi_major()) + "." + std::to_string(loaded->abi_minor());
    info["sdk_version"] = loaded->sdk_version();
    info["functions"] = functions;
    info["capabilities"] = {{"streams", manifest->streams}, {"writes", manifest->writes},
                            {"webhooks", manifest->webhooks}, {"documents", manifest->documents},
                            {"batch_size", manifest->batch_size}};
    if (!manifest->config_schema.is_null()) info["config_schema"] = manifest->config_schema;
    if (json) {
        out << info.dump(2) << "\n";
        return kExitOk;
    }
    out << "id:           " << manifest->id << "\n"
        << "kind:         " << plugin::to_string(manifest->kind) << "\n"
        << "version:      " << manifest->version << "\n"
        << "abi:          " << info["loaded_abi"].get<std::string>() << " (host speaks " << LS_ABI_MAJOR << "."
        << LS_ABI_MINOR << ")\n"
        << "sdk:          " << (loaded->sdk_version().empty() ? "(not reported)" : loaded->sdk_version()) << "\n"
        << "library:      " << manifest->library_path.string() << "\n"
        << "manifest:     " << manifest->manifest_path.string() << "\n"
        << "description:  " << manifest->description << "\n"
        << "functions:    ";
    for (const auto& f : functions) out << f.get<std::string>() << " ";
    out << "\ncapabilities: " << info["capabilities"].dump() << "\n";
    if (!manifest->config_schema.is_null()) out << "config schema:\n" << manifest->config_schema.dump(2) << "\n";
    return kExitOk;
}

}  // namespace

int plugins_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("plugins options");
    options.add_options()
        ("action", po::value<std::string>()->required(), "list | inspect")
        ("name", po::value<std::string>(), "plugin id (inspect)")
        ("plugin-dir", po::value<std::vector<std::string>>()->composing(), "a directory to search, repeatable")
        ("config,c", po::value<std::string>(), "take plugin directories from this configuration file")
        ("json", po::bool_switch(), "print JSON");
    po::positional_options_description positional;
    positional.add("action", 1).add("name", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kPluginsUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;

    std::vector<std::filesystem::path> dirs;
    if (vm->count("plugin-dir") != 0) {
        for (const auto& d : (*vm)["plugin-dir"].as<std::vector<std::string>>()) dirs.emplace_back(d);
    }
    if (vm->count("config") != 0) {
        try {
            const auto config = config::load_host_config((*vm)["config"].as<std::string>());
            dirs.insert(dirs.end(), config.plugin_paths.begin(), config.plugin_paths.end());
        } catch (const config::ConfigError& e) {
            err << "ledgersync: invalid configuration\n" << e.what() << "\n";
            return kExitConfigInvalid;
        }
    }
    const auto catalog = plugin::PluginCatalog::discover(plugin::plugin_search_path(dirs));
    const std::string action = (*vm)["action"].as<std::string>();
    const bool json = (*vm)["json"].as<bool>();
    if (action == "list") return list(catalog, json, out, err);
    if (action == "inspect") {
        if (vm->count("name") == 0) {
            err << "ledgersync: plugins inspect needs a plugin id\n\n" << kPluginsUsage << "\n";
            return kExitUsage;
        }
        return inspect(catalog, (*vm)["name"].as<std::string>(), json, out, err);
    }
    err << "ledgersync: unknown plugins action '" << action << "'\n\n" << kPluginsUsage << "\n";
    return kExitUsage;
}

}  // namespace ledgersync::cli
