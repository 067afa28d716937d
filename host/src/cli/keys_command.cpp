#include <iostream>

#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "services/secret_box.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kKeysUsage = R"(usage: ledgersync keys generate FILE

Writes a new random 256-bit key (base64) to FILE with mode 0600, for secrets.key_file: the key
that encrypts tokens and other secrets at rest. It refuses to overwrite an existing file, since
secrets encrypted with the old key would become unreadable. Keep a backup of the key: without
it the stored tokens are lost and every connection must be reconnected.)";

}  // namespace

int keys_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("keys options");
    options.add_options()
        ("action", po::value<std::string>()->required(), "generate")
        ("file", po::value<std::string>(), "where to write the key");
    po::positional_options_description positional;
    positional.add("action", 1).add("file", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kKeysUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;
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
