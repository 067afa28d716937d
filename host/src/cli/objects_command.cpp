#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "bus/operator_json.hpp"
#include "bus/outcome_event.hpp"
#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/object_report.hpp"
#include "cli/options.hpp"
#include "cli/store_access.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kObjectsUsage = R"(usage: ledgersync objects show CONNECTION/TYPE/ID [--json] [--config FILE]
       (default config /etc/ledgersync/ledgersync.json)

What the bus knows of one object, e.g. `ledgersync objects show hubspot/invoice/10042`: its sync
status towards each route's target (synced with the target's id, failed with the reason, or
pending) and its timeline: each version received, each route that took it or filtered it out
(with the conditions it did not meet), echoes suppressed, writes, failures and retries.)";

}  // namespace

int objects_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("objects options");
    options.add_options()
        ("action", po::value<std::string>()->required(), "show")
        ("object", po::value<std::string>(), "CONNECTION/TYPE/ID")
        ("config,c", po::value<std::string>()->default_value(kDefaultConfigFile), "configuration file")
        ("json", po::bool_switch(), "print JSON");
    po::positional_options_description positional;
    positional.add("action", 1).add("object", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kObjectsUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;
    if ((*vm)["action"].as<std::string>() != "show") {
        err << "ledgersync: unknown objects action '" << (*vm)["action"].as<std::string>() << "'\n\n" << kObjectsUsage << "\n";
        return kExitUsage;
    }
    const auto key = vm->count("object") != 0 ? parse_object_key((*vm)["object"].as<std::string>()) : std::nullopt;
    if (!key) {
        err << "ledgersync: objects show needs CONNECTION/TYPE/ID, e.g. hubspot/invoice/10042\n\n" << kObjectsUsage << "\n";
        return kExitUsage;
    }

    auto opened = open_store((*vm)["config"].as<std::string>(), err);
    if (!opened.store) return opened.exit_code;
    std::vector<store::SyncStatus> statuses;
    std::vector<store::TimelineEntry> timeline;
    opened.store->read([&](store::StoreTransaction& tx) {
        statuses = tx.sync_statuses(*key);
        timeline = tx.timeline(*key, 1000);
    });
    if (statuses.empty() && timeline.empty()) {
        err << "ledgersync: the bus knows nothing of " << key->str() << " (no version received)\n";
        return kExitNotFound;
    }
    if ((*vm)["json"].as<bool>()) {
        const nlohmann::json j = {{"object", key->str()},
                                  {"sync_status", bus::sync_status_json(statuses)},
                                  {"timeline", bus::timeline_json(timeline)}};
        out << j.dump(2) << "\n";
        return kExitOk;
    }
    out << key->str() << "\n  sync status:\n";
    if (statuses.empty()) out << "    (not routed to any target)\n";
    print_sync_statuses(out, statuses, "    ");
    out << "  timeline:\n";
    print_timeline(out, timeline, "    ");
    return kExitOk;
}

}  // namespace ledgersync::cli
