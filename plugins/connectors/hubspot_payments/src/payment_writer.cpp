#include "payment_writer.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include <ledgersync/sdk/decimal.hpp>

#include "hubspot_objects.hpp"
#include "qbo_link.hpp"
#include "translate_payment.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;
using sdk::Decimal;

namespace {

/// One payment on its way through the steps.
struct PendingPayment {
    std::size_t index = 0;
    std::string label;  ///< "quickbooks payment 130 (100.00 USD)", for messages
    std::string source_id;
    json properties;
    std::string invoice_id;
    std::string currency;
    /// What this payment adds to the invoice's amount paid (HubSpot counts succeeded and
    /// refunded payments net of their refunds).
    Decimal counted;
    /// The Stripe charge and payment intent ids of a payment made through Stripe: HubSpot's own
    /// checkout with the account's Stripe (byo_stripe) records such a payment itself, naming one
    /// of them in hs_reference_number.
    std::vector<std::string> stripe_ids;
    std::string payment_id;
    bool created = false;
    /// HubSpot holds this payment already (its own record of the Stripe charge): linked, not written.
    bool matched = false;
    std::string version;
    std::optional<sdk::Outcome> failure;
};

bool counts_on_invoice(const std::string& hubspot_status) {
    return hubspot_status == "succeeded" || hubspot_status == "partially_refunded" || hubspot_status == "refunded";
}

Decimal decimal_or_zero(const json& object, const char* name) {
    const auto text = property(object, name);
    return text ? Decimal::parse(*text) : Decimal();
}

std::string text_of(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// The payments still to write: neither failed nor matched to a payment HubSpot holds.
std::vector<PendingPayment*> live(std::vector<PendingPayment>& pending) {
    std::vector<PendingPayment*> out;
    for (auto& p : pending) {
        if (!p.failure && !p.matched) out.push_back(&p);
    }
    return out;
}

std::vector<std::string> stripe_ids_of(const json& body) {
    std::vector<std::string> ids;
    const json processor_ids = body.value("processor_ids", json::object());
    for (const char* kind : {"stripe_charge", "stripe_payment_intent"}) {
        const std::string id = text_of(processor_ids, kind);
        if (!id.empty()) ids.push_back(id);
    }
    return ids;
}

/// A batch call for `items`: its results; a failed call fails each of them, the errors of a 207
/// the items they trace (objectWriteTraceId = index), or all of them when they trace none. A
/// batch read's OBJECT_NOT_FOUND is no failure: the caller looks for what is missing.
json call_for(HubSpotClient& client, const ApiCall& call, const CallContext& context, const std::vector<PendingPayment*>& items) {
    json answer;
    try {
        answer = client.json_call(call, context);
    } catch (const sdk::Error& e) {
        for (PendingPayment* p : items) p->failure = e.outcome();
        return json::array();
    }
    for (const auto& item : answer.value("errors", json::array())) {
        const HubSpotError error = error_from_json(item);
        if (error.category == "OBJECT_NOT_FOUND" && context.action == "reading") continue;
        for (PendingPayment* p : items) {
            const bool traced = error.trace_ids.empty() ||
                                std::find(error.trace_ids.begin(), error.trace_ids.end(), std::to_string(p->index)) != error.trace_ids.end();
            if (traced && !p->failure) p->failure = classify_error(error, 400, {context.action, p->label});
        }
    }
    return answer.value("results", json::array());
}

}  // namespace

PaymentWriter::PaymentWriter(HubSpotClient& client, std::string qbo_payment_link)
    : client_(client), qbo_payment_link_(std::move(qbo_payment_link)), definitions_(client) {}

void PaymentWriter::ensure_properties() {
    std::lock_guard lock(mutex_);
    if (properties_done_) return;
    definitions_.ensure_defined("commerce_payments",
                                {source_id_definition("The id of the payment this one was written from "
                                                      "(<system>/<connection>/<id>), kept by LedgerSync: writes "
                                                      "replayed after a lost answer find it."),
                                 property_definition(kQboLinkProperty, "QuickBooks payment link", "string", "text",
                                                     "Where the QuickBooks Online payment this one was written from is, "
                                                     "set by LedgerSync.")});
    properties_done_ = true;
}

std::vector<sdk::Outcome> PaymentWriter::write(const std::vector<sdk::WriteItem>& items) {
    std::vector<PendingPayment> pending(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const sdk::Record& record = items[i].record;
        PendingPayment& p = pending[i];
        p.index = i;
        const json& body = record.body;
        p.currency = text_of(body, "currency");
        p.label = record.identity.system + " payment " + record.identity.id + " (" + text_of(body, "amount") + " " + p.currency + ")";
        if (items[i].operation == "delete") {
            p.failure = sdk::Outcome::data("HubSpot payments are not deleted by LedgerSync: " + p.label + " was deleted at its source",
                                           "delete the payment in HubSpot by hand if it should go");
            continue;
        }
        std::vector<const sdk::RecordLink*> invoices;
        for (const auto& link : record.links) {
            if (link.rel == "invoice") invoices.push_back(&link);
        }
        if (invoices.size() != 1) {
            p.failure = sdk::Outcome::data(
                p.label + (invoices.empty() ? " pays no invoice; HubSpot payments are written against the invoice they pay"
                                            : " pays " + std::to_string(invoices.size()) +
                                                  " invoices; the canonical payment does not say how much went to each, and HubSpot "
                                                  "counts an associated payment in full on its invoice"),
                invoices.empty() ? "apply the payment to an invoice at its source, then retry"
                                 : "record one payment per invoice at the source, then retry");
            continue;
        }
        p.invoice_id = invoices.front()->target_id;
        if (p.invoice_id.empty()) {
            p.failure = sdk::Outcome::data(p.label + " pays invoice " + invoices.front()->id + ", which is not in HubSpot yet",
                                           "sync the invoice to HubSpot first (its route), then retry");
            continue;
        }
        p.source_id = record.identity.system + "/" + record.identity.connection + "/" + record.identity.id;
        p.stripe_ids = stripe_ids_of(body);
        try {
            p.properties = payment_properties(body, record.identity.system, record.identity.id, p.source_id, qbo_payment_link_);
            const std::string status = p.properties.at("hs_latest_status").get<std::string>();
            if (counts_on_invoice(status)) {
                p.counted = Decimal::parse(p.properties.at("hs_initial_amount").get<std::string>()) -
                            Decimal::parse(p.properties.at("hs_refunds_amount").get<std::string>());
            }
        } catch (const std::exception& e) {
            p.failure = sdk::Outcome::data(p.label + " cannot be written to HubSpot: " + e.what(),
                                           "correct the payment at its source (or route it through a mapper that does), then retry");
        }
    }
    if (!live(pending).empty()) ensure_properties();

    // 1. The invoices paid: currency, balance due, status.
    std::map<std::string, json> invoices;
    if (const auto paying = live(pending); !paying.empty()) {
        json inputs = json::array();
        for (PendingPayment* p : paying) inputs.push_back({{"id", p->invoice_id}});
        const json body{{"inputs", inputs}, {"properties", {"hs_currency", "hs_balance_due", "hs_invoice_status", "hs_number"}}};
        for (const auto& invoice : call_for(client_, {"POST", "/crm/v3/objects/invoices/batch/read", {}, body.dump(), ""},
                                            {"reading", "the invoices " + std::to_string(paying.size()) + " payments pay"}, paying)) {
            invoices[text_of(invoice, "id")] = invoice;
        }
    }
    // 2. The payments written before (a replay, or an update), by their source id.
    std::map<std::string, json> existing;
    if (const auto writing = live(pending); !writing.empty()) {
        json inputs = json::array();
        for (PendingPayment* p : writing) inputs.push_back({{"id", p->source_id}});
        const json body{{"inputs", inputs}, {"idProperty", kSourceIdProperty},
                        {"properties", {kSourceIdProperty, "hs_initial_amount", "hs_refunds_amount", "hs_latest_status", "hs_has_associated_invoice"}}};
        for (const auto& payment : call_for(client_, {"POST", "/crm/v3/objects/commerce_payments/batch/read", {}, body.dump(), ""},
                                            {"reading", "the payments written before"}, writing)) {
            if (const auto source = property(payment, kSourceIdProperty)) existing[*source] = payment;
        }
    }
    // 2b. Stripe payments not written before that HubSpot recorded itself: a charge made through
    // HubSpot's checkout with the account's own Stripe (byo_stripe) is a HubSpot payment already,
    // naming the charge or its payment intent in hs_reference_number. It is linked as it is,
    // never written again (HubSpot would count the money twice, and does not let the API modify
    // a processor's payment).
    std::map<std::string, json> recorded_by_hubspot;
    std::vector<PendingPayment*> through_stripe;
    json references = json::array();
    for (PendingPayment* p : live(pending)) {
        if (p->stripe_ids.empty() || existing.count(p->source_id) != 0) continue;
        through_stripe.push_back(p);
        for (const auto& id : p->stripe_ids) references.push_back(id);
    }
    if (!through_stripe.empty()) {
        const json body{{"filterGroups", {{{"filters", {{{"propertyName", "hs_reference_number"}, {"operator", "IN"}, {"values", references}}}}}}},
                        {"properties", {"hs_reference_number", "hs_processor_type", "hs_lastmodifieddate", kSourceIdProperty}},
                        {"limit", 200}};
        for (const auto& payment : call_for(client_, {"POST", "/crm/v3/objects/commerce_payments/search", {}, body.dump(), "search"},
                                            {"searching", "the payments HubSpot recorded for " + std::to_string(through_stripe.size()) +
                                                              " Stripe payments"},
                                            through_stripe)) {
            if (property(payment, kSourceIdProperty)) continue;  // one LedgerSync wrote
            if (const auto reference = property(payment, "hs_reference_number")) recorded_by_hubspot[*reference] = payment;
        }
        for (PendingPayment* p : through_stripe) {
            for (const auto& id : p->stripe_ids) {
                const auto found = recorded_by_hubspot.find(id);
                if (found == recorded_by_hubspot.end() || p->failure) continue;
                p->matched = true;
                p->payment_id = text_of(found->second, "id");
                p->version = property(found->second, "hs_lastmodifieddate").value_or(text_of(found->second, "updatedAt"));
                break;
            }
        }
    }
    // What each invoice can still receive, payments of this batch included.
    std::map<std::string, Decimal> available;
    for (PendingPayment* p : live(pending)) {
        const auto invoice = invoices.find(p->invoice_id);
        if (invoice == invoices.end()) {
            p->failure = sdk::Outcome::data(p->label + " pays HubSpot invoice " + p->invoice_id + ", which HubSpot no longer has",
                                            "restore the invoice in HubSpot (or sync it again), then retry");
            continue;
        }
        const json& found = invoice->second;
        const std::string number = property(found, "hs_number").value_or(p->invoice_id);
        const std::string invoice_currency = property(found, "hs_currency").value_or("");
        if (invoice_currency != p->currency) {
            p->failure = sdk::Outcome::data(p->label + " is in " + p->currency + ", HubSpot invoice " + number + " in " + invoice_currency,
                                            "record the payment in the invoice's currency at its source, then retry");
            continue;
        }
        if (property(found, "hs_invoice_status").value_or("") == "voided") {
            p->failure = sdk::Outcome::data(p->label + " pays HubSpot invoice " + number + ", which is voided",
                                            "remove the payment from the voided invoice at its source, then retry");
            continue;
        }
        if (available.count(p->invoice_id) == 0) available[p->invoice_id] = decimal_or_zero(found, "hs_balance_due");
        Decimal& room = available[p->invoice_id];
        if (const auto before = existing.find(p->source_id); before != existing.end()) {
            const json& old = before->second;
            p->payment_id = text_of(old, "id");
            // Already counted on the invoice: a replay or an update does not pay it twice.
            if (property(old, "hs_has_associated_invoice").value_or("") == "true" &&
                counts_on_invoice(property(old, "hs_latest_status").value_or(""))) {
                room += decimal_or_zero(old, "hs_initial_amount") - decimal_or_zero(old, "hs_refunds_amount");
            }
        }
        if (p->counted > room) {
            p->failure = sdk::Outcome::data(p->label + " is an overpayment: it pays " + p->counted.to_string() + " on HubSpot invoice " +
                                                number + ", whose balance due is " + room.to_string(),
                                            "correct the payment (or the invoice) at its source so that it pays no more than the "
                                            "balance due, then retry");
            continue;
        }
        room -= p->counted;
    }

    // 3. The payments, upserted on their source ids.
    if (const auto writing = live(pending); !writing.empty()) {
        json inputs = json::array();
        for (PendingPayment* p : writing) {
            inputs.push_back({{"id", p->source_id}, {"idProperty", kSourceIdProperty}, {"properties", p->properties},
                              {"objectWriteTraceId", std::to_string(p->index)}});
        }
        for (const auto& result : call_for(client_, {"POST", "/crm/v3/objects/commerce_payments/batch/upsert", {}, json{{"inputs", inputs}}.dump(), ""},
                                           {"upserting", std::to_string(writing.size()) + " payments"}, writing)) {
            for (PendingPayment* p : writing) {
                if (text_of(result, "objectWriteTraceId") != std::to_string(p->index)) continue;
                p->payment_id = text_of(result, "id");
                p->created = result.value("new", false);
                p->version = text_of(result, "updatedAt");
            }
        }
        for (PendingPayment* p : live(pending)) {
            if (p->payment_id.empty() || p->version.empty()) {
                p->failure = sdk::Outcome::transient("HubSpot's answer to upserting " + p->label + " did not name it; retrying");
            }
        }
    }

    // 4. Each payment with its invoice (payment -> invoice, 542).
    if (const auto writing = live(pending); !writing.empty()) {
        json inputs = json::array();
        for (PendingPayment* p : writing) inputs.push_back({{"from", {{"id", p->payment_id}}}, {"to", {{"id", p->invoice_id}}}});
        call_for(client_, {"POST", "/crm/v4/associations/commerce_payments/invoices/batch/associate/default", {}, json{{"inputs", inputs}}.dump(), ""},
                 {"associating", "payments with their invoices"}, writing);
    }

    std::vector<sdk::Outcome> outcomes;
    for (auto& p : pending) {
        if (!p.failure) {
            outcomes.push_back(sdk::Outcome::ok(p.payment_id, p.version, p.matched ? "matched" : p.created ? "created" : "updated"));
            continue;
        }
        sdk::Outcome failure = *p.failure;
        // A payment that exists in HubSpot all the same is linked, so the retry updates it.
        if (!p.payment_id.empty() && failure.kind == sdk::OutcomeClass::data) failure.target_id = p.payment_id;
        outcomes.push_back(failure);
    }
    return outcomes;
}

}  // namespace ledgersync::connectors::hubspot
