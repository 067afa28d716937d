// `ledgersync payments refund|delete`: the two things an operator does to a payment (MISSION.md
// point 10). A refund is made at the processor the money came through, by its connector's
// refund write with an idempotency key the host derives from the request, so running the
// command again makes no second refund; the refund then comes back through the processor's
// reads and is booked like any other. A delete is ledgersync's alone: QuickBooks is never
// changed by it (point 13), and the command says so.

#include <algorithm>
#include <iostream>
#include <optional>

#include <ledgersync/sdk/connector.hpp>
#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/money.hpp>

#include "bus/digest.hpp"
#include "bus/outcome_event.hpp"
#include "cli/command.hpp"
#include "cli/command_connections.hpp"
#include "cli/configured_store.hpp"
#include "cli/exit_code.hpp"
#include "cli/invoice_view.hpp"
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

const std::vector<std::string> kReasons = {"duplicate", "fraudulent", "requested_by_customer", "other"};

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

/// The payment as the store has it, and the members of its link group.
struct KnownPayment {
    store::MirrorEntry entry;
    nlohmann::json body;
    std::vector<store::ObjectKey> copies;
};

std::optional<KnownPayment> known_payment(store::StoreTransaction& tx, const config::HostConfig& config,
                                          const store::ObjectKey& key) {
    auto entry = tx.mirror(key);
    if (!entry) return std::nullopt;
    return KnownPayment{*entry, sdk::parse_json_exact(entry->record_json).value("body", nlohmann::json::object()),
                        copies_of(tx, config, key)};
}

/// The connection (and the payment's id there) that took the money and can refund it: the
/// payment or one of its copies whose source is a processor and whose plugin writes refunds.
std::optional<store::ObjectKey> processor_payment(store::StoreTransaction& tx, const config::HostConfig& config,
                                                  const plugin::PluginCatalog& catalog, const KnownPayment& payment) {
    std::vector<store::ObjectKey> candidates = {payment.entry.object};
    candidates.insert(candidates.end(), payment.copies.begin(), payment.copies.end());
    for (const auto& candidate : candidates) {
        const auto connection = config.connections.find(candidate.connection);
        if (connection == config.connections.end()) continue;
        const auto manifest = catalog.find(connection->second.plugin);
        if (!manifest || std::find(manifest->writes.begin(), manifest->writes.end(), "refund") == manifest->writes.end()) continue;
        const auto mirrored = tx.mirror(candidate);
        if (!mirrored) continue;
        const std::string source =
            sdk::parse_json_exact(mirrored->record_json).value("body", nlohmann::json::object()).value("source", "");
        if (source == "stripe" || source == "hubspot_payments") return candidate;
    }
    return std::nullopt;
}

int refund(const po::variables_map& vm, const store::ObjectKey& key, std::ostream& out, std::ostream& err) {
    if (vm.count("amount") == 0 || vm.count("reason") == 0) {
        err << "ledgersync: payments refund needs --amount AMOUNT and --reason REASON\n\n" << kPaymentsUsage << "\n";
        return kExitUsage;
    }
    const std::string reason = vm["reason"].as<std::string>();
    if (std::find(kReasons.begin(), kReasons.end(), reason) == kReasons.end()) {
        err << "ledgersync: --reason '" << reason << "' is not a refund reason; use one of " << joined(kReasons) << "\n";
        return kExitUsage;
    }
    sdk::Decimal amount;
    try {
        amount = sdk::Decimal::parse(vm["amount"].as<std::string>());
    } catch (const std::exception& e) {
        err << "ledgersync: --amount '" << vm["amount"].as<std::string>() << "' is not an exact decimal amount (" << e.what()
            << "); write it like 25.00\n";
        return kExitUsage;
    }
    if (amount.is_zero() || amount.is_negative()) {
        err << "ledgersync: --amount must be more than 0, not " << amount.to_string() << "\n";
        return kExitUsage;
    }

    ConfiguredStore configured = open_config_and_store(vm["config"].as<std::string>(), err);
    if (!configured.opened.store) return configured.opened.exit_code;
    const std::optional<config::HostConfig>& config = configured.config;
    OpenedStore& opened = configured.opened;
    const auto catalog = plugin::PluginCatalog::discover(plugin::plugin_search_path(config->plugin_paths));

    std::optional<KnownPayment> payment;
    std::optional<store::ObjectKey> processor;
    std::optional<KnownPayment> at_processor;
    opened.store->read([&](store::StoreTransaction& tx) {
        payment = known_payment(tx, *config, key);
        if (payment) processor = processor_payment(tx, *config, catalog, *payment);
        if (processor) at_processor = known_payment(tx, *config, *processor);
    });
    if (!payment) {
        err << "ledgersync: unknown payment " << key.str() << ": the bus has never received it; check the id with "
            << "`ledgersync invoices show` on its invoice, or wait for the next read of " << key.connection << "\n";
        return kExitNotFound;
    }
    if (payment->entry.deleted) {
        err << "ledgersync: payment " << key.str() << " is deleted (at its source or with `payments delete`); nothing to refund\n";
        return kExitFailure;
    }
    if (!processor || !at_processor) {
        err << "ledgersync: payment " << key.str() << " (source " << payment->body.value("source", "unknown")
            << ") was not made through a processor a configured connection refunds (Stripe); refund it where the money "
               "was received\n";
        return kExitFailure;
    }
    const nlohmann::json& body = at_processor->body;
    const std::string currency = body.value("currency", "");
    std::optional<sdk::Money> requested;
    std::optional<sdk::Money> refundable;
    try {
        requested = sdk::Money(amount, currency);
        const sdk::Money paid(sdk::Decimal::from_json(body.at("amount")), currency);
        const sdk::Money refunded(body.contains("refunded_amount") ? sdk::Decimal::from_json(body.at("refunded_amount")) : sdk::Decimal(0),
                                  currency);
        refundable = paid - refunded;
    } catch (const std::exception& e) {
        err << "ledgersync: payment " << processor->str() << " cannot be refunded: " << e.what() << "\n";
        return kExitFailure;
    }
    if (!requested->is_minor_unit_exact()) {
        err << "ledgersync: --amount " << amount.to_string() << " has more decimals than " << currency
            << " has; round it to its minor unit\n";
        return kExitUsage;
    }
    if (*requested > *refundable) {
        err << "ledgersync: " << requested->to_string() << " is more than what payment " << processor->str()
            << " has left to refund: " << refundable->to_string() << " (paid " << body.value("amount", "") << ", refunded "
            << body.value("refunded_amount", "0") << "); refund at most that\n";
        return kExitFailure;
    }
    if (body.value("status", "") != "succeeded" && body.value("status", "") != "partially_refunded") {
        err << "ledgersync: payment " << processor->str() << " is " << body.value("status", "") << "; only succeeded or "
            << "partially refunded payments can be refunded\n";
        return kExitFailure;
    }

    // The host's idempotency key of this request: the same payment, amount and reason give the
    // same key, which Stripe receives as Idempotency-Key: one refund however often this runs.
    const sdk::Money exact = sdk::Money::from_minor_units(requested->minor_units(), currency);  // "25" and "25.00" alike
    const std::string idempotency_key = bus::idempotency_key("payments-refund", *processor, exact.to_string() + " " + reason, 0);
    sdk::WriteItem item;
    item.idempotency_key = idempotency_key;
    item.operation = "create";
    item.record.identity = {"ledgersync", "ledgersync", "refund", "refund-" + idempotency_key};
    item.record.version = idempotency_key;
    item.record.schema = "ledgersync.refund";
    item.record.schema_version = 1;
    item.record.body = {{"amount", exact.amount().to_string()},
                        {"currency", currency},
                        {"reason", reason},
                        {"status", "pending"},
                        {"payment", {{"type", "payment"}, {"id", processor->id}}},
                        {"date", bus::rfc3339_utc(opened.clock.now_ms()).substr(0, 10)}};
    item.record.links = {{"payment", "payment", processor->id, "/payment", processor->id}};

    std::unique_ptr<CommandConnections> connections;
    try {
        connections = std::make_unique<CommandConnections>(*config, catalog, *opened.store, err);
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        return kExitFailure;
    }
    plugin::ConnectorInstance* connector = connections->open(processor->connection);
    if (connector == nullptr) {
        err << "ledgersync: connection '" << processor->connection << "' cannot be started:";
        for (const auto& p : connections->problems(processor->connection)) err << "\n  " << p.path << ": " << connections->redact(p.message);
        err << "\n";
        return kExitPluginRefused;
    }
    sdk::Outcome outcome;
    try {
        const auto outcomes = connector->write({item});
        outcome = outcomes.empty() ? sdk::Outcome::fatal("the connector answered no outcome") : outcomes.front();
    } catch (const std::exception& e) {
        outcome = sdk::Outcome::transient(e.what());
    }
    connections->shutdown_http();
    if (outcome.kind != sdk::OutcomeClass::ok) {
        err << "ledgersync: the refund of " << requested->to_string() << " on " << processor->str() << " was not made ("
            << sdk::to_string(outcome.kind) << "): " << connections->redact(outcome.reason) << "\n";
        if (!outcome.fix_hint.empty()) err << "  to fix: " << outcome.fix_hint << "\n";
        if (outcome.kind != sdk::OutcomeClass::data) err << "  running the command again is safe: it cannot refund twice\n";
        return kExitFailure;
    }
    const std::string detail = "refund " + outcome.target_id + " of " + requested->to_string() + " (" + reason + ") made at " +
                               processor->connection + " by `ledgersync payments refund`; it is booked when " +
                               processor->connection + " is read next";
    opened.store->write([&](store::StoreTransaction& tx) {
        tx.add_timeline({*processor, opened.clock.now_ms(), "refund_requested", "", 0, detail});
    });
    out << "refunded " << requested->to_string() << " of " << processor->str() << " at " << processor->connection << ": refund "
        << outcome.target_id << " (" << reason << ")\n"
        << "it reaches QuickBooks through the refund route once " << processor->connection
        << " is read; `ledgersync invoices show` lists it under its payment\n";
    return kExitOk;
}

int remove(const po::variables_map& vm, const store::ObjectKey& key, std::ostream& out, std::ostream& err) {
    ConfiguredStore configured = open_config_and_store(vm["config"].as<std::string>(), err);
    if (!configured.opened.store) return configured.opened.exit_code;
    const std::optional<config::HostConfig>& config = configured.config;
    OpenedStore& opened = configured.opened;

    bool known = false;
    bool already = false;
    std::int64_t dismissed = 0;
    std::vector<store::ObjectKey> copies;
    opened.store->write([&](store::StoreTransaction& tx) {
        auto payment = known_payment(tx, *config, key);
        if (!payment) return;
        known = true;
        copies = payment->copies;
        if (payment->entry.deleted) {
            already = true;
            return;
        }
        const std::int64_t now = opened.clock.now_ms();
        store::MirrorEntry deleted = payment->entry;
        deleted.deleted = true;
        deleted.seen_at_ms = now;
        tx.put_mirror(deleted);
        for (const auto& route : config->routes) {
            if (!route.takes(key.connection, key.type)) continue;
            for (const auto& job : tx.unsettled_jobs(route.name, key, 1000)) {
                if (job.state == store::JobState::leased) continue;  // being written: it completes as it is
                tx.set_job_state(job.id, store::JobState::dismissed, now);
                ++dismissed;
            }
        }
        std::string untouched;
        for (const auto& c : copies) untouched += (untouched.empty() ? "" : ", ") + c.str();
        tx.add_timeline({key, now, "deleted", "", 0,
                         "deleted in ledgersync by `ledgersync payments delete`: no longer listed with its invoice, " +
                             std::to_string(dismissed) + " waiting write(s) dismissed; QuickBooks is not changed" +
                             (untouched.empty() ? "" : " (" + untouched + " stays)")});
    });
    if (!known) {
        err << "ledgersync: unknown payment " << key.str() << ": the bus has never received it\n";
        return kExitNotFound;
    }
    if (already) {
        out << key.str() << " is already deleted in ledgersync; nothing changed\n";
        return kExitOk;
    }
    out << "deleted " << key.str() << " in ledgersync only (" << dismissed << " waiting write(s) dismissed)\n"
        << "QuickBooks is NOT changed";
    if (copies.empty()) {
        out << ": the payment was never booked there\n";
    } else {
        // Its copies may be in QuickBooks and in HubSpot (the payment shown on its invoice).
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
