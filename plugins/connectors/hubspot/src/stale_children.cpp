#include "stale_children.hpp"

#include <map>

#include "adjustments.hpp"
#include "association_reads.hpp"
#include "reader.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

constexpr std::size_t kAssociationReads = 1000;
constexpr std::size_t kBatchInputs = 100;

}  // namespace

StaleChildren::StaleChildren(HubSpotClient& client) : client_(client) {}

std::size_t StaleChildren::remove(const std::vector<WrittenInvoice>& invoices) {
    std::size_t removed = 0;
    for (std::size_t from = 0; from < invoices.size(); from += kAssociationReads) {
        const std::size_t to = std::min(invoices.size(), from + kAssociationReads);
        std::vector<json> objects;
        for (std::size_t i = from; i < to; ++i) objects.push_back({{"id", invoices[i].invoice_id}});
        attach_associations(client_, "invoices", objects, kInvoiceChildTypes);
        for (const auto& type : kInvoiceChildTypes) {
            // The associated objects that were not just written, and their invoice.
            std::map<std::string, const WrittenInvoice*> extra;
            for (std::size_t i = from; i < to; ++i) {
                for (const auto& id : associated_ids(objects[i - from], type)) {
                    if (invoices[i].child_ids.count(id) == 0) extra[id] = &invoices[i];
                }
            }
            if (extra.empty()) continue;
            std::vector<std::string> ids;
            for (const auto& [id, invoice] : extra) ids.push_back(id);
            // Only what the connector wrote for this invoice goes; the rest is someone else's.
            std::map<const WrittenInvoice*, std::vector<std::string>> stale;
            for (const auto& [id, object] : batch_read(client_, type, ids, properties_read(type))) {
                const WrittenInvoice* invoice = extra[id];
                if (invoice->replaces_all || property(object, kSourceIdProperty).value_or("").rfind(invoice->source_id + "#", 0) == 0) {
                    stale[invoice].push_back(id);
                }
            }
            if (stale.empty()) continue;
            json inputs = json::array();
            std::vector<std::string> archived;
            for (const auto& [invoice, children] : stale) {
                json targets = json::array();
                for (const auto& id : children) {
                    targets.push_back({{"id", id}});
                    archived.push_back(id);
                }
                inputs.push_back({{"from", {{"id", invoice->invoice_id}}}, {"to", targets}});
            }
            client_.json_call({"POST", "/crm/v4/associations/invoices/" + type + "/batch/archive", {}, json{{"inputs", inputs}}.dump(), ""},
                              {"removing", std::to_string(archived.size()) + " " + type + " from their invoices"});
            for (std::size_t a = 0; a < archived.size(); a += kBatchInputs) {
                json ids_json = json::array();
                for (std::size_t i = a; i < std::min(archived.size(), a + kBatchInputs); ++i) ids_json.push_back({{"id", archived[i]}});
                client_.json_call({"POST", "/crm/v3/objects/" + type + "/batch/archive", {}, json{{"inputs", ids_json}}.dump(), ""},
                                  {"archiving", std::to_string(ids_json.size()) + " " + type + " no longer on their invoices"});
            }
            removed += archived.size();
        }
    }
    if (removed > 0) client_.host().log(sdk::LogLevel::info, "removed " + std::to_string(removed) + " HubSpot objects no longer on their invoices");
    return removed;
}

}  // namespace ledgersync::connectors::hubspot
