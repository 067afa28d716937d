#include "connector.hpp"

#include <map>

#include "qbo_json.hpp"
#include "timestamps.hpp"
#include "translate.hpp"
#include "webhooks.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;

QuickBooksConnector::QuickBooksConnector(sdk::HostServices host, const json& config)
    : host_(host), config_(QboConfig::parse(config)), client_(host, config_), reader_(client_, config_), writer_(client_, config_) {}

sdk::CheckResult QuickBooksConnector::check() {
    try {
        const json info = client_.company_info();
        const std::string name = string_member(info, "CompanyName").value_or("(no name)");
        // The custom fields the mapping sends must be there as mapped, checked at start against
        // the company's Preferences: else the first invoice carrying one is the first to know.
        const auto problems = writer_.custom_field_mapping_problems();
        if (!problems.empty()) {
            std::string reason = "QuickBooks company '" + name + "': ";
            for (std::size_t i = 0; i < problems.size(); ++i) reason += (i == 0 ? "" : "; and ") + problems[i];
            return {false, reason};
        }
        return {true, "connected to QuickBooks company '" + name + "' (realm " + config_.realm_id + ", " +
                          config_.endpoints.environment + " " + config_.endpoints.api_base_url + ", minorversion " +
                          std::to_string(config_.minorversion) + ")"};
    } catch (const sdk::Error& e) {
        const sdk::Outcome& o = e.outcome();
        return {false, o.reason + (o.fix_hint.empty() ? std::string() : "; to fix: " + o.fix_hint)};
    }
}

sdk::ReadResult QuickBooksConnector::read(const sdk::ReadRequest& request) { return reader_.read(request); }

std::vector<sdk::Outcome> QuickBooksConnector::write(const std::vector<sdk::WriteItem>& items) { return writer_.write(items); }

sdk::Document QuickBooksConnector::fetch(const sdk::FetchRequest& request) {
    if (request.document != "invoice_pdf") {
        throw sdk::Unsupported("the QuickBooks connector fetches \"invoice_pdf\" documents, not \"" + request.document + "\"");
    }
    sdk::Document document;
    document.content_type = "application/pdf";
    try {
        document.bytes = client_.pdf("invoice", request.id, FaultContext{"fetching the PDF of", "invoice " + request.id, "", "Invoice"});
    } catch (const sdk::Error& e) {
        // 610 on a read: no such invoice (not "something it uses was made inactive", as on a write).
        const auto& details = e.outcome().details;
        if (!details.is_object() || details.value("qbo_fault_code", "") != "610") throw;
        throw sdk::Error(sdk::Outcome::data("QuickBooks has no invoice " + request.id + " in company " + config_.realm_id +
                                                " (it was deleted, or the id is not an invoice of this company)",
                                            "check the invoice's id: `ledgersync objects show` lists what the bus knows of it"));
    }
    return document;
}

sdk::WebhookResult QuickBooksConnector::webhook(const sdk::HttpRequest& request) {
    if (config_.webhook_verifier_token.empty()) {
        host_.count("qbo_webhooks_rejected_total", 1, "reason=not_configured");
        throw sdk::Error(sdk::Outcome::data("a QuickBooks webhook arrived, but the connection has no webhook_verifier_token to "
                                            "verify it with; it was refused",
                                            "set webhook_verifier_token to the Verifier Token on the Webhooks page of the Intuit app"));
    }
    if (!verify_webhook_signature(config_.webhook_verifier_token, request.body, request.header(kSignatureHeader))) {
        host_.count("qbo_webhooks_rejected_total", 1, "reason=signature");
        throw sdk::Error(sdk::Outcome::data(
            "a QuickBooks webhook was refused: its intuit-signature does not match the body (a wrong verifier token, a "
            "sender that is not Intuit, or a body altered on the way)",
            "check that webhook_verifier_token is the Verifier Token of this app and environment (Development and "
            "Production have different ones)"));
    }
    WebhookPayload payload;
    try {
        payload = parse_webhook_payload(request.body);
    } catch (const WebhookFormatError& e) {
        // Verified, but unreadable: acknowledge (a 4xx makes Intuit resend it forever) and say so.
        host_.count("qbo_webhooks_rejected_total", 1, "reason=format");
        host_.log(sdk::LogLevel::error, std::string("a verified QuickBooks webhook could not be read and was dropped: ") + e.what());
        return {};
    }
    host_.count("qbo_webhooks_total", 1, payload.format == WebhookFormat::legacy ? "format=legacy" : "format=cloudevents");
    for (const auto& skipped : payload.skipped) host_.log(sdk::LogLevel::warning, "QuickBooks webhook: skipped " + skipped);

    // The last word per entity: a delete wins over earlier changes of the same delivery.
    struct Change {
        std::string entity;
        std::string id;
        bool deleted = false;
        std::string time;
    };
    std::vector<Change> changes;
    std::map<std::pair<std::string, std::string>, std::size_t> seen;
    auto note = [&](const std::string& entity, const std::string& id, bool deleted, const std::string& time) {
        const auto key = std::make_pair(entity, id);
        if (auto it = seen.find(key); it != seen.end()) {
            Change& c = changes[it->second];
            c.deleted = c.deleted || deleted;
            c.time = time;
            return;
        }
        seen[key] = changes.size();
        changes.push_back({entity, id, deleted, time});
    };
    for (const auto& event : payload.events) {
        if (event.realm_id != config_.realm_id) {
            host_.count("qbo_webhook_events_ignored_total", 1, "reason=other_realm");
            continue;
        }
        if (find_entity(event.entity) == nullptr) continue;  // an entity this connector does not map
        if (event.operation == "Merge" && !event.deleted_id.empty()) note(event.entity, event.deleted_id, true, event.time);
        note(event.entity, event.entity_id, event.operation == "Delete", event.time);
    }

    sdk::WebhookResult result;
    for (const auto& change : changes) {
        const std::string updated_at = format_utc(parse_timestamp_ms(change.time).value_or(
            std::chrono::duration_cast<std::chrono::milliseconds>(host_.now().time_since_epoch()).count()));
        if (change.deleted) {
            result.records.push_back(deleted_record(change.entity, change.id, updated_at));
            continue;
        }
        const EntityKind* kind = find_entity(change.entity);
        json entity;
        try {
            // Webhooks are hints: what counts is the entity as QBO has it now.
            entity = client_.read_entity(change.entity, std::string(kind->path), change.id,
                                         FaultContext{"reading", change.entity + " " + change.id + " named by a webhook", "", change.entity});
        } catch (const sdk::Error& e) {
            if (e.outcome().kind != sdk::OutcomeClass::data) throw;  // unavailable now: Intuit delivers again
            host_.log(sdk::LogLevel::warning, "QuickBooks webhook: " + e.outcome().reason + "; change data capture will catch up");
            continue;
        }
        translate_entity(host_, change.entity, entity, config_.mapping, updated_at, result.records, result.untranslated);
    }
    result.response_status = 200;
    return result;
}

}  // namespace ledgersync::connectors::quickbooks
