#include "writer.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <ledgersync/sdk/timestamp.hpp>

#include "adjustments.hpp"
#include "association_reads.hpp"
#include "batch_answer.hpp"
#include "deal_latest_invoice.hpp"
#include "stale_children.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

/// The HubSpot products of a record's item lines by line index, from the links the host
/// resolved ("/lines/<n>/product"); lines whose product HubSpot does not have are left out.
std::map<std::size_t, std::string> line_products(const sdk::Record& record) {
    static const std::string prefix = "/lines/";
    static const std::string suffix = "/product";
    std::map<std::size_t, std::string> out;
    for (const auto& link : record.links) {
        const std::string& path = link.path;
        if (link.target_id.empty() || path.size() <= prefix.size() + suffix.size() || path.compare(0, prefix.size(), prefix) != 0 ||
            path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) {
            continue;
        }
        const std::string index = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
        if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos || index.size() > 6) continue;
        out[static_cast<std::size_t>(std::stoul(index))] = link.target_id;
    }
    return out;
}

constexpr std::size_t kBatchInputs = 100;
constexpr std::size_t kAssociationInputs = 2000;

/// One item on its way through the steps.
struct Pending {
    std::size_t index = 0;
    std::string label;        ///< "invoice 1037 (quickbooks invoice 130)", for messages
    std::string source_id;
    /// The HubSpot invoice the host links the source invoice to (WriteItem::target_id): written
    /// by id, whatever its own ledgersync_source_id (an invoice that came from HubSpot has none).
    std::string linked_id;
    /// A linked invoice that the connector did not write (no ledgersync_source_id: it came from
    /// HubSpot): its own line items are the source's lines, which replace them.
    bool hubspot_own = false;
    json properties;
    std::vector<InvoiceChild> children;  ///< line items, discounts, fees and taxes, in order
    std::string contact_id;
    std::string company_id;  ///< with customer_from "company"
    std::string wanted_status;  ///< "open", "voided" or "draft"
    std::string invoice_id;
    std::vector<std::string> child_ids;  ///< their HubSpot ids, once upserted
    bool created = false;
    /// The latest modification time HubSpot answered for the invoice or one of its parts: the
    /// version the reader gives the invoice as written (its last_change_ms), so that reading it
    /// back is recognised as this write.
    std::int64_t changed_ms = 0;
    std::optional<sdk::Outcome> failure;
    DealCandidate deal_candidate;
    std::vector<DealDecision> deal_decisions;

    /// Takes the modification time of an answer about the invoice or one of its parts.
    void changed_at(const json& result) {
        const auto updated = result.find("updatedAt");
        if (updated == result.end() || !updated->is_string()) return;
        const auto at = hubspot_time_ms(updated->get<std::string>());
        if (at && *at > changed_ms) changed_ms = *at;
    }
};

/// For the items whose customer is a company: its first contact (the lowest id), which HubSpot
/// needs to open an invoice, in one v4 batch read; an open or voided invoice of a company without
/// a contact fails before anything is written.
void contacts_of_companies(HubSpotClient& client, const std::vector<Pending*>& pending) {
    std::vector<json> companies;
    std::set<std::string> seen;
    for (const Pending* p : pending) {
        if (!p->company_id.empty() && seen.insert(p->company_id).second) companies.push_back({{"id", p->company_id}});
    }
    if (companies.empty()) return;
    try {
        attach_associations(client, "companies", companies, {"contacts"});
    } catch (const sdk::Error& e) {
        for (Pending* p : pending) {
            if (!p->company_id.empty()) p->failure = e.outcome();
        }
        return;
    }
    std::map<std::string, std::string> first_contact;
    for (const auto& company : companies) {
        for (const auto& contact : associated_ids(company, "contacts")) {
            auto& first = first_contact[object_id_of(company)];
            if (first.empty() || compare_ids(contact, first) < 0) first = contact;
        }
    }
    for (Pending* p : pending) {
        if (p->company_id.empty()) continue;
        const auto found = first_contact.find(p->company_id);
        if (found != first_contact.end()) {
            p->contact_id = found->second;
        } else if (p->wanted_status != "draft") {
            p->failure = sdk::Outcome::data(p->label + ": its customer, HubSpot company " + p->company_id +
                                                ", has no contact, and HubSpot opens an invoice only with a contact",
                                            "associate a contact with the company in HubSpot, then retry");
        }
    }
}

std::string text_or(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// One batch call; a whole-call failure fails every live item of `affected`, a 207 the items
/// its errors trace (objectWriteTraceId = item index). Returns the results.
json batch_call(HubSpotClient& client, const ApiCall& call, const CallContext& context, std::vector<Pending*> affected) {
    const BatchAnswer answer = send_batch(client, call, context, [&](const std::string& index) {
        for (Pending* p : affected) {
            if (std::to_string(p->index) == index) return p->label;
        }
        return context.object;
    });
    for (Pending* p : affected) {
        if (!p->failure) p->failure = answer.failure_of(std::to_string(p->index));
    }
    return answer.results;
}

/// What the deal rule needs of a canonical invoice (the HubSpot id comes once it is written).
DealCandidate deal_candidate_of(const sdk::Record& record, const std::string& label) {
    const json& body = record.body;
    DealCandidate candidate;
    candidate.label = label;
    candidate.source_id = record.identity.id;
    candidate.number = text_or(body, "number");
    candidate.status = text_or(body, "status");
    candidate.currency = text_or(body, "currency");
    const json totals = body.value("totals", json::object());
    candidate.total = text_or(totals, "total");
    candidate.balance_due = text_or(totals, "balance_due");
    std::string updated_at = text_or(body, "updated_at");
    if (updated_at.empty()) updated_at = record.updated_at;
    candidate.updated_ms = hubspot_time_ms(updated_at);
    return candidate;
}

}  // namespace

Writer::Writer(HubSpotClient& client, CustomProperties& properties, const HubSpotConfig& config)
    : client_(client), properties_(properties), config_(config), deals_(client) {}

std::vector<sdk::Outcome> Writer::write(const std::vector<sdk::WriteItem>& items) {
    std::vector<Pending> pending(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const sdk::WriteItem& item = items[i];
        const sdk::Record& record = item.record;
        Pending& p = pending[i];
        p.index = i;
        const json& body = record.body;
        const std::string number = text_or(body, "number");
        p.label = "invoice " + (number.empty() ? std::string() : number + " ") + "(" + record.identity.system + " " +
                  record.identity.type + " " + record.identity.id + ")";
        if (record.identity.type != "invoice") {
            p.failure = sdk::Outcome::data("the HubSpot connector writes invoices, not " + record.identity.type + " records (" +
                                               record.identity.id + ")",
                                           record.identity.type == "payment"
                                               ? "route payments to a hubspot_payments connection of the same HubSpot account"
                                               : "route only invoices to this HubSpot connection");
            continue;
        }
        if (item.operation == "delete") {
            p.failure = sdk::Outcome::data("HubSpot invoices are not deleted by LedgerSync: " + p.label + " was deleted at its source",
                                           "void the invoice in the source instead, or delete it in HubSpot by hand");
            continue;
        }
        p.source_id = record.identity.system + "/" + record.identity.connection + "/" + record.identity.id;
        if (item.operation != "create") p.linked_id = item.target_id;
        const std::string status = text_or(body, "status");
        p.wanted_status = item.operation == "void" || status == "voided" ? "voided" : status == "draft" ? "draft" : "open";
        const bool by_company = config_.customer_from == "company";
        for (const auto& link : record.links) {
            if (link.rel == "customer") (by_company ? p.company_id : p.contact_id) = link.target_id;
        }
        if (p.contact_id.empty() && p.company_id.empty()) {
            const std::string kind = by_company ? "company" : "contact";
            p.failure = sdk::Outcome::data(p.label + " has no customer linked to a HubSpot " + kind,
                                           "sync the customer to HubSpot first (or link it to its " + kind + "), then retry");
            continue;
        }
        try {
            p.properties = invoice_properties(body, p.source_id, record.identity.system, config_.invoice_custom_properties);
            p.children = invoice_children(body, p.source_id, line_products(record));
            p.deal_candidate = deal_candidate_of(record, p.label);
        } catch (const std::exception& e) {
            p.failure = sdk::Outcome::data(p.label + " cannot be written to HubSpot: " + e.what(),
                                           "correct the invoice at its source (or route it through a mapper that does), then retry");
            continue;
        }
        const bool has_items = std::any_of(p.children.begin(), p.children.end(), [](const InvoiceChild& c) { return c.type == "line_items"; });
        if (!has_items && p.wanted_status != "draft") {
            p.failure = sdk::Outcome::data(p.label + " has no item lines; HubSpot finalizes an invoice only with at least one line item",
                                           "add a line to the invoice at its source, then retry");
        }
    }
    auto live = [&] {
        std::vector<Pending*> out;
        for (auto& p : pending) {
            if (!p.failure) out.push_back(&p);
        }
        return out;
    };
    contacts_of_companies(client_, live());
    if (!live().empty()) {
        properties_.ensure();
    }

    // 1. The invoices: those the host links to a HubSpot invoice updated by that id (an invoice
    // that came from HubSpot keeps its identity: no ledgersync_source_id or source system is put
    // on it), the others upserted on their source id.
    std::vector<Pending*> upserting;
    std::vector<Pending*> updating;
    for (Pending* p : live()) (p->linked_id.empty() ? upserting : updating).push_back(p);
    for (std::size_t from = 0; from < updating.size(); from += kBatchInputs) {
        std::vector<Pending*> chunk(updating.begin() + static_cast<std::ptrdiff_t>(from),
                                    updating.begin() + static_cast<std::ptrdiff_t>(std::min(updating.size(), from + kBatchInputs)));
        json inputs = json::array();
        for (Pending* p : chunk) {
            json properties = p->properties;
            properties.erase(kSourceIdProperty);
            properties.erase(kSourceSystemProperty);
            inputs.push_back({{"id", p->linked_id}, {"properties", properties}, {"objectWriteTraceId", std::to_string(p->index)}});
        }
        const json results = batch_call(client_, {"POST", "/crm/v3/objects/invoices/batch/update", {}, json{{"inputs", inputs}}.dump(), ""},
                                        {"updating", std::to_string(chunk.size()) + " invoices"}, chunk);
        for (const auto& result : results) {
            for (Pending* p : chunk) {
                if (std::to_string(p->index) != result_trace(result)) continue;
                p->invoice_id = text_or(result, "id");
                p->changed_at(result);
            }
        }
        // Which of them the connector did not write (they came from HubSpot).
        json ids = json::array();
        for (Pending* p : chunk) ids.push_back({{"id", p->linked_id}});
        const json read = batch_call(client_, {"POST", "/crm/v3/objects/invoices/batch/read", {},
                                               json{{"inputs", ids}, {"properties", {kSourceIdProperty}}}.dump(), ""},
                                     {"reading", "the source ids of " + std::to_string(chunk.size()) + " invoices"}, chunk);
        for (const auto& result : read) {
            for (Pending* p : chunk) {
                if (p->linked_id == text_or(result, "id")) p->hubspot_own = !property(result, kSourceIdProperty).has_value();
            }
        }
    }
    for (std::size_t from = 0; from < upserting.size(); from += kBatchInputs) {
        const auto& all = upserting;
        std::vector<Pending*> chunk(all.begin() + static_cast<std::ptrdiff_t>(from),
                                    all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), from + kBatchInputs)));
        json inputs = json::array();
        for (Pending* p : chunk) {
            inputs.push_back({{"id", p->source_id}, {"idProperty", kSourceIdProperty}, {"properties", p->properties},
                              {"objectWriteTraceId", std::to_string(p->index)}});
        }
        const json results = batch_call(client_, {"POST", "/crm/v3/objects/invoices/batch/upsert", {}, json{{"inputs", inputs}}.dump(), ""},
                                        {"upserting", std::to_string(chunk.size()) + " invoices"}, chunk);
        for (const auto& result : results) {
            for (Pending* p : chunk) {
                if (std::to_string(p->index) != result_trace(result)) continue;
                p->invoice_id = text_or(result, "id");
                p->created = result.value("new", false);
                p->changed_at(result);
            }
        }
    }
    for (Pending* p : live()) {
        if (p->invoice_id.empty()) p->failure = sdk::Outcome::transient("HubSpot's answer to upserting " + p->label + " did not name it; retrying");
    }

    // 2. Their line items, discounts, fees and taxes, upserted on their own source ids.
    for (const auto& type : kInvoiceChildTypes) {
        struct ChildRef {
            Pending* owner;
            std::size_t child;
        };
        std::vector<ChildRef> refs;
        for (Pending* p : live()) {
            p->child_ids.resize(p->children.size());
            for (std::size_t c = 0; c < p->children.size(); ++c) {
                if (p->children[c].type == type) refs.push_back({p, c});
            }
        }
        for (std::size_t from = 0; from < refs.size(); from += kBatchInputs) {
            json inputs = json::array();
            std::vector<Pending*> owners;
            for (std::size_t r = from; r < std::min(refs.size(), from + kBatchInputs); ++r) {
                const ChildRef& ref = refs[r];
                const json& properties = ref.owner->children[ref.child].properties;
                inputs.push_back({{"id", properties[kSourceIdProperty]}, {"idProperty", kSourceIdProperty}, {"properties", properties},
                                  {"objectWriteTraceId", std::to_string(ref.owner->index) + ":" + std::to_string(ref.child)}});
                if (owners.empty() || owners.back() != ref.owner) owners.push_back(ref.owner);
            }
            const json results = batch_call(client_, {"POST", "/crm/v3/objects/" + type + "/batch/upsert", {}, json{{"inputs", inputs}}.dump(), ""},
                                            {"upserting", std::to_string(inputs.size()) + " " + type}, owners);
            for (const auto& result : results) {
                const std::string trace = result_trace(result);
                const std::size_t colon = trace.find(':');
                if (colon == std::string::npos) continue;
                for (Pending* p : owners) {
                    if (std::to_string(p->index) != trace.substr(0, colon)) continue;
                    const std::size_t child = std::stoul(trace.substr(colon + 1));
                    if (child < p->child_ids.size()) p->child_ids[child] = text_or(result, "id");
                    p->changed_at(result);
                }
            }
        }
    }
    for (Pending* p : live()) {
        for (const auto& id : p->child_ids) {
            if (id.empty()) p->failure = sdk::Outcome::transient("HubSpot's answer to upserting the lines of " + p->label + " missed one; retrying");
        }
    }

    // 3. Associations: the children, the contact and the company (HubSpot's default types 409,
    // 411, 413, 415, 177 and 179).
    std::vector<std::string> association_types = kInvoiceChildTypes;
    association_types.push_back("contacts");
    association_types.push_back("companies");
    for (const auto& to : association_types) {
        std::vector<std::pair<std::string, std::string>> pairs;
        std::vector<Pending*> owners = live();
        for (Pending* p : owners) {
            if (to == "contacts" && !p->contact_id.empty()) pairs.emplace_back(p->invoice_id, p->contact_id);
            if (to == "companies" && !p->company_id.empty()) pairs.emplace_back(p->invoice_id, p->company_id);
            for (std::size_t c = 0; c < p->children.size(); ++c) {
                if (p->children[c].type == to) pairs.emplace_back(p->invoice_id, p->child_ids[c]);
            }
        }
        for (std::size_t from = 0; from < pairs.size(); from += kAssociationInputs) {
            json inputs = json::array();
            for (std::size_t i = from; i < std::min(pairs.size(), from + kAssociationInputs); ++i) {
                inputs.push_back({{"from", {{"id", pairs[i].first}}}, {"to", {{"id", pairs[i].second}}}});
            }
            batch_call(client_, {"POST", "/crm/v4/associations/invoices/" + to + "/batch/associate/default", {}, json{{"inputs", inputs}}.dump(), ""},
                       {"associating", "invoices with their " + to}, owners);
        }
    }

    // 3b. What the connector wrote earlier and the source no longer has goes (a new invoice has
    // nothing earlier).
    {
        std::vector<WrittenInvoice> updated;
        std::vector<Pending*> owners;
        for (Pending* p : live()) {
            if (p->created) continue;
            updated.push_back({p->invoice_id, p->source_id, {p->child_ids.begin(), p->child_ids.end()}, p->hubspot_own});
            owners.push_back(p);
        }
        try {
            StaleChildren(client_).remove(updated);
        } catch (const sdk::Error& e) {
            for (Pending* p : owners) p->failure = e.outcome();
        }
    }

    // 4. Status: finalize drafts, void what the source voided.
    std::map<std::string, std::string> current;
    {
        const auto owners = live();
        for (std::size_t from = 0; from < owners.size(); from += kBatchInputs) {
            std::vector<Pending*> chunk(owners.begin() + static_cast<std::ptrdiff_t>(from),
                                        owners.begin() + static_cast<std::ptrdiff_t>(std::min(owners.size(), from + kBatchInputs)));
            json inputs = json::array();
            for (Pending* p : chunk) inputs.push_back({{"id", p->invoice_id}});
            const json results = batch_call(client_, {"POST", "/crm/v3/objects/invoices/batch/read", {}, json{{"inputs", inputs}, {"properties", {"hs_invoice_status"}}}.dump(), ""},
                                            {"reading", "the status of " + std::to_string(chunk.size()) + " invoices"}, chunk);
            for (const auto& result : results) {
                current[text_or(result, "id")] = property(result, "hs_invoice_status").value_or("draft");
                // After its parts were associated and the stale ones removed: HubSpot touched the
                // invoice when its amounts followed.
                for (Pending* p : chunk) {
                    if (p->invoice_id == text_or(result, "id")) p->changed_at(result);
                }
            }
        }
    }
    for (const std::string step : {"open", "voided"}) {
        std::vector<Pending*> movers;
        for (Pending* p : live()) {
            const std::string now = current[p->invoice_id];
            const bool wants = step == "open" ? (p->wanted_status != "draft" && now == "draft")
                                              : (p->wanted_status == "voided" && now == "open");
            if (wants) movers.push_back(p);
        }
        for (std::size_t from = 0; from < movers.size(); from += kBatchInputs) {
            std::vector<Pending*> chunk(movers.begin() + static_cast<std::ptrdiff_t>(from),
                                        movers.begin() + static_cast<std::ptrdiff_t>(std::min(movers.size(), from + kBatchInputs)));
            json inputs = json::array();
            for (Pending* p : chunk) {
                inputs.push_back({{"id", p->invoice_id}, {"properties", {{"hs_invoice_status", step}}}, {"objectWriteTraceId", std::to_string(p->index)}});
            }
            const json results = batch_call(client_, {"POST", "/crm/v3/objects/invoices/batch/update", {}, json{{"inputs", inputs}}.dump(), ""},
                                            {step == "open" ? "finalizing" : "voiding", std::to_string(chunk.size()) + " invoices"}, chunk);
            for (const auto& result : results) {
                for (Pending* p : chunk) {
                    if (std::to_string(p->index) != result_trace(result)) continue;
                    current[p->invoice_id] = step;
                    p->changed_at(result);
                }
            }
        }
    }

    // 5. The deal rule: the deals of the invoices that existed before (a new invoice has none).
    {
        std::vector<DealCandidate> candidates;
        std::vector<Pending*> owners;
        for (Pending* p : live()) {
            if (p->created) continue;
            p->deal_candidate.invoice_id = p->invoice_id;
            candidates.push_back(p->deal_candidate);
            owners.push_back(p);
        }
        try {
            const auto decisions = deals_.apply(candidates);
            for (std::size_t i = 0; i < owners.size(); ++i) owners[i]->deal_decisions = decisions[i];
        } catch (const sdk::Error& e) {
            for (Pending* p : owners) p->failure = e.outcome();
        }
    }

    std::vector<sdk::Outcome> outcomes;
    for (auto& p : pending) {
        if (p.failure) {
            sdk::Outcome failure = *p.failure;
            // The invoice exists in HubSpot all the same: the host links it, the retry updates it.
            if (!p.invoice_id.empty() && failure.kind == sdk::OutcomeClass::data) failure.target_id = p.invoice_id;
            outcomes.push_back(failure);
        } else {
            sdk::Outcome ok = sdk::Outcome::ok(p.invoice_id, p.changed_ms > 0 ? sdk::Timestamp::from_epoch_milliseconds(p.changed_ms).to_rfc3339() : std::string(),
                                              p.created ? "created" : "updated");
            for (const auto& decision : p.deal_decisions) {
                json note = {{"deal", decision.deal_id}, {"written", decision.written}};
                if (!decision.reason.empty()) note["reason"] = decision.reason;
                ok.details["deals"].push_back(note);
            }
            outcomes.push_back(ok);
        }
    }
    return outcomes;
}

}  // namespace ledgersync::connectors::hubspot
