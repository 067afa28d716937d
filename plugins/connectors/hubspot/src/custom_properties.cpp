#include "custom_properties.hpp"

#include "deal_latest_invoice.hpp"
#include "sync_status.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

CustomProperties::CustomProperties(HubSpotClient& client) : client_(client), definitions_(client) {}

void CustomProperties::ensure() {
    std::lock_guard lock(mutex_);
    if (done_) return;
    const json source_id = source_id_definition(
        "The id of the object this one was written from, kept by LedgerSync: writes replayed after a lost answer find it "
        "instead of creating another.");
    std::vector<json> invoice_properties = {
        source_id, {{"name", kSourceSystemProperty}, {"label", "LedgerSync source system"}, {"type", "string"}, {"fieldType", "text"},
                    {"groupName", kPropertyGroup}, {"description", "The system this invoice was created in (quickbooks...), set by LedgerSync."}}};
    for (const auto& definition : sync_status_property_definitions()) invoice_properties.push_back(definition);
    definitions_.ensure_defined("invoices", invoice_properties);
    for (const std::string type : {"line_items", "discounts", "fees", "taxes"}) definitions_.ensure_defined(type, {source_id});
    definitions_.ensure_defined("deals", deal_invoice_property_definitions());
    done_ = true;
    client_.host().log(sdk::LogLevel::info,
                       "the HubSpot properties of group ledgersync (source id, source system, sync status, the deals' QuickBooks invoice) are in place");
}

}  // namespace ledgersync::connectors::hubspot
