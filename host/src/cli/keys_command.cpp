#include <iostream>

#include <nlohmann/json.hpp>

#include "api/admin/admin_tokens.hpp"
#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "services/secret_box.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kKeysUsage = R"(usage: ledgersync keys generate FILE
       ledgersync keys token NAME [--scope read|admin]

generate: writes a new random 256-bit key (base64) to FILE with mode 0600, for secrets.key_file:
the key that encrypts tokens and other secrets at rest. It refuses to overwrite an existing file,
since secrets encrypted with the old key would become unreadable. Keep a backup of the key:
without it the stored tokens are lost and every connection must be reconnected.

token: makes a new bearer token for the admin API (/api/v1) and prints it once, with the entry
to add to admin_api.tokens in the configuration, which keeps only its SHA-256. Scope read (the
default) may only read; admin may also retry and dismiss failures, disable and enable routes and
reconnect connections.)";

int token(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
    const std::string scope = vm["scope"].as<std::string>();
    if (scope != "read" && scope != "admin") {
        err << "ledgersync: --scope must be read or admin\n";
        return kExitUsage;
    }
    const std::string name = vm["file"].as<std::string>();
    const std::string secret = api::admin::AdminTokens::generate();
    const nlohmann::json entry = {{"name", name}, {"sha256", api::admin::AdminTokens::hash(secret)}, {"scope", scope}};
    out << "token (shown once; give it to its holder, who sends it as 'Authorization: Bearer TOKEN'):\n  " << secret
        << "\nadd to admin_api.tokens in the configuration, then restart the host:\n  " << entry.dump() << "\n";
    return kExitOk;
}

}  // namespace

int keys_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("keys options");
    options.add_options()
        ("action", po::value<std::string>()->required(), "generate")
        ("file", po::value<std::string>(), "generate: where to write the key; token: the token's name")
        ("scope", po::value<std::string>()->default_value("read"), "token: read or admin");
    po::positional_options_description positional;
    positional.add("action", 1).add("file", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kKeysUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;
    if ((*vm)["action"].as<std::string>() == "token" && vm->count("file") != 0) return token(*vm, out, err);
    if ((*vm)["action"].as<std::string>() != "generate" || vm->count("file") == 0) {
        err << kKeysUsage << "\n";
        return kExitUsage;
    }
    const std::string file = (*vm)["file"].as<std::string>();
    try {
        services::SecretBox::generate_key_file(file);
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        return kExitFailure;
    }
    out << "wrote a new key to " << file << " (mode 0600); set secrets.key_file to it and back it up\n";
    return kExitOk;
}

}  // namespace ledgersync::cli
