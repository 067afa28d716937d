#include <iostream>

#include "bus/operator_actions.hpp"
#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "cli/store_access.hpp"

namespace ledgersync::cli {

namespace {

// `connections` and `routes` share their verbs: list what is paused, resume one.
int pause_command(const std::string& kind, const Arguments& args, std::ostream& out, std::ostream& err) {
    const std::string usage = "usage: ledgersync " + kind + "s paused [--config FILE]\n"
                              "       ledgersync " + kind + "s resume NAME [--config FILE]\n" +
                              (kind == "connection" ? "       ledgersync connections check [NAME ...] [--config FILE]\n\n"
                                                    : "\n") +
                              (kind == "connection"
                                   ? "A connection is paused when its credentials are rejected (auth errors); fix them, then resume.\n"
                                     "check opens connections and verifies their credentials (`connections check --help`)."
                                   : "A route is paused on a fatal error (configuration or plugin); fix it, then resume.");
    po::options_description options(kind + "s options");
    const std::string name_help = kind + " name";
    options.add_options()
        ("action", po::value<std::string>()->required(), "paused | resume")
        ("name", po::value<std::string>(), name_help.c_str())
        ("config,c", po::value<std::string>()->default_value(kDefaultConfigFile), "configuration file");
    po::positional_options_description positional;
    positional.add("action", 1).add("name", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, usage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;
    auto opened = open_store((*vm)["config"].as<std::string>(), err);
    if (!opened.store) return opened.exit_code;
    bus::OperatorActions actions(*opened.store, opened.clock);
    const std::string action = (*vm)["action"].as<std::string>();
    if (action == "paused") {
        int count = 0;
        for (const auto& p : actions.pauses()) {
            if (p.kind != kind) continue;
            out << p.name << ": " << p.reason << "\n";
            ++count;
        }
        if (count == 0) out << "no paused " << kind << "s\n";
        return kExitOk;
    }
    if (action == "resume" && vm->count("name") != 0) {
        const std::string name = (*vm)["name"].as<std::string>();
        if (!actions.resume(kind, name)) {
            err << "ledgersync: " << kind << " '" << name << "' is not paused\n";
            return kExitNotFound;
        }
        out << "resumed " << kind << " '" << name << "'\n";
        return kExitOk;
    }
    err << usage << "\n";
    return kExitUsage;
}

}  // namespace

int connections_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    if (!args.empty() && args.front() == "check") return connections_check_command(Arguments(args.begin() + 1, args.end()), out, err);
    return pause_command("connection", args, out, err);
}

int routes_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    return pause_command("route", args, out, err);
}

}  // namespace ledgersync::cli
