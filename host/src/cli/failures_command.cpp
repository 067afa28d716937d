#include <iomanip>
#include <iostream>

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/json_writer.hpp>
#include <nlohmann/json.hpp>

#include "bus/operator_actions.hpp"
#include "bus/operator_json.hpp"
#include "bus/outcome_event.hpp"
#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "cli/store_access.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kFailuresUsage = R"(usage: ledgersync failures list [--state open|retried|dismissed|resolved|all] [--route NAME] [--json]
       ledgersync failures show ID [--json]
       ledgersync failures retry (ID | --all [--route NAME])
       ledgersync failures dismiss (ID | --all [--route NAME])
options common to all: --config FILE (default /etc/ledgersync/ledgersync.json)

A failure is a record the bus could not get through: an object its connector could not read
(stage read; a retry reads it again), a record a mapper refused (map), or one the target could
not write after its retries, or at once for data errors (write). Its class, reason, fix hint,
payload and attempts are kept until you retry it (after fixing the cause) or dismiss it.
Changes take effect in a running host within a second.)";

std::string shorten(const std::string& text, std::size_t width) {
    return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

int list(bus::OperatorActions& actions, const po::variables_map& vm, std::ostream& out, std::ostream& err) {
    store::FailureFilter filter;
    const std::string state = vm["state"].as<std::string>();
    if (state == "all") {
        filter.state.reset();
    } else if (auto parsed = store::failure_state_from_string(state)) {
        filter.state = parsed;
    } else {
        err << "ledgersync: --state must be open, retried, dismissed, resolved or all\n";
        return kExitUsage;
    }
    if (vm.count("route") != 0) filter.route = vm["route"].as<std::string>();
    const auto failures = actions.list(filter);
    if (vm["json"].as<bool>()) {
        nlohmann::json all = nlohmann::json::array();
        for (const auto& f : failures) all.push_back(bus::failure_json(f));
        out << all.dump(2) << "\n";
        return kExitOk;
    }
    if (failures.empty()) {
        out << "no " << (state == "all" ? "" : state + " ") << "failures\n";
        return kExitOk;
    }
    out << std::left << std::setw(6) << "ID" << std::setw(24) << "ROUTE" << std::setw(34) << "OBJECT" << std::setw(13)
        << "CLASS" << std::setw(9) << "ATTEMPTS" << "REASON\n";
    for (const auto& f : failures) {
        // A read failure has no route: the column says where it stopped instead.
        const std::string route = f.route.empty() ? "(" + std::string(store::to_string(f.stage)) + ")" : f.route;
        out << std::left << std::setw(6) << f.id << std::setw(24) << shorten(route, 23) << std::setw(34)
            << shorten(f.object.str(), 33) << std::setw(13) << f.outcome_class << std::setw(9) << f.attempts
            << shorten(f.reason, 100) << "\n";
    }
    out << failures.size() << " failure(s); `ledgersync failures show ID` for details\n";
    return kExitOk;
}

int show(bus::OperatorActions& actions, std::int64_t id, bool json, std::ostream& out, std::ostream& err) {
    const auto details = actions.show(id);
    if (!details) {
        err << "ledgersync: no failure " << id << "\n";
        return kExitNotFound;
    }
    const auto& f = details->failure;
    // The payload is shown with its amounts exactly as stored: parsed verbatim, written exactly.
    const nlohmann::json payload = bus::failure_payload_json(f);
    sdk::JsonWriteOptions pretty;
    pretty.indent = 2;
    pretty.invalid_utf8 = sdk::InvalidUtf8::replace;
    if (json) {
        nlohmann::json j = bus::failure_json(f);
        j["payload"] = payload;
        j["timeline"] = bus::timeline_json(details->timeline);
        out << sdk::write_json_exact(j, pretty) << "\n";
        return kExitOk;
    }
    out << "failure " << f.id << " (" << store::to_string(f.state) << ")\n"
        << "  object:    " << f.object.str() << "\n"
        << "  stage:     " << store::to_string(f.stage) << "\n";
    if (!f.route.empty()) out << "  route:     " << f.route << " -> " << f.target_connection << "\n";
    out << "  class:     " << f.outcome_class << "\n"
        << "  reason:    " << f.reason << "\n";
    if (!f.fix_hint.empty()) out << "  fix:       " << f.fix_hint << "\n";
    out << "  attempts:  " << f.attempts << " (first failed " << bus::rfc3339_utc(f.first_failed_at_ms) << ", last "
        << bus::rfc3339_utc(f.last_failed_at_ms) << ")\n"
        << "  payload:\n" << sdk::write_json_exact(payload, pretty) << "\n  timeline:\n";
    for (const auto& t : details->timeline) {
        out << "    " << bus::rfc3339_utc(t.at_ms) << "  " << std::left << std::setw(16) << t.event << " " << t.detail << "\n";
    }
    out << "retry it with `ledgersync failures retry " << f.id << "` once the cause is fixed, or dismiss it\n";
    return kExitOk;
}

}  // namespace

int failures_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("failures options");
    options.add_options()
        ("action", po::value<std::string>()->required(), "list | show | retry | dismiss")
        ("id", po::value<std::int64_t>(), "failure id")
        ("config,c", po::value<std::string>()->default_value(kDefaultConfigFile), "configuration file")
        ("state", po::value<std::string>()->default_value("open"), "list: which failures")
        ("route", po::value<std::string>(), "only this route")
        ("all", po::bool_switch(), "retry/dismiss: every open failure")
        ("json", po::bool_switch(), "print JSON");
    po::positional_options_description positional;
    positional.add("action", 1).add("id", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kFailuresUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;

    auto opened = open_store((*vm)["config"].as<std::string>(), err);
    if (!opened.store) return opened.exit_code;
    bus::OperatorActions actions(*opened.store, opened.clock);
    const std::string action = (*vm)["action"].as<std::string>();
    const bool all = (*vm)["all"].as<bool>();
    const std::string route = vm->count("route") != 0 ? (*vm)["route"].as<std::string>() : std::string();

    if (action == "list") return list(actions, *vm, out, err);
    if (action == "show" || action == "retry" || action == "dismiss") {
        if (action != "show" && all) {
            const auto count = action == "retry" ? actions.retry_all(route) : actions.dismiss_all(route);
            out << (action == "retry" ? "retried " : "dismissed ") << count << " failure(s)\n";
            if (action == "retry") {
                store::FailureFilter conflicts;
                conflicts.route = route;
                conflicts.stage = store::FailureStage::conflict;
                if (const auto left = actions.list(conflicts).size(); left > 0) {
                    out << left << " conflict failure(s) left open: each pair needs a side chosen; retry the failure "
                                   "of the side to keep (`ledgersync failures retry ID`)\n";
                }
            }
            return kExitOk;
        }
        if (vm->count("id") == 0) {
            err << "ledgersync: failures " << action << " needs a failure id" << (action == "show" ? "" : " or --all")
                << "\n\n" << kFailuresUsage << "\n";
            return kExitUsage;
        }
        const std::int64_t id = (*vm)["id"].as<std::int64_t>();
        if (action == "show") return show(actions, id, (*vm)["json"].as<bool>(), out, err);
        const bool done = action == "retry" ? actions.retry(id) : actions.dismiss(id);
        if (!done) {
            err << "ledgersync: no open failure " << id << " (see `ledgersync failures list --state all`)\n";
            return kExitNotFound;
        }
        out << (action == "retry" ? "retrying failure " : "dismissed failure ") << id << "\n";
        return kExitOk;
    }
    err << "ledgersync: unknown failures action '" << action << "'\n\n" << kFailuresUsage << "\n";
    return kExitUsage;
}

}  // namespace ledgersync::cli
