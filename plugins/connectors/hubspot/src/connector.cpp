#include "connector.hpp"

#include <map>
#include <set>

#include "access_check.hpp"
#include "association_reads.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

/// The scopes of what this connector writes: invoices (and their sync status), line items with
/// the discounts, fees and taxes (HubSpot's documentation names no scope of their own; the
/// sandbox asks for the line items'), and the latest invoice on deals.
const std::vector<std::string> kWriteScopes = {"crm.objects.invoices.write", "crm.objects.line_items.write", "crm.objects.deals.write"};

}  // namespace

HubSpotConnector::HubSpotConnector(sdk::HostServices host, const json& config)
    : config_(HubSpotConfig::parse(config)),
      client_(host, config_),
      properties_(client_),
      company_currency_(client_),
      reader_(client_, config_, company_currency_),
      writer_(client_, properties_, config_),
      sync_status_(client_, properties_, config_.qbo_invoice_link),
      webhooks_(host, config_, "hubspot") {}

sdk::CheckResult HubSpotConnector::check() {
    AccessProblems access;
    // An invoice is read with its deals and the commerce payments applied to it (where each was
    // made): their read scopes are needed too.
    check_reads(client_, {"invoices", "line_items", "contacts", "companies", "products", "deals", "commerce_payments"}, access);
    if (!access.fatal) check_write_scopes(client_, kWriteScopes, access);
    if (access.fatal) return {false, *access.fatal};
    std::vector<std::string>& problems = access.problems;
    // The configured custom properties must exist: HubSpot reads leave an unknown one out silently.
    for (const auto& name : config_.invoice_custom_properties) {
        if (!access.empty()) break;
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
    if (access.empty()) {
        try {
            currency = company_currency_.get();
        } catch (const sdk::Error& e) {
            const sdk::Outcome& o = e.outcome();
            problems.push_back(reason_and_fix(o));
        }
    }
    if (!access.empty()) return {false, access.describe()};
    return {true, "connected to HubSpot at " + config_.endpoints.api_base_url + " with " +
                      (config_.auth == AuthMode::oauth ? "an OAuth app" : "a private app token") +
                      "; invoices, line items, contacts, companies, products, deals and commerce payments can be read"
                      "; product prices are in " + currency + " (the account's company currency)" + notes_of(access)};
}

sdk::ReadResult HubSpotConnector::read(const sdk::ReadRequest& request) { return reader_.read(request); }

std::vector<sdk::Outcome> HubSpotConnector::write(const std::vector<sdk::WriteItem>& items) {
    // Sync outcomes go to their writer, everything else to the invoice writer (which refuses
    // other types: payments are the hubspot_payments connector's); outcomes keep the items' order.
    const auto is_status = [](const sdk::WriteItem& item) { return item.record.identity.type == kSyncOutcomeType; };
    std::vector<sdk::WriteItem> statuses, others;
    for (const auto& item : items) (is_status(item) ? statuses : others).push_back(item);
    if (statuses.empty()) return writer_.write(items);
    const auto status_outcomes = sync_status_.write(statuses);
    const auto other_outcomes = others.empty() ? std::vector<sdk::Outcome>() : writer_.write(others);
    std::vector<sdk::Outcome> outcomes;
    std::size_t s = 0, o = 0;
    for (const auto& item : items) outcomes.push_back(is_status(item) ? status_outcomes[s++] : other_outcomes[o++]);
    return outcomes;
}

sdk::WebhookResult HubSpotConnector::webhook(const sdk::HttpRequest& request) {
    const auto delivery = webhooks_.open(request);
    if (!delivery) return {};
    const std::int64_t received_at = delivery->received_at_ms;

    // Per stream, the objects to read again and the ones deleted (the last word wins).
    std::map<std::string, std::map<std::string, bool>> changes;
    std::map<std::string, std::int64_t> deleted_at;
    // Changed line items, discounts, fees and taxes, by type: their invoices are read again.
    std::map<std::string, std::set<std::string>> changed_parts;
    const std::string customer_type_id = config_.customer_from == "company" ? "0-2" : "0-1";
    for (const auto& event : delivery->events) {
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

    sdk::WebhookResult result;
    for (const auto& [stream, objects] : changes) {
        std::vector<std::string> reread;
        for (const auto& [id, deleted] : objects) {
            if (!deleted) {
                reread.push_back(id);
                continue;
            }
            const std::int64_t at = deleted_at[stream + "/" + id];
            auto record = deleted_record("hubspot", stream, id, sdk::Timestamp::from_epoch_milliseconds(at > 0 ? at : received_at).to_rfc3339());
            result.records.push_back(std::move(record));
        }
        if (reread.empty()) continue;
        // Webhooks are hints: what counts is the object as HubSpot has it now.
        add_read(reader_.read_ids(stream, reread), result);
    }
    webhooks_.processed(*delivery);
    result.response_status = 200;
    return result;
}

}  // namespace ledgersync::connectors::hubspot
