// ledgersync-sandbox: emulators of the external APIs ledgersync talks to, for tests and the demo.
//   ledgersync-sandbox [--apis qbo,hubspot,stripe] [--qbo-port N] [--hubspot-port N]
//                      [--stripe-port N|off] [--shared-dir PATH] [--ready-file PATH]
//                      [--seed default|none] [--log-requests]
// Each API listens on its own 127.0.0.1 port (0 = any free port). Once listening, the ready
// file receives {"pid":..., "qbo":{"url":"http://127.0.0.1:PORT", ...}, "hubspot":{...}}.
// SIGINT/SIGTERM stop it.

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include <unistd.h>

#include "common/sandbox.hpp"
#include "hubspot/hubspot_api.hpp"
#include "qbo/qbo_api.hpp"
#include "stripe/stripe_api.hpp"

namespace {

struct Options {
    bool qbo = true;
    bool hubspot = true;
    bool stripe = true;
    int qbo_port = 0;
    int hubspot_port = 0;
    int stripe_port = 0;
    std::string shared_dir;
    std::string ready_file;
    bool seed_default = true;
    bool log_requests = false;
};

void usage(std::ostream& out) {
    out << "usage: ledgersync-sandbox [--apis qbo,hubspot,stripe] [--qbo-port N] [--hubspot-port N] "
           "[--stripe-port N|off] [--shared-dir PATH] [--ready-file PATH] [--seed default|none] "
           "[--log-requests]\n"
           "  --apis LIST        the APIs to serve, comma-separated: qbo, hubspot, stripe (default "
           "all)\n"
           "  --qbo-port N       port of the QuickBooks Online API on 127.0.0.1 (default 0: any "
           "free port)\n"
           "  --hubspot-port N   port of the HubSpot API on 127.0.0.1 (default 0: any free port)\n"
           "  --stripe-port N    port of the Stripe API (default 0: any free port; off: none)\n"
           "  --shared-dir PATH  the shared test data holding specs/stripe/ (default: "
           "$LEDGERSYNC_SHARED_DIR, else the build's)\n"
           "  --ready-file PATH  write {\"pid\":..,\"qbo\":{\"url\":..},\"hubspot\":{..},"
           "\"stripe\":{..}} there once listening\n"
           "  --seed default     start with a seeded QBO company (realm 9130350000000001) and "
           "HubSpot account (portal 20000001); none: neither\n"
           "  --log-requests     print every API request to stderr\n"
           "The control plane is under /__sandbox/ on every port; see tests/sandbox/README.md.\n";
}

bool parse_port(const std::string& text, int& port) {
    if (text.empty() || text.size() > 5 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return false;
    port = std::stoi(text);
    return port <= 65535;
}

int parse_options(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::invalid_argument(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--apis") {
            const std::string list = value() + ",";
            options.qbo = options.hubspot = options.stripe = false;
            std::size_t start = 0;
            for (std::size_t comma = list.find(','); comma != std::string::npos;
                 start = comma + 1, comma = list.find(',', start)) {
                const std::string api = list.substr(start, comma - start);
                if (api == "qbo")
                    options.qbo = true;
                else if (api == "hubspot")
                    options.hubspot = true;
                else if (api == "stripe")
                    options.stripe = true;
                else
                    throw std::invalid_argument("--apis takes qbo, hubspot and stripe, not \"" +
                                                api + "\"");
            }
            if (!options.qbo && !options.hubspot && !options.stripe)
                throw std::invalid_argument("--apis needs at least one API");
        } else if (arg == "--hubspot-port") {
            if (!parse_port(value(), options.hubspot_port))
                throw std::invalid_argument("--hubspot-port needs a port number 0..65535");
        } else if (arg == "--qbo-port") {
            if (!parse_port(value(), options.qbo_port))
                throw std::invalid_argument("--qbo-port needs a port number 0..65535");
        } else if (arg == "--stripe-port") {
            const std::string port = value();
            if (port == "off") {
                options.stripe = false;
            } else if (!parse_port(port, options.stripe_port)) {
                throw std::invalid_argument("--stripe-port needs a port number 0..65535 or off");
            }
        } else if (arg == "--shared-dir") {
            options.shared_dir = value();
        } else if (arg == "--ready-file") {
            options.ready_file = value();
        } else if (arg == "--seed") {
            const std::string seed = value();
            if (seed != "default" && seed != "none")
                throw std::invalid_argument("--seed is default or none");
            options.seed_default = seed == "default";
        } else if (arg == "--log-requests") {
            options.log_requests = true;
        } else if (arg == "--help" || arg == "-h") {
            usage(std::cout);
            return 1;
        } else {
            throw std::invalid_argument("unknown option " + arg);
        }
    }
    return 0;
}

// The Stripe spec: --shared-dir, else $LEDGERSYNC_SHARED_DIR, else the build's shared data.
std::string stripe_spec_file(const Options& options) {
    std::string dir = options.shared_dir;
    if (dir.empty()) {
        const char* env = std::getenv("LEDGERSYNC_SHARED_DIR");
        dir = env != nullptr && *env != '\0' ? env : LEDGERSYNC_SANDBOX_DEFAULT_SHARED_DIR;
    }
    const std::string file = dir + "/" + ledgersync::sandbox::stripe::StripeApi::kSpecRelativePath;
    if (!std::ifstream(file)) {
        throw std::runtime_error("the Stripe emulator needs Stripe's OpenAPI spec at " + file +
                                 "; pass --shared-dir with the shared test data, or "
                                 "--stripe-port off to run without the Stripe emulator");
    }
    return file;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        if (parse_options(argc, argv, options) != 0)
            return 0;
    } catch (const std::exception& e) {
        std::cerr << "ledgersync-sandbox: " << e.what() << "\n";
        usage(std::cerr);
        return 2;
    }
    // Signals are blocked before any thread starts and awaited here (as the host does), so no
    // handler interrupts a request.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    try {
        using namespace ledgersync::sandbox;
        Sandbox sandbox(options.log_requests);
        if (options.qbo) {
            sandbox.add_api(std::make_unique<qbo::QboApi>(sandbox.services(), options.seed_default),
                            static_cast<std::uint16_t>(options.qbo_port));
        }
        if (options.hubspot) {
            sandbox.add_api(
                std::make_unique<hubspot::HubSpotApi>(sandbox.services(), options.seed_default),
                static_cast<std::uint16_t>(options.hubspot_port));
        }
        if (options.stripe) {
            sandbox.add_api(std::make_unique<stripe::StripeApi>(
                                sandbox.services(), stripe::StripeSpec::load(stripe_spec_file(options))),
                            static_cast<std::uint16_t>(options.stripe_port));
        }
        sandbox.start();
        nlohmann::json ready = sandbox.endpoints_json();
        ready["pid"] = ::getpid();
        std::cerr << "ledgersync-sandbox ready: " << ready.dump() << "\n";
        if (!options.ready_file.empty()) {
            const std::string temp = options.ready_file + ".tmp";
            {
                std::ofstream out(temp, std::ios::trunc);
                out << ready.dump() << "\n";
                if (!out)
                    throw std::runtime_error("cannot write the ready file " + options.ready_file);
            }
            if (std::rename(temp.c_str(), options.ready_file.c_str()) != 0) {
                throw std::runtime_error("cannot write the ready file " + options.ready_file);
            }
        }
        int signal_number = 0;
        sigwait(&signals, &signal_number);
        std::cerr << "ledgersync-sandbox: stopping on signal " << signal_number << "\n";
        sandbox.stop();
    } catch (const std::exception& e) {
        std::cerr << "ledgersync-sandbox: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
