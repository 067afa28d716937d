#include "connector.hpp"

#include <map>
#include <set>

#include "association_reads.hpp"
#include "translate.hpp"
#include "webhooks.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

std::int64_t now_ms(const sdk::HostServices& host) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(host.now().time_since_epoch()).count();
}

sdk::Error refused(const sdk::HostServices& host, const std::string& reason, const std::string& why, const std::string& fix) {
    host.count("hubspot_webhooks_rejected_total", 1, "reason=" + reason);
    return sdk::Error(sdk::Outcome::data("a HubSpot webhook was refused: " + why, fix));
}

}  // namespace

HubSpotConnector::HubSpotConnector(sdk::HostServices host, const json& config)
    : host_(host),
      config_(HubSpotConfig::parse(config)),
      client_(host, config_),
      properties_(client_),
      company_currency_(client_),
      reader_(client_, config_, company_currency_),
      writer_(client_, properties_, config_),
      sync_status_(client_, properties_),
      payment_writer_(client_, properties_),
      replays_(host, kSignatureMaxAgeMs) {}

namespace {

/// An outcome as one line of a check's details: its reason, then its fix.
std::string reason_and_fix(const sdk::Outcome& o) { return o.reason + (o.fix_hint.empty() ? std::string() : "; to fix: " + o.fix_hint); }

}  // namespace

sdk::CheckResult HubSpotConnector::check() {
    std::set<std::string> missing_scopes;
    std::vector<std::string> problems;
    // An invoice is read with its deals and its payments: their read scopes are needed too.
    for (const std::string type : {"invoices", "line_items", "contacts", "companies", "products", "deals", "commerce_payments"}) {
        try {
            const sdk::HttpResponse response = client_.send({"GET", "/crm/v3/objects/" + type, {{"limit", "1"}}, "", ""});
            if (response.status >= 200 && response.status < 300) continue;
            const auto error = parse_error(response.body);
            if (response.status == 403 && error) {
                missing_scopes.insert(error->required_scopes.begin(), error->required_scopes.end());
                if (error->required_scopes.empty()) problems.push_back("reading " + type + " is forbidden (" + error->describe() + ")");
                continue;
            }
            const sdk::Outcome o = classify_response(response.status, response.body, {"reading", type}, response.retry_after);
            problems.push_back(reason_and_fix(o));
            if (response.status == 401) break;
        } catch (const sdk::Error& e) {
            const sdk::Outcome& o = e.outcome();
            return {false, reason_and_fix(o)};
        }
    }
    // The configured custom properties must exist: HubSpot reads leave an unknown one out silently.
    for (const auto& name : config_.invoice_custom_properties) {
        if (!problems.empty() || !missing_scopes.empty()) break;
        try {
            const sdk::HttpResponse response = client_.send({"GET", "/crm/v3/properties/invoices/" + name, {}, "", ""});
            if (response.status == 404) {
                problems.push_back("the invoice property \"" + name + "\" of invoice_custom_properties does not exist in this "
                                   "HubSpot account; create it (Settings > Properties > Invoice properties) or remove it from "
                                   "invoice_custom_properties");
            } else if (response.status < 200 || response.status >= 300) {
                const sdk::Outcome o = classify_response(response.status, response.body, {"reading", "invoice property " + name},
                                                         response.retry_after);
                problems.push_back(reason_and_fix(o));
            }
        } catch (const sdk::Error& e) {
            const sdk::Outcome& o = e.outcome();
            return {false, reason_and_fix(o)};
        }
    }
    // What product prices are in: a check that passes has read it (kept for the reads).
    std::string currency;
    if (problems.empty() && missing_scopes.empty()) {
        try {
            currency = company_currency_.get();
        } catch (const sdk::Error& e) {
            const sdk::Outcome& o = e.outcome();
            problems.push_back(reason_and_fix(o));
        }
    }
    if (!missing_scopes.empty()) {
        std::string list;
        for (const auto& scope : missing_scopes) list += (list.empty() ? "" : ", ") + scope;
        problems.insert(problems.begin(), "the app lacks the scopes " + list + "; add them to the app (Auth tab) and "
                                          "re-authorize or reinstall it");
    }
    if (!problems.empty()) {
        std::string details;
        for (const auto& p : problems) details += (details.empty() ? "" : "\n") + p;
        return {false, details};
    }
    return {true, "connected to HubSpot at " + config_.endpoints.api_base_url + " with " +
                      (config_.auth == AuthMode::oauth ? "an OAuth app" : "a private app token") +
                      "; invoices, line items, contacts, companies, products, deals and commerce payments can be read"
                      "; product prices are in " + currency + " (the account's company currency)"};
}

sdk::ReadResult HubSpotConnector::read(const sdk::ReadRequest& request) { return reader_.read(request); }

std::vector<sdk::Outcome> HubSpotConnector::write(const std::vector<sdk::WriteItem>& items) {
    // Sync outcomes and payments go to their writers, everything else to the invoice writer
    // (which refuses other types); outcomes keep the items' order.
    enum class Kind { status, payment, other };
    const auto kind_of = [](const sdk::WriteItem& item) {
        const std::string& type = item.record.identity.type;
        return type == kSyncOutcomeType ? Kind::status : type == "payment" ? Kind::payment : Kind::other;
    };
    std::vector<sdk::WriteItem> statuses, payments, others;
    for (const auto& item : items) {
        const Kind kind = kind_of(item);
        (kind == Kind::status ? statuses : kind == Kind::payment ? payments : others).push_back(item);
    }
    if (statuses.empty() && payments.empty()) return writer_.write(items);
    const auto status_outcomes = statuses.empty() ? std::vector<sdk::Outcome>() : sync_status_.write(statuses);
    const auto payment_outcomes = payments.empty() ? std::vector<sdk::Outcome>() : payment_writer_.write(payments);
    const auto other_outcomes = others.empty() ? std::vector<sdk::Outcome>() : writer_.write(others);
    std::vector<sdk::Outcome> outcomes;
    std::size_t s = 0, p = 0, o = 0;
    for (const auto& item : items) {
        const Kind kind = kind_of(item);
        outcomes.push_back(kind == Kind::status ? status_outcomes[s++] : kind == Kind::payment ? payment_outcomes[p++] : other_outcomes[o++]);
    }
    return outcomes;
}

std::string HubSpotConnector::webhook_uri(const sdk::HttpRequest& request) const {
    const std::size_t query = request.url.find('?');
    if (!config_.webhook_target_url.empty()) {
        return config_.webhook_target_url.find('?') == std::string::npos && query != std::string::npos
                   ? config_.webhook_target_url + request.url.substr(query)
                   : config_.webhook_target_url;
    }
    const std::string proto = request.header("X-Forwarded-Proto");
    return (proto.empty() ? std::string("https") : proto) + "://" + request.header("Host") + request.url;
}

sdk::WebhookResult HubSpotConnector::webhook(const sdk::HttpRequest& request) {
    if (config_.webhook_secret.empty()) {
        throw refused(host_, "not_configured", "the connection has no webhook_secret to verify it with",
                      "set webhook_secret to the client secret of the HubSpot app that sends the webhooks");
    }
    const std::string received = request.header(kReceivedAtHeader);
    std::int64_t received_at = now_ms(host_);
    if (!received.empty()) {
        try {
            received_at = std::stoll(received);
        } catch (const std::exception&) {
        }
    }
    const std::string signature = request.header(kSignatureV3Header);
    const std::string timestamp = request.header(kRequestTimestampHeader);
    switch (verify_signature_v3(config_.webhook_secret, request.method, webhook_uri(request), request.body, signature, timestamp,
                                received_at)) {
        case SignatureVerdict::valid:
            break;
        case SignatureVerdict::missing:
            throw refused(host_, "unsigned", "it carries no X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp",
                          "subscribe with a HubSpot app (webhooks v3); unsigned requests are never accepted");
        case SignatureVerdict::forged:
            throw refused(host_, "signature",
                          "its X-HubSpot-Signature-v3 does not match the request (a wrong webhook_secret or "
                          "webhook_target_url, a sender that is not HubSpot, or a request altered on the way)",
                          "check that webhook_secret is the app's client secret and webhook_target_url the target URL "
                          "exactly as configured in the app");
        case SignatureVerdict::expired:
            throw refused(host_, "expired", "it was signed at " + timestamp + ", more than 5 minutes before it was received",
                          "nothing to do for a replayed old request; if HubSpot's deliveries are refused, check the clock "
                          "of this host");
        case SignatureVerdict::from_the_future:
            throw refused(host_, "future", "it is stamped " + timestamp + ", more than 5 minutes after it was received",
                          "check the clock of this host");
    }
    if (replays_.seen(signature, received_at)) {
        throw refused(host_, "replay", "the same signed request was accepted before (a replay)",
                      "nothing to do: each delivery is ingested once");
    }
    std::vector<HubSpotEvent> events;
    try {
        events = parse_events(request.body);
    } catch (const std::invalid_argument& e) {
        // Verified, but unreadable: dropped with a log line (HubSpot would resend it forever).
        host_.count("hubspot_webhooks_rejected_total", 1, "reason=format");
        host_.log(sdk::LogLevel::error, std::string("a verified HubSpot webhook could not be read and was dropped: ") + e.what());
        replays_.remember(signature, received_at);
        return {};
    }

    // Per stream, the objects to read again and the ones deleted (the last word wins).
    std::map<std::string, std::map<std::string, bool>> changes;
    std::map<std::string, std::int64_t> deleted_at;
    // Changed line items, discounts, fees and taxes, by type: their invoices are read again.
    std::map<std::string, std::set<std::string>> changed_parts;
    const std::string customer_type_id = config_.customer_from == "company" ? "0-2" : "0-1";
    for (const auto& event : events) {
        std::string stream;
        std::string id = event.object_id;
        std::string type_id = event.object_type_id;
        const bool association_change = event.subscription_type.find("associationChange") != std::string::npos;
        if (association_change && !event.from_object_id.empty()) {
            id = event.from_object_id;
            type_id = event.from_object_type_id.empty() ? type_id : event.from_object_type_id;
            // A part added to or removed from an invoice: the event names the invoice.
            if (!invoice_part_type(type_id).empty() && event.to_object_type_id == "0-53" && !event.to_object_id.empty()) {
                id = event.to_object_id;
                type_id = event.to_object_type_id;
            }
        }
        if (const std::string part_type = invoice_part_type(type_id); !part_type.empty()) {
            // A deleted part has no invoice left to find; its invoice's association change says it.
            if (!event.deleted && !id.empty()) changed_parts[part_type].insert(id);
            continue;
        }
        if (type_id == "0-53") stream = "invoice";
        else if (type_id == customer_type_id) stream = "customer";
        else if (type_id == "0-7") stream = "product";
        else if (type_id == "0-101") stream = "payment";  // re-read with its refunds
        if (stream.empty() || id.empty()) continue;  // an object the connector does not map
        const bool deleted = event.deleted && event.subscription_type.find("associationChange") == std::string::npos;
        changes[stream][id] = deleted;
        if (deleted) deleted_at[stream + "/" + id] = event.occurred_at_ms;
    }
    for (const auto& [part_type, ids] : changed_parts) {
        for (const auto& invoice : invoices_of_parts(client_, part_type, {ids.begin(), ids.end()})) {
            changes["invoice"].emplace(invoice, false);  // a deletion of the invoice itself wins
        }
    }
    host_.count("hubspot_webhooks_total", 1);

    sdk::WebhookResult result;
    for (const auto& [stream, objects] : changes) {
        std::vector<std::string> reread;
        for (const auto& [id, deleted] : objects) {
            if (!deleted) {
                reread.push_back(id);
                continue;
            }
            const std::int64_t at = deleted_at[stream + "/" + id];
            auto record = deleted_record(stream, id, sdk::Timestamp::from_epoch_milliseconds(at > 0 ? at : received_at).to_rfc3339());
            result.records.push_back(std::move(record));
        }
        if (reread.empty()) continue;
        // Webhooks are hints: what counts is the object as HubSpot has it now.
        sdk::ReadResult read = reader_.read_ids(stream, reread);
        for (auto& r : read.records) result.records.push_back(std::move(r));
        for (auto& u : read.untranslated) result.untranslated.push_back(std::move(u));
    }
    replays_.remember(signature, received_at);
    result.response_status = 200;
    return result;
}

}  // namespace ledgersync::connectors::hubspot
