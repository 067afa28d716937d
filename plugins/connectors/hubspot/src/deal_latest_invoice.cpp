#include "deal_latest_invoice.hpp"

#include <algorithm>
#include <map>

#include "association_reads.hpp"
#include "custom_properties.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

constexpr std::size_t kBatchInputs = 100;

std::string describe(const std::string& id, std::int64_t ms) {
    return "quickbooks invoice " + id + " (updated " + std::to_string(ms) + " ms)";
}

}  // namespace

std::vector<json> deal_invoice_property_definitions() {
    return {property_definition(kDealInvoiceIdProperty, "QuickBooks invoice id", "string", "text",
                                "The QuickBooks Online invoice of this deal updated last, set by LedgerSync."),
            property_definition(kDealInvoiceNumberProperty, "QuickBooks invoice number", "string", "text",
                                "The number of the deal's QuickBooks invoice updated last."),
            property_definition(kDealInvoiceStatusProperty, "QuickBooks invoice status", "string", "text",
                                "The status of the deal's QuickBooks invoice updated last (open, paid, voided...)."),
            property_definition(kDealInvoiceTotalProperty, "QuickBooks invoice total", "number", "number",
                                "The total of the deal's QuickBooks invoice updated last, in its currency."),
            property_definition(kDealInvoiceBalanceDueProperty, "QuickBooks invoice balance due", "number", "number",
                                "The balance due of the deal's QuickBooks invoice updated last, in its currency."),
            property_definition(kDealInvoiceCurrencyProperty, "QuickBooks invoice currency", "string", "text",
                                "The currency of the deal's QuickBooks invoice updated last."),
            property_definition(kDealInvoiceUpdatedAtProperty, "QuickBooks invoice last updated", "datetime", "date",
                                "When QuickBooks last changed the deal's invoice (LastUpdatedTime): a deal takes an "
                                "invoice's properties only from an invoice updated at least as late."),
            property_definition(kDealInvoiceHubSpotIdProperty, "LedgerSync invoice", "string", "text",
                                "The HubSpot invoice whose QuickBooks copy the deal shows.")};
}

bool at_least_as_recent(std::int64_t a_ms, const std::string& a_id, std::int64_t b_ms, const std::string& b_id) {
    if (a_ms != b_ms) return a_ms > b_ms;
    return compare_ids(a_id, b_id) >= 0;
}

json deal_properties_of(const DealCandidate& candidate) {
    return {{kDealInvoiceIdProperty, candidate.source_id},
            {kDealInvoiceNumberProperty, candidate.number},
            {kDealInvoiceStatusProperty, candidate.status},
            {kDealInvoiceTotalProperty, candidate.total},
            {kDealInvoiceBalanceDueProperty, candidate.balance_due},
            {kDealInvoiceCurrencyProperty, candidate.currency},
            {kDealInvoiceUpdatedAtProperty, std::to_string(candidate.updated_ms.value_or(0))},
            {kDealInvoiceHubSpotIdProperty, candidate.invoice_id}};
}

DealLatestInvoice::DealLatestInvoice(HubSpotClient& client) : client_(client) {}

std::vector<std::vector<DealDecision>> DealLatestInvoice::apply(const std::vector<DealCandidate>& invoices) {
    std::vector<std::vector<DealDecision>> decisions(invoices.size());
    if (invoices.empty()) return decisions;
    std::lock_guard lock(mutex_);

    // 1. Which deals: one association read for up to 1,000 invoices.
    std::vector<json> objects;
    for (const auto& invoice : invoices) objects.push_back({{"id", invoice.invoice_id}});
    attach_associations(client_, "invoices", objects, {"deals"});
    std::map<std::string, std::vector<std::size_t>> by_deal;  // deal -> candidates
    for (std::size_t i = 0; i < invoices.size(); ++i) {
        for (const auto& deal : associated_ids(objects[i], "deals")) by_deal[deal].push_back(i);
    }
    if (by_deal.empty()) return decisions;

    // 2. What the deals hold.
    std::map<std::string, json> held;
    std::vector<std::string> deal_ids;
    for (const auto& [deal, candidates] : by_deal) deal_ids.push_back(deal);
    for (std::size_t from = 0; from < deal_ids.size(); from += kBatchInputs) {
        json inputs = json::array();
        for (std::size_t i = from; i < std::min(deal_ids.size(), from + kBatchInputs); ++i) inputs.push_back({{"id", deal_ids[i]}});
        const json answer = client_.json_call(
            {"POST", "/crm/v3/objects/deals/batch/read", {},
             json{{"inputs", inputs}, {"properties", {kDealInvoiceIdProperty, kDealInvoiceUpdatedAtProperty}}}.dump(), ""},
            {"reading", "the QuickBooks invoice of " + std::to_string(inputs.size()) + " deals"});
        for (const auto& deal : answer.value("results", json::array())) {
            if (deal.contains("id")) held[deal["id"].is_string() ? deal["id"].get<std::string>() : deal["id"].dump()] = deal;
        }
    }

    // 3. The newest candidate of each deal, written when it is at least what the deal holds.
    json updates = json::array();
    for (const auto& [deal, candidates] : by_deal) {
        std::optional<std::size_t> best;
        for (const std::size_t i : candidates) {
            if (!invoices[i].updated_ms) {
                decisions[i].push_back({deal, false, invoices[i].label + " has no time of its last change (updated_at)"});
                continue;
            }
            if (!best || at_least_as_recent(*invoices[i].updated_ms, invoices[i].source_id, *invoices[*best].updated_ms,
                                             invoices[*best].source_id)) {
                best = i;
            }
        }
        if (!best) continue;
        const DealCandidate& winner = invoices[*best];
        for (const std::size_t i : candidates) {
            if (i == *best || !invoices[i].updated_ms) continue;
            decisions[i].push_back({deal, false, "deal " + deal + " takes " + describe(winner.source_id, *winner.updated_ms) +
                                                     " of the same batch, updated later"});
        }
        const auto found = held.find(deal);
        if (found == held.end()) {
            decisions[*best].push_back({deal, false, "deal " + deal + " is no longer in HubSpot"});
            continue;
        }
        const std::string held_id = property(found->second, kDealInvoiceIdProperty).value_or("");
        const auto held_ms = hubspot_time_ms(property(found->second, kDealInvoiceUpdatedAtProperty).value_or(""));
        if (!held_id.empty() && held_ms && !at_least_as_recent(*winner.updated_ms, winner.source_id, *held_ms, held_id)) {
            decisions[*best].push_back({deal, false, "deal " + deal + " holds " + describe(held_id, *held_ms) + ", updated later than " +
                                                         describe(winner.source_id, *winner.updated_ms)});
            continue;
        }
        decisions[*best].push_back({deal, true, {}});
        updates.push_back({{"id", deal}, {"properties", deal_properties_of(winner)}});
    }

    // 4. The deals that change.
    for (std::size_t from = 0; from < updates.size(); from += kBatchInputs) {
        json inputs = json::array();
        for (std::size_t i = from; i < std::min(updates.size(), from + kBatchInputs); ++i) inputs.push_back(updates[i]);
        const json answer = client_.json_call({"POST", "/crm/v3/objects/deals/batch/update", {}, json{{"inputs", inputs}}.dump(), ""},
                                              {"writing", "the QuickBooks invoice of " + std::to_string(inputs.size()) + " deals"});
        // A deal deleted since it was read (207): the invoice is written all the same.
        for (const auto& error : answer.value("errors", json::array())) {
            client_.host().log(sdk::LogLevel::warning, "HubSpot refused updating a deal's QuickBooks invoice: " + error.dump());
        }
    }

    for (std::size_t i = 0; i < invoices.size(); ++i) {
        for (const auto& decision : decisions[i]) {
            client_.host().log(sdk::LogLevel::info,
                               decision.written ? "deal " + decision.deal_id + " now shows " + invoices[i].label
                                                : invoices[i].label + " leaves deal " + decision.deal_id + " alone: " + decision.reason);
        }
    }
    return decisions;
}

}  // namespace ledgersync::connectors::hubspot
