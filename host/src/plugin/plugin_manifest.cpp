#include "plugin/plugin_manifest.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <ledgersync/sdk/config_reader.hpp>

#include "plugin/plugin_error.hpp"

namespace ledgersync::plugin {

std::string to_string(PluginKind kind) { return kind == PluginKind::connector ? "connector" : "mapper"; }

std::vector<RateBudget> read_rate_budgets(const nlohmann::json& budgets, const std::string& path,
                                          sdk::ConfigProblems& problems) {
    std::vector<RateBudget> result;
    sdk::ConfigReader all(budgets, problems, path);
    if (!budgets.is_object()) return result;
    for (const auto& [name, value] : budgets.items()) {
        sdk::ConfigReader budget(value, problems, all.path_of(name));
        RateBudget b;
        b.name = name;
        b.requests = budget.integer_in("requests", 0, 0, 10'000'000, "a request count");
        b.window_seconds = budget.integer_in("per_seconds", 0, 0, 86'400, "a window length in seconds");
        b.concurrency = budget.integer_in("concurrency", 0, 0, 10'000, "a number of requests in flight");
        b.also_spends = budget.optional<std::vector<std::string>>(
            "also_spends", "the names of the budgets every request on this one spends as well, e.g. [\"daily\"]");
        budget.finish();
        result.push_back(b);
        all.allow(name);
    }
    return result;
}

std::vector<RateBudget> override_rate_budgets(std::vector<RateBudget> declared,
                                              const std::vector<RateBudget>& overrides) {
    for (const auto& override : overrides) {
        const auto same = std::find_if(declared.begin(), declared.end(),
                                       [&](const RateBudget& budget) { return budget.name == override.name; });
        if (same == declared.end()) {
            declared.push_back(override);
            continue;
        }
        auto also_spends = override.also_spends ? override.also_spends : same->also_spends;
        *same = override;
        same->also_spends = std::move(also_spends);
    }
    return declared;
}

PluginManifest PluginManifest::load(const std::filesystem::path& manifest_path) {
    const std::string file = manifest_path.string();
    std::ifstream in(manifest_path);
    if (!in) throw PluginError(file, "cannot read the manifest file");
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::exception& e) {
        throw PluginError(file, std::string("manifest is not valid JSON: ") + e.what());
    }

    PluginManifest m;
    m.manifest_path = manifest_path;
    const std::string name = manifest_path.filename().string();
    const std::string stem = name.substr(0, name.size() - std::string(kManifestSuffix).size());
    m.library_path = manifest_path.parent_path() / (stem + ".so");

    sdk::ConfigProblems problems;
    sdk::ConfigReader reader(json, problems);
    m.id = reader.required<std::string>("id", "the plugin id, [a-z][a-z0-9_]*");
    const std::string kind = reader.one_of("kind", "", {"connector", "mapper"}, "the plugin kind");
    if (kind.empty() && problems.empty()) problems.add("/kind", "required key is missing; set it to \"connector\" or \"mapper\".");
    m.kind = kind == "mapper" ? PluginKind::mapper : PluginKind::connector;
    m.version = reader.required<std::string>("version", "the plugin's semantic version, e.g. \"1.0.0\"");
    const std::string abi = reader.required<std::string>("abi", "the ABI it was built for, e.g. \"1.1\"");
    m.description = reader.value_or<std::string>("description", "", "one sentence saying what the plugin does");
    if (const nlohmann::json* schema = reader.raw("config_schema")) m.config_schema = *schema;
    if (const nlohmann::json* caps = reader.raw("capabilities")) {
        sdk::ConfigReader capabilities(*caps, problems, "/capabilities");
        m.streams = capabilities.value_or<std::vector<std::string>>("streams", {}, "the streams read() serves");
        m.writes = capabilities.value_or<std::vector<std::string>>("writes", {}, "the canonical types write() accepts");
        m.webhooks = capabilities.value_or<bool>("webhooks", false, "whether webhook() is implemented");
        m.webhook_auth = capabilities.one_of("webhook_auth", "none", {"none", "signature"},
                                             "how webhook() authenticates a delivery");
        m.documents = capabilities.value_or<std::vector<std::string>>("documents", {}, "the documents fetch() serves");
        m.batch_size = capabilities.integer_in("batch_size", 1, 1, 1000, "the most records one write() accepts");
        m.write_linger_ms = capabilities.integer_in("write_linger_ms", 0, 0, 10'000,
                                                    "how long due writes that would not fill a batch may wait for more, in ms");
        if (const nlohmann::json* budgets = capabilities.raw("rate_limits")) {
            m.rate_budgets = read_rate_budgets(*budgets, capabilities.path_of("rate_limits"), problems);
        }
        capabilities.finish();
    }
    reader.finish();

    if (!m.id.empty() && !std::regex_match(m.id, std::regex("[a-z][a-z0-9_]*"))) {
        problems.add("/id", "\"" + m.id + "\" is not a valid plugin id; use lower-case letters, digits and '_'.");
    }
    if (!abi.empty()) {
        std::smatch match;
        if (!std::regex_match(abi, match, std::regex("([0-9]+)\\.([0-9]+)"))) {
            problems.add("/abi", "\"" + abi + "\" is not an ABI version; write it as MAJOR.MINOR, e.g. \"1.1\".");
        } else {
            m.abi_major = static_cast<std::uint16_t>(std::stoul(match[1]));
            m.abi_minor = static_cast<std::uint16_t>(std::stoul(match[2]));
        }
    }
    if (!problems.empty()) throw PluginError(file, "invalid manifest: " + problems.to_string());
    return m;
}

}  // namespace ledgersync::plugin
