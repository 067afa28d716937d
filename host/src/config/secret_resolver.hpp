#pragma once
/// Resolves secret references in a configuration: a string value written as "${env:NAME}" is
/// replaced by the environment variable NAME, "${file:PATH}" by the content of the file PATH
/// (relative to the config file, final newline removed). The whole value must be the reference.
/// A secret file obeys the rules of the secrets key file (services/secret_file.hpp: a regular
/// file others cannot read, mode 0600 or stricter) and holds at most 64 KiB.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::config {

class SecretResolver {
public:
    using EnvironmentLookup = std::function<const char*(const char*)>;

    /// `base_dir` anchors relative ${file:...} paths; `lookup` reads the environment.
    explicit SecretResolver(std::filesystem::path base_dir, EnvironmentLookup lookup = &std::getenv);

    /// Replaces every reference in `document` in place; reports each unresolvable one with its
    /// JSON path. Returns the resolved values, so that the log can mask them.
    std::vector<std::string> resolve(nlohmann::json& document, sdk::ConfigProblems& problems) const;

private:
    void resolve_node(nlohmann::json& node, const std::string& path, sdk::ConfigProblems& problems,
                      std::vector<std::string>& secrets) const;

    std::filesystem::path base_dir_;
    EnvironmentLookup lookup_;
};

}  // namespace ledgersync::config
