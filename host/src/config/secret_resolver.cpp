#include "config/secret_resolver.hpp"

#include <regex>

#include "services/secret_file.hpp"

namespace ledgersync::config {

namespace {

// A certificate's private key or a service account's JSON fits; more is not a secret.
constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

const std::regex& reference_pattern() {
    static const std::regex pattern(R"(\$\{(env|file):([^}]+)\})");
    return pattern;
}

}  // namespace

SecretResolver::SecretResolver(std::filesystem::path base_dir, EnvironmentLookup lookup)
    : base_dir_(std::move(base_dir)), lookup_(std::move(lookup)) {}

std::vector<std::string> SecretResolver::resolve(nlohmann::json& document, sdk::ConfigProblems& problems) const {
    std::vector<std::string> secrets;
    resolve_node(document, "", problems, secrets);
    return secrets;
}

void SecretResolver::resolve_node(nlohmann::json& node, const std::string& path, sdk::ConfigProblems& problems,
                                  std::vector<std::string>& secrets) const {
    if (node.is_object()) {
        for (auto& [key, value] : node.items()) resolve_node(value, path + "/" + sdk::detail::pointer_token(key), problems, secrets);
        return;
    }
    if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) resolve_node(node[i], path + "/" + std::to_string(i), problems, secrets);
        return;
    }
    if (!node.is_string()) return;
    const std::string text = node.get<std::string>();
    if (text.find("${") == std::string::npos) return;

    std::smatch match;
    if (!std::regex_match(text, match, reference_pattern())) {
        problems.add(path, "\"" + text + "\" looks like a secret reference but is not one; write the whole value as "
                           "\"${env:NAME}\" or \"${file:/path/to/file}\".");
        return;
    }
    const std::string source = match[1];
    const std::string name = match[2];
    if (source == "env") {
        const char* value = lookup_(name.c_str());
        if (value == nullptr) {
            problems.add(path, "environment variable " + name + " is not set; export " + name +
                               " before starting ledgersync, or use ${file:...}.");
            return;
        }
        node = std::string(value);
    } else {
        std::filesystem::path file(name);
        if (file.is_relative()) file = base_dir_ / file;
        std::string value;
        try {
            value = services::read_secret_file(file, "secret file " + file.string(), kMaxSecretFileBytes);
        } catch (const services::SecretFileError& e) {
            const bool missing = e.problem() == services::SecretFileError::Problem::missing;
            problems.add(path, std::string(e.what()) +
                                   (missing ? "; create it (readable by the ledgersync user only, mode 0600) or fix the path."
                                            : "."));
            return;
        }
        while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
        node = value;
    }
    secrets.push_back(node.get<std::string>());
}

}  // namespace ledgersync::config
