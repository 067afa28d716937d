#include "app/payment_refund.hpp"

#include <algorithm>
#include <optional>

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/money.hpp>

#include "app/linked_copies.hpp"
#include "bus/digest.hpp"
#include "bus/outcome_event.hpp"

namespace ledgersync::app {

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

/// The canonical body of `key` as the mirror holds it, null when it is not there.
std::optional<nlohmann::json> mirrored_body(store::StoreTransaction& tx, const store::ObjectKey& key) {
    const auto entry = tx.mirror(key);
    if (!entry) return std::nullopt;
    return sdk::parse_json_exact(entry->record_json).value("body", nlohmann::json::object());
}

/// The connection (and the payment's id there) that took the money and can refund it: the
/// payment or one of its copies whose source is a processor and whose plugin writes refunds.
std::optional<store::ObjectKey> processor_payment(store::StoreTransaction& tx, const config::HostConfig& config,
                                                  const std::vector<std::string>& refunders, const store::ObjectKey& key) {
    std::vector<store::ObjectKey> candidates = {key};
    const auto copies = copies_of(tx, config, key);
    candidates.insert(candidates.end(), copies.begin(), copies.end());
    for (const auto& candidate : candidates) {
        if (std::find(refunders.begin(), refunders.end(), candidate.connection) == refunders.end()) continue;
        const auto body = mirrored_body(tx, candidate);
        if (!body) continue;
        const std::string source = body->value("source", "");
        if (source == "stripe" || source == "hubspot_payments") return candidate;
    }
    return std::nullopt;
}

}  // namespace

std::vector<std::string> refund_connections(const config::HostConfig& config, const plugin::PluginCatalog& catalog) {
    std::vector<std::string> names;
    for (const auto& [name, connection] : config.connections) {
        const auto manifest = catalog.find(connection.plugin);
        if (manifest && std::find(manifest->writes.begin(), manifest->writes.end(), "refund") != manifest->writes.end()) {
            names.push_back(name);
        }
    }
    return names;
}

const std::vector<std::string>& refund_reasons() {
    static const std::vector<std::string> reasons = {"duplicate", "fraudulent", "requested_by_customer", "other"};
    return reasons;
}

RefundPlan plan_refund(store::Store& store, const config::HostConfig& config, const std::vector<std::string>& refunders,
                       const store::ObjectKey& key, const std::string& amount_text, const std::string& reason, std::int64_t now_ms) {
    using Why = RefundRefused::Why;
    if (std::find(refund_reasons().begin(), refund_reasons().end(), reason) == refund_reasons().end()) {
        throw RefundRefused(Why::bad_reason, "'" + reason + "' is not a refund reason; use one of " + joined(refund_reasons()));
    }
    sdk::Decimal amount;
    try {
        amount = sdk::Decimal::parse(amount_text);
    } catch (const std::exception& e) {
        throw RefundRefused(Why::bad_amount, "'" + amount_text + "' is not an exact decimal amount (" + e.what() +
                                                 "); write it like 25.00");
    }
    if (amount.is_zero() || amount.is_negative()) {
        throw RefundRefused(Why::bad_amount, "must be more than 0, not " + amount.to_string());
    }

    bool known = false;
    bool deleted = false;
    std::string named_source;
    std::optional<store::ObjectKey> processor;
    nlohmann::json body;
    store.read([&](store::StoreTransaction& tx) {
        // Named by a copy the store never read back (its QuickBooks payment): its source's entry.
        const auto held = mirrored_member(tx, config, key);
        if (!held) return;
        const auto entry = tx.mirror(*held);
        known = true;
        deleted = entry->deleted;
        named_source = sdk::parse_json_exact(entry->record_json).value("body", nlohmann::json::object()).value("source", "unknown");
        processor = processor_payment(tx, config, refunders, *held);
        if (processor) body = mirrored_body(tx, *processor).value_or(nlohmann::json::object());
    });
    if (!known) {
        throw RefundRefused(Why::unknown_payment, "unknown payment " + key.str() + ": the bus has never received it; check the id " +
                                                      "with `ledgersync invoices show` on its invoice, or wait for the next read of " +
                                                      key.connection);
    }
    if (deleted) {
        throw RefundRefused(Why::not_refundable, "payment " + key.str() +
                                                     " is deleted (at its source or with `payments delete`); nothing to refund");
    }
    if (!processor) {
        throw RefundRefused(Why::not_refundable, "payment " + key.str() + " (source " + named_source +
                                                     ") was not made through a processor a configured connection refunds "
                                                     "(Stripe); refund it where the money was received");
    }
    const std::string currency = body.value("currency", "");
    std::optional<sdk::Money> requested;
    std::optional<sdk::Money> refundable;
    try {
        requested = sdk::Money(amount, currency);
        const sdk::Money paid(sdk::Decimal::from_json(body.at("amount")), currency);
        const sdk::Money refunded(
            body.contains("refunded_amount") ? sdk::Decimal::from_json(body.at("refunded_amount")) : sdk::Decimal(0), currency);
        refundable = paid - refunded;
    } catch (const std::exception& e) {
        throw RefundRefused(Why::not_refundable, "payment " + processor->str() + " cannot be refunded: " + e.what());
    }
    if (!requested->is_minor_unit_exact()) {
        throw RefundRefused(Why::bad_amount, amount.to_string() + " has more decimals than " + currency +
                                                 " has; round it to its minor unit");
    }
    if (*requested > *refundable) {
        throw RefundRefused(Why::too_much, requested->to_string() + " is more than what payment " + processor->str() +
                                               " has left to refund: " + refundable->to_string() + " (paid " +
                                               body.value("amount", "") + ", refunded " + body.value("refunded_amount", "0") +
                                               "); refund at most that");
    }
    const std::string status = body.value("status", "");
    if (status != "succeeded" && status != "partially_refunded") {
        throw RefundRefused(Why::not_refundable, "payment " + processor->str() + " is " + status +
                                                     "; only succeeded or partially refunded payments can be refunded");
    }

    RefundPlan plan;
    plan.payment = key;
    plan.processor_payment = *processor;
    // The host's idempotency key of this request: the same payment, amount and reason give the
    // same key, which the processor receives as its idempotency key: one refund however often
    // it is asked for ("25" and "25.00" alike).
    const sdk::Money exact = sdk::Money::from_minor_units(requested->minor_units(), currency);
    plan.amount = exact.amount().to_string();
    plan.currency = currency;
    plan.amount_text = exact.to_string();
    plan.reason = reason;
    plan.idempotency_key = bus::idempotency_key("payments-refund", *processor, exact.to_string() + " " + reason, 0);
    sdk::WriteItem& item = plan.item;
    item.idempotency_key = plan.idempotency_key;
    item.operation = "create";
    item.record.identity = {"ledgersync", "ledgersync", "refund", "refund-" + plan.idempotency_key};
    item.record.version = plan.idempotency_key;
    item.record.schema = "ledgersync.refund";
    item.record.schema_version = 1;
    item.record.body = {{"amount", plan.amount},
                        {"currency", currency},
                        {"reason", reason},
                        {"status", "pending"},
                        {"payment", {{"type", "payment"}, {"id", processor->id}}},
                        {"date", bus::rfc3339_utc(now_ms).substr(0, 10)}};
    item.record.links = {{"payment", "payment", processor->id, "/payment", processor->id}};
    return plan;
}

sdk::Outcome make_refund(plugin::ConnectorInstance& connector, store::Store& store, const RefundPlan& plan, std::int64_t now_ms,
                         const std::string& requested_by) {
    sdk::Outcome outcome;
    try {
        const auto outcomes = connector.write({plan.item});
        outcome = outcomes.empty() ? sdk::Outcome::fatal("the connector answered no outcome") : outcomes.front();
    } catch (const std::exception& e) {
        outcome = sdk::Outcome::transient(e.what());
    }
    if (outcome.kind != sdk::OutcomeClass::ok) return outcome;
    const store::ObjectKey& at = plan.processor_payment;
    const std::string detail = "refund " + outcome.target_id + " of " + plan.amount_text + " (" + plan.reason + ") made at " +
                               at.connection + " by " + requested_by + "; it is booked when " + at.connection + " is read next";
    store.write([&](store::StoreTransaction& tx) { tx.add_timeline({at, now_ms, "refund_requested", "", 0, detail}); });
    return outcome;
}

}  // namespace ledgersync::app
