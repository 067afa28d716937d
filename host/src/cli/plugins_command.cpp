#include <iomanip>
#include <iostream>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "plugin/abi_compatibility.hpp"
#include "plugin/plugin_catalog.hpp"
#include "plugin/plugin_loader.hpp"
#include "plugin/plugin_search_path.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kPluginsUsage = R"(usage: ledgersync plugins list [--plugin-dir DIR]... [--config FILE] [--json]
       ledgersync plugins inspect NAME [--plugin-dir DIR]... [--config FILE] [--json]

`list` reads the manifests only: no plugin code runs. It marks every plugin this host cannot
load (another ABI major, a newer minor, an unreadable manifest) with the reason, and prints the
directories it searched. `inspect` loads one plugin's library, checks it against the host's ABI
and its manifest, and shows what it offers.
Plugins are searched in --plugin-dir, the config's plugins.paths, $LEDGERSYNC_PLUGIN_PATH and
the installed plugin directory (<prefix>/lib/ledgersync/plugins beside this executable's
<prefix>/bin), in that order.)";

nlohmann::json manifest_json(const plugin::PluginManifest& m) {
    return {{"id", m.id},           {"kind", plugin::to_string(m.kind)},
            {"version", m.version}, {"abi", m.abi_string()},
            {"description", m.description}, {"path", m.library_path.string()}};
}

/// One row of `plugins list`: a discovered plugin, usable or not, or a manifest that could not
/// be read (then only its file is known).
struct ListedPlugin {
    std::string id, kind, version, abi, path;
    std::optional<std::string> refusal;
};

std::vector<ListedPlugin> listed_plugins(const plugin::PluginCatalog& catalog) {
    std::vector<ListedPlugin> rows;
    for (const auto& m : catalog.plugins()) {
        rows.push_back({m.id, plugin::to_string(m.kind), m.version, m.abi_string(), m.library_path.string(),
                        plugin::abi_refusal(m.abi_major, m.abi_minor)});
    }
    for (const auto& problem : catalog.problems()) {
        const std::filesystem::path file(problem.file());
        const std::string name = file.filename().string();
        const std::string suffix = plugin::kManifestSuffix;
        if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
            continue;  // a directory problem, shown with the searched directories
        }
        rows.push_back({name.substr(0, name.size() - suffix.size()), "-", "-", "-", problem.file(), problem.reason()});
    }
    return rows;
}

int list(const plugin::PluginCatalog& catalog, bool json, std::ostream& out) {
    const auto rows = listed_plugins(catalog);
    if (json) {
        nlohmann::json searched = nlohmann::json::array();
        for (const auto& d : catalog.searched()) searched.push_back({{"path", d.path.string()}, {"present", d.present}});
        nlohmann::json plugins = nlohmann::json::array();
        for (const auto& m : catalog.plugins()) {
            nlohmann::json entry = manifest_json(m);
            const auto refusal = plugin::abi_refusal(m.abi_major, m.abi_minor);
            entry["usable"] = !refusal.has_value();
            if (refusal) entry["refusal"] = *refusal;
            plugins.push_back(std::move(entry));
        }
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& p : catalog.problems()) problems.push_back({{"file", p.file()}, {"reason", p.reason()}});
        out << nlohmann::json{{"searched", searched}, {"plugins", plugins}, {"problems", problems}}.dump(2) << "\n";
        return kExitOk;
    }
    out << std::left << std::setw(22) << "ID" << std::setw(11) << "KIND" << std::setw(10) << "VERSION" << std::setw(6)
        << "ABI" << std::setw(9) << "STATUS" << "PATH\n";
    for (const auto& row : rows) {
        out << std::left << std::setw(22) << row.id << std::setw(11) << row.kind << std::setw(10) << row.version
            << std::setw(6) << row.abi << std::setw(9) << (row.refusal ? "refused" : "ok") << row.path << "\n";
    }
    bool first = true;
    for (const auto& row : rows) {
        if (!row.refusal) continue;
        out << (first ? "\nrefused, the host cannot load these:\n" : "") << "  " << row.id << ": " << *row.refusal << "\n";
        first = false;
    }
    out << "\nsearched, in order:\n";
    if (catalog.searched().empty()) out << "  (no plugin directory: pass --plugin-dir or set plugins.paths)\n";
    for (const auto& d : catalog.searched()) out << "  " << d.path.string() << (d.present ? "" : "  (does not exist)") << "\n";
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
    if (manifest->kind == plugin::PluginKind::connector) {
        info["capabilities"] = {{"streams", manifest->streams}, {"writes", manifest->writes},
                                {"webhooks", manifest->webhooks}, {"documents", manifest->documents},
                                {"batch_size", manifest->batch_size}};
    }
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
    out << "\n";
    if (info.contains("capabilities")) out << "capabilities: " << info["capabilities"].dump() << "\n";
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
    if (action == "list") return list(catalog, json, out);
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
