#include <csignal>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/host_runtime.hpp"
#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kRunUsage = R"(usage: ledgersync run --config FILE [--ready-file PATH]

Runs the host until SIGINT (Ctrl-C) or SIGTERM, then stops taking work, finishes or releases
what is in flight and exits 0.)";

void write_ready_file(const std::string& path, const std::string& url) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << nlohmann::json{{"pid", static_cast<long>(::getpid())}, {"url", url}}.dump() << "\n";
    }
    std::rename(temporary.c_str(), path.c_str());
}

}  // namespace

int run_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("run options");
    options.add_options()
        ("config,c", po::value<std::string>()->required(), "configuration file (JSON)")
        ("ready-file", po::value<std::string>(), "once serving, write {\"pid\",\"url\"} to this file");
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kRunUsage, options, {}, out, err, exit_code);
    if (!vm) return exit_code;

    // Signals are taken synchronously by this thread only; every thread started later inherits
    // the mask, so no handler ever runs in the middle of a transaction.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    config::HostConfig config;
    try {
        config = config::load_host_config((*vm)["config"].as<std::string>());
    } catch (const config::ConfigError& e) {
        err << "ledgersync: invalid configuration\n" << e.what() << "\n";
        return kExitConfigInvalid;
    }

    services::Logger logger(std::cerr, config.log_level);
    services::SystemClock clock;
    app::HostRuntime runtime(std::move(config), logger, clock);
    try {
        runtime.start();
    } catch (const std::exception& e) {
        logger.error("host", std::string("cannot start: ") + e.what());
        return kExitFailure;
    }
    if (vm->count("ready-file") != 0) write_ready_file((*vm)["ready-file"].as<std::string>(), runtime.url());

    int received = 0;
    sigwait(&signals, &received);
    logger.info("host", std::string("received ") + (received == SIGINT ? "SIGINT" : "SIGTERM") + ", stopping");
    runtime.stop();
    logger.info("host", "stopped cleanly");
    return kExitOk;
}

}  // namespace ledgersync::cli
