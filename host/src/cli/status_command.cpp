#include <iomanip>
#include <iostream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bus/outcome_event.hpp"
#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "cli/progress_watch.hpp"
#include "cli/store_access.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kStatusUsage = R"(usage: ledgersync status [--json] [--config FILE]
       ledgersync status --watch [--interval SECONDS] [--json] [--config FILE]
       (default config /etc/ledgersync/ledgersync.json)

What the database says of the hosts working on it: each host with its last heartbeat (live
when it beat within bus.host_timeout_seconds), which host holds each connection's lease (it
runs that connection's pollers, webhook inbox and deliveries) with its fencing token, and the
jobs by state. Reads the database only: it works beside running hosts.

--watch draws a progress bar per running backfill (the first read of a connection, a route
enabled late with `since`): jobs settled of all, failed, remaining, rate and estimated time
left, read again every --interval seconds (default 2) until no backfill runs (the last line
of each stays) or Ctrl-C. Without a terminal it prints one line per backfill each interval;
with --json, one JSON document per interval (as GET /api/v1/progress).)";

std::string seconds_between(std::int64_t from_ms, std::int64_t to_ms) {
    return std::to_string((to_ms - from_ms) / 1000) + " s";
}

}  // namespace

int status_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("status options");
    options.add_options()
        ("config,c", po::value<std::string>()->default_value(kDefaultConfigFile), "configuration file")
        ("json", po::bool_switch(), "print JSON")
        ("watch", po::bool_switch(), "draw the running backfills' progress until none runs")
        ("interval", po::value<std::int64_t>()->default_value(2), "seconds between readings with --watch (1 to 3600)");
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kStatusUsage, options, {}, out, err, exit_code);
    if (!vm) return exit_code;
    const bool watch = (*vm)["watch"].as<bool>();
    const std::int64_t interval = (*vm)["interval"].as<std::int64_t>();
    if (!watch && !(*vm)["interval"].defaulted()) {
        err << "ledgersync status: --interval goes with --watch\n" << kStatusUsage << "\n";
        return kExitUsage;
    }
    if (interval < 1 || interval > 3600) {
        err << "ledgersync status: --interval " << interval << " is out of range: give 1 to 3600 seconds\n";
        return kExitUsage;
    }
    const std::string config_file = (*vm)["config"].as<std::string>();
    const auto config = read_config(config_file, err, exit_code);
    if (!config) return exit_code;
    auto opened = open_store(config_file, err);
    if (!opened.store) return opened.exit_code;
    if (watch) {
        const bool terminal = &out == &std::cout && isatty(STDOUT_FILENO) != 0;
        return watch_progress(*opened.store, opened.clock, {interval, (*vm)["json"].as<bool>(), terminal}, out);
    }

    std::vector<store::HostEntry> hosts;
    std::vector<store::ConnectionLease> leases;
    store::JobCounts jobs;
    opened.store->read([&](store::StoreTransaction& tx) {
        hosts = tx.hosts();
        leases = tx.connection_leases();
        jobs = tx.job_counts();
    });
    const std::int64_t now = opened.clock.now_ms();
    const std::int64_t timeout_ms = config->bus.host_timeout_seconds * 1000;
    const auto host_live = [&](const store::HostEntry& h) { return h.heartbeat_at_ms >= now - timeout_ms; };
    const auto lease_live = [&](const store::ConnectionLease& l) { return !l.holder.empty() && l.expires_at_ms >= now; };

    if ((*vm)["json"].as<bool>()) {
        nlohmann::json j = {{"hosts", nlohmann::json::array()}, {"connection_leases", nlohmann::json::array()}};
        for (const auto& h : hosts) {
            j["hosts"].push_back({{"id", h.host_id}, {"instance", h.instance}, {"live", host_live(h)},
                                  {"started_at", bus::rfc3339_utc(h.started_at_ms)},
                                  {"heartbeat_at", bus::rfc3339_utc(h.heartbeat_at_ms)}});
        }
        for (const auto& l : leases) {
            j["connection_leases"].push_back({{"connection", l.connection}, {"holder", l.holder}, {"token", l.token},
                                              {"live", lease_live(l)}, {"acquired_at", bus::rfc3339_utc(l.acquired_at_ms)},
                                              {"expires_at", bus::rfc3339_utc(l.expires_at_ms)}});
        }
        j["jobs"] = {{"pending", jobs.pending}, {"leased", jobs.leased}, {"waiting", jobs.waiting},
                     {"done", jobs.done}, {"failed", jobs.failed}, {"dismissed", jobs.dismissed}};
        out << j.dump(2) << "\n";
        return kExitOk;
    }
    out << "database " << opened.store->location() << "\nhosts:\n";
    if (hosts.empty()) out << "  (none running)\n";
    for (const auto& h : hosts) {
        out << "  " << std::left << std::setw(24) << h.host_id << " " << (host_live(h) ? "live" : "silent") << ", heartbeat "
            << seconds_between(h.heartbeat_at_ms, now) << " ago, " << h.instance << "\n";
    }
    out << "connection leases:\n";
    if (leases.empty()) out << "  (none taken yet)\n";
    for (const auto& l : leases) {
        out << "  " << std::left << std::setw(24) << l.connection << " ";
        if (lease_live(l)) {
            out << "held by " << l.holder << " (token " << l.token << ", expires in " << seconds_between(now, l.expires_at_ms) << ")";
        } else if (l.holder.empty()) {
            out << "free (token " << l.token << ")";
        } else {
            out << "expired, last held by " << l.holder << " (token " << l.token << ")";
        }
        out << "\n";
    }
    out << "jobs: " << jobs.pending << " pending, " << jobs.leased << " leased, " << jobs.waiting << " waiting, " << jobs.done
        << " done, " << jobs.failed << " failed, " << jobs.dismissed << " dismissed\n";
    return kExitOk;
}

}  // namespace ledgersync::cli
