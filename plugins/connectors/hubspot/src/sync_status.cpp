#include "sync_status.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "batch_answer.hpp"
#include "custom_properties.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

constexpr std::size_t kBatchInputs = 100;

std::string text_at(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// An outcome on its way to its invoice.
struct StatusUpdate {
    std::size_t item = 0;
    std::string invoice_id;
    std::string at;
    json properties;
};

}  // namespace

std::vector<json> sync_status_property_definitions() {
    json status = property_definition(kSyncStatusProperty, "LedgerSync sync status", "enumeration", "select",
                                      "Whether LedgerSync last wrote this invoice to QuickBooks Online (synced), failed to "
                                      "(failed), or would not create it there (refused: a duplicate; the last error says why).");
    status["options"] = json::array({{{"label", "Synced"}, {"value", "synced"}, {"displayOrder", 0}},
                                     {{"label", "Failed"}, {"value", "failed"}, {"displayOrder", 1}},
                                     {{"label", "Refused (duplicate)"}, {"value", "refused"}, {"displayOrder", 2}}});
    return {status,
            property_definition(kQboIdProperty, "QuickBooks invoice id", "string", "text",
                                "The id of this invoice's copy in QuickBooks Online, set by LedgerSync."),
            property_definition(kQboLinkProperty, "QuickBooks invoice link", "string", "text",
                                "Where this invoice's copy is in QuickBooks Online, set by LedgerSync."),
            property_definition(kLastSyncedAtProperty, "LedgerSync last synced at", "datetime", "date",
                                "When LedgerSync last recorded a sync of this invoice, synced or failed."),
            property_definition(kLastErrorProperty, "LedgerSync last error", "string", "textarea",
                                "Why the last sync failed and how to fix it; empty once it synced.")};
}

std::optional<json> sync_status_properties(const json& outcome, const std::string& link_template) {
    const json source = outcome.value("source", json::object());
    const json target = outcome.value("target", json::object());
    if (text_at(source, "type") != "invoice" || text_at(target, "type") != "invoice") return std::nullopt;
    const std::string status = text_at(outcome, "status");
    if (status != "synced" && status != "failed" && status != "refused") {
        throw std::invalid_argument("its status \"" + status + "\" is not synced, failed or refused");
    }
    const auto at = hubspot_time_ms(text_at(outcome, "at"));
    if (!at) throw std::invalid_argument("its time (at) \"" + text_at(outcome, "at") + "\" is not an RFC 3339 instant");
    json properties = {{kSyncStatusProperty, status}, {kLastSyncedAtProperty, std::to_string(*at)}};
    if (const std::string id = text_at(target, "id"); !id.empty()) {
        properties[kQboIdProperty] = id;
        properties[kQboLinkProperty] = qbo_link(link_template, id);
    }
    if (status == "synced") {
        properties[kLastErrorProperty] = "";
    } else {
        std::string error = text_at(outcome, "reason");
        if (error.empty()) error = "the sync failed (" + text_at(outcome, "outcome_class") + ")";
        if (const std::string fix = text_at(outcome, "fix_hint"); !fix.empty()) error += "; to fix: " + fix;
        properties[kLastErrorProperty] = error;
    }
    return properties;
}

SyncStatusWriter::SyncStatusWriter(HubSpotClient& client, CustomProperties& properties, std::string qbo_invoice_link)
    : client_(client), properties_(properties), qbo_invoice_link_(std::move(qbo_invoice_link)) {}

std::vector<sdk::Outcome> SyncStatusWriter::write(const std::vector<sdk::WriteItem>& items) {
    std::vector<std::optional<sdk::Outcome>> outcomes(items.size());
    std::vector<StatusUpdate> updates;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json& body = items[i].record.body;
        const std::string invoice_id = text_at(body.value("source", json::object()), "id");
        try {
            auto properties = sync_status_properties(body, qbo_invoice_link_);
            if (!properties) {
                outcomes[i] = sdk::Outcome::ok(invoice_id, {}, "unchanged");
                continue;
            }
            if (invoice_id.empty()) throw std::invalid_argument("it names no invoice (source.id)");
            updates.push_back({i, invoice_id, text_at(body, "at"), std::move(*properties)});
        } catch (const std::invalid_argument& e) {
            outcomes[i] = sdk::Outcome::data("the sync outcome " + items[i].record.identity.id + " cannot be shown on its HubSpot invoice: " + e.what(),
                                             "nothing to fix in HubSpot: report it, the outcome does not follow sdk/schema/sync_outcome.schema.json");
        }
    }
    // One input per invoice: its outcomes merged oldest first, so a failure without an id
    // keeps the id an earlier success of the same batch set.
    std::stable_sort(updates.begin(), updates.end(), [](const StatusUpdate& a, const StatusUpdate& b) { return a.at < b.at; });
    std::map<std::string, json> merged;
    std::map<std::string, std::vector<std::size_t>> items_of;
    std::vector<std::string> order;
    for (const auto& u : updates) {
        if (merged.emplace(u.invoice_id, json::object()).second) order.push_back(u.invoice_id);
        merged[u.invoice_id].update(u.properties);
        items_of[u.invoice_id].push_back(u.item);
    }
    if (!order.empty()) properties_.ensure();
    for (std::size_t from = 0; from < order.size(); from += kBatchInputs) {
        json inputs = json::array();
        for (std::size_t i = from; i < std::min(order.size(), from + kBatchInputs); ++i) {
            inputs.push_back({{"id", order[i]}, {"properties", merged[order[i]]}, {"objectWriteTraceId", std::to_string(i)}});
        }
        const BatchAnswer answer = send_batch(client_, {"POST", "/crm/v3/objects/invoices/batch/update", {}, json{{"inputs", inputs}}.dump(), ""},
                                              {"setting the sync status of", std::to_string(inputs.size()) + " invoices"},
                                              [&](const std::string& index) { return "invoice " + order[std::stoul(index)]; });
        std::map<std::string, std::string> versions;
        for (const auto& result : answer.results) versions[text_at(result, "id")] = text_at(result, "updatedAt");
        for (std::size_t i = from; i < std::min(order.size(), from + kBatchInputs); ++i) {
            const std::string& invoice_id = order[i];
            auto failure = answer.failure_of(std::to_string(i));
            if (!failure && versions.count(invoice_id) == 0) {
                failure = sdk::Outcome::transient("HubSpot's answer to setting the sync status of invoice " + invoice_id + " did not name it; retrying");
            }
            for (const std::size_t item : items_of[invoice_id]) {
                outcomes[item] = failure ? *failure : sdk::Outcome::ok(invoice_id, versions[invoice_id], "updated");
            }
        }
    }
    std::vector<sdk::Outcome> out;
    for (auto& o : outcomes) out.push_back(o ? std::move(*o) : sdk::Outcome::transient("the sync outcome was not handled; retrying"));
    return out;
}

}  // namespace ledgersync::connectors::hubspot
