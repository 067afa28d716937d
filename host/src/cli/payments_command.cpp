// `ledgersync payments refund|delete`: the two things an operator does to a payment (MISSION.md
// point 10). A refund is made at the processor the money came through (app/payment_refund.hpp,
// shared with the admin API), with an idempotency key the host derives from the request, so
// running the command again makes no second refund. A delete is ledgersync's alone
// (app/payment_deletion.hpp): QuickBooks is never changed by it (point 13), and the command says so.

#include <iostream>
#include <memory>
#include <optional>

#include <ledgersync/sdk/connector.hpp>

#include "app/payment_deletion.hpp"
#include "app/payment_refund.hpp"
#include "cli/command.hpp"
#include "cli/command_connections.hpp"
#include "cli/configured_store.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "cli/store_access.hpp"
#include "plugin/plugin_search_path.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kPaymentsUsage = R"(usage: ledgersync payments refund CONNECTION/payment/ID --amount AMOUNT --reason REASON [--config FILE]
       ledgersync payments delete CONNECTION/payment/ID [--config FILE]
       (default config /etc/ledgersync/ledgersync.json)

refund: returns AMOUNT (exact, in the payment's currency, e.g. 25.00) of a payment to the payer
at the processor it was made through (Stripe), for REASON: duplicate, fraudulent,
requested_by_customer or other. The payment may be named in any connection that has it
(stripe/payment/ch_..., or its QuickBooks copy qbo/payment/45). The request is idempotent: the
same payment, amount and reason give the same refund however often the command runs (within
Stripe's 24 hours). The refund reaches QuickBooks like any other, through the refund route.

delete: removes the payment from ledgersync only: it is marked deleted in the host's store (its
history stays), its writes still waiting are dismissed, and `invoices show` lists it as deleted.
QuickBooks is NOT changed, nor HubSpot: a payment already booked or shown there stays until
someone voids or deletes it there. A later change of the payment at its source (a refund) brings it back.)";

int refund(const po::variables_map& vm, const store::ObjectKey& key, std::ostream& out, std::ostream& err) {
    if (vm.count("amount") == 0 || vm.count("reason") == 0) {
        err << "ledgersync: payments refund needs --amount AMOUNT and --reason REASON\n\n" << kPaymentsUsage << "\n";
        return kExitUsage;
    }
    ConfiguredStore configured = open_config_and_store(vm["config"].as<std::string>(), err);
    if (!configured.opened.store) return configured.opened.exit_code;
    const std::optional<config::HostConfig>& config = configured.config;
    OpenedStore& opened = configured.opened;
    const auto catalog = plugin::PluginCatalog::discover(plugin::plugin_search_path(config->plugin_paths));

    std::optional<app::RefundPlan> plan;
    try {
        plan = app::plan_refund(*opened.store, *config, app::refund_connections(*config, catalog), key, vm["amount"].as<std::string>(),
                                vm["reason"].as<std::string>(), opened.clock.now_ms());
    } catch (const app::RefundRefused& e) {
        using Why = app::RefundRefused::Why;
        switch (e.why()) {
            case Why::bad_reason: err << "ledgersync: --reason " << e.what() << "\n"; return kExitUsage;
            case Why::bad_amount: err << "ledgersync: --amount " << e.what() << "\n"; return kExitUsage;
            case Why::unknown_payment: err << "ledgersync: " << e.what() << "\n"; return kExitNotFound;
            case Why::not_refundable:
            case Why::too_much: err << "ledgersync: " << e.what() << "\n"; return kExitFailure;
        }
    }
    const store::ObjectKey& processor = plan->processor_payment;

    std::unique_ptr<CommandConnections> connections;
    try {
        connections = std::make_unique<CommandConnections>(*config, catalog, *opened.store, err);
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        return kExitFailure;
    }
    plugin::ConnectorInstance* connector = connections->open(processor.connection);
    if (connector == nullptr) {
        err << "ledgersync: connection '" << processor.connection << "' cannot be started:";
        for (const auto& p : connections->problems(processor.connection)) err << "\n  " << p.path << ": " << connections->redact(p.message);
        err << "\n";
        return kExitPluginRefused;
    }
    const sdk::Outcome outcome =
        app::make_refund(*connector, *opened.store, *plan, opened.clock.now_ms(), "`ledgersync payments refund`");
    connections->shutdown_http();
    if (outcome.kind != sdk::OutcomeClass::ok) {
        err << "ledgersync: the refund of " << plan->amount_text << " on " << processor.str() << " was not made ("
            << sdk::to_string(outcome.kind) << "): " << connections->redact(outcome.reason) << "\n";
        if (!outcome.fix_hint.empty()) err << "  to fix: " << outcome.fix_hint << "\n";
        if (outcome.kind != sdk::OutcomeClass::data) err << "  running the command again is safe: it cannot refund twice\n";
        return kExitFailure;
    }
    out << "refunded " << plan->amount_text << " of " << processor.str() << " at " << processor.connection << ": refund "
        << outcome.target_id << " (" << plan->reason << ")\n"
        << "it reaches QuickBooks through the refund route once " << processor.connection
        << " is read; `ledgersync invoices show` lists it under its payment\n";
    return kExitOk;
}

int remove(const po::variables_map& vm, const store::ObjectKey& key, std::ostream& out, std::ostream& err) {
    ConfiguredStore configured = open_config_and_store(vm["config"].as<std::string>(), err);
    if (!configured.opened.store) return configured.opened.exit_code;
    OpenedStore& opened = configured.opened;
    const app::PaymentDeletion deletion =
        app::delete_payment(*opened.store, *configured.config, key, opened.clock.now_ms(), "`ledgersync payments delete`");
    if (!deletion.known) {
        err << "ledgersync: unknown payment " << key.str() << ": the bus has never received it\n";
        return kExitNotFound;
    }
    if (deletion.already_deleted) {
        out << deletion.payment.str() << " is already deleted in ledgersync; nothing changed\n";
        return kExitOk;
    }
    out << "deleted " << deletion.payment.str() << " in ledgersync only (" << deletion.dismissed << " waiting write(s) dismissed)\n"
        << "QuickBooks is NOT changed";
    if (deletion.untouched_copies.empty()) {
        out << ": the payment was never booked there\n";
    } else {
        // Its copies may be in QuickBooks and in HubSpot (the payment shown on its invoice).
        const auto& copies = deletion.untouched_copies;
        out << ", nor any other system:";
        for (const auto& c : copies) out << " " << c.str();
        out << (copies.size() == 1 ? " stays" : " stay") << " as it is; void or delete it where it was booked if the money did not come in\n";
    }
    return kExitOk;
}

}  // namespace

int payments_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("payments options");
    options.add_options()
        ("action", po::value<std::string>()->required(), "refund or delete")
        ("payment", po::value<std::string>(), "CONNECTION/payment/ID")
        ("amount", po::value<std::string>(), "refund: the amount to refund, e.g. 25.00")
        ("reason", po::value<std::string>(), "refund: duplicate, fraudulent, requested_by_customer or other")
        ("config,c", po::value<std::string>()->default_value(kDefaultConfigFile), "configuration file");
    po::positional_options_description positional;
    positional.add("action", 1).add("payment", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kPaymentsUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;
    const std::string action = (*vm)["action"].as<std::string>();
    if (action != "refund" && action != "delete") {
        err << "ledgersync: unknown payments action '" << action << "'\n\n" << kPaymentsUsage << "\n";
        return kExitUsage;
    }
    const auto key = vm->count("payment") != 0 ? parse_object_key((*vm)["payment"].as<std::string>()) : std::nullopt;
    if (!key || key->type != "payment") {
        err << "ledgersync: payments " << action << " needs the payment as CONNECTION/payment/ID, e.g. stripe/payment/ch_123\n\n"
            << kPaymentsUsage << "\n";
        return kExitUsage;
    }
    return action == "refund" ? refund(*vm, *key, out, err) : remove(*vm, *key, out, err);
}

}  // namespace ledgersync::cli
