#include <iostream>
#include <map>

#include <ledgersync/abi.h>
#include <ledgersync/sdk/version.hpp>

#include "cli/command.hpp"
#include "cli/exit_code.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kUsage = R"(usage: ledgersync <command> [options]

Keeps invoices and payments in sync between HubSpot, QuickBooks Online and Stripe.

commands:
  run --config FILE            run the host: plugins, sync bus, HTTP server
  plugins list                 list the plugins found, without loading them
  plugins inspect NAME         load one plugin and show its descriptor and manifest
  config check FILE            validate a configuration file and the plugins it uses
  map --plugin ID|--route NAME run a mapper (or a route's mappers) over records offline
  failures list|show|retry|dismiss   records the bus could not write, kept until handled
  objects show CONN/TYPE/ID    an object's sync status and timeline (why a route filtered it out)
  invoices show CONN/invoice/ID an invoice: lines, links, sync status, payments, refunds, timeline
  invoices pdf CONN/invoice/ID -o FILE   download an invoice's PDF (from QuickBooks)
  payments refund|delete CONN/payment/ID   refund at the processor; delete in ledgersync only
  connections check [NAME...]  verify each connection's credentials, connectivity and scopes
  connections paused|resume    connections paused because their credentials were rejected
  routes paused|resume         routes paused on a fatal error
  keys generate FILE           a new key for encrypting secrets at rest (secrets.key_file)
  store vacuum|backup|restore  compact the database, back it up while running, restore a backup
  report fees --from D --to D  processing and platform fees of payments, per currency (by processor or month)
  status                       the hosts on the database, which runs each connection, jobs by state

options:
  --version                    print the version and the plugin ABI, then exit
  --help                       print this help; `ledgersync <command> --help` for a command

exit codes: 0 ok, 1 failure, 2 usage, 3 invalid config, 4 plugin refused, 5 not found,
            6 records failed (map)
)";

using Command = int (*)(const Arguments&, std::ostream&, std::ostream&);

}  // namespace

int main(int argc, char** argv) {
    const Arguments args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsage;
        return kExitUsage;
    }
    const std::string& first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        std::cout << kUsage;
        return kExitOk;
    }
    if (first == "--version") {
        std::cout << "ledgersync " << LEDGERSYNC_SDK_VERSION << " (plugin ABI " << LS_ABI_MAJOR << "." << LS_ABI_MINOR
                  << ")\n";
        return kExitOk;
    }
    static const std::map<std::string, Command> commands = {
        {"run", &run_command},
        {"plugins", &plugins_command},
        {"config", &config_command},
        {"failures", &failures_command},
        {"objects", &objects_command},
        {"invoices", &invoices_command},
        {"payments", &payments_command},
        {"connections", &connections_command},
        {"routes", &routes_command},
        {"keys", &keys_command},
        {"store", &store_command},
        {"map", &map_command},
        {"report", &report_command},
        {"status", &status_command},
    };
    const auto it = commands.find(first);
    if (it == commands.end()) {
        std::cerr << "ledgersync: unknown command '" << first << "'\n\n" << kUsage;
        return kExitUsage;
    }
    return it->second(Arguments(args.begin() + 1, args.end()), std::cout, std::cerr);
}

}  // namespace ledgersync::cli
