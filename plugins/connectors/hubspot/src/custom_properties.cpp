#include "custom_properties.hpp"

#include "deal_latest_invoice.hpp"
#include "sync_status.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

json property_definition(const char* name, const char* label, const char* type, const char* field_type, const char* description) {
    return {{"name", name}, {"label", label}, {"type", type}, {"fieldType", field_type}, {"groupName", kPropertyGroup},
            {"description", description}};
}

CustomProperties::CustomProperties(HubSpotClient& client) : client_(client) {}

void CustomProperties::create(const std::string& object_type, const std::string& path, const json& definition) {
    const ApiCall call{"POST", "/crm/v3/properties/" + object_type + path, {}, definition.dump(), ""};
    const sdk::HttpResponse response = client_.send(call);
    if (response.status >= 200 && response.status < 300) return;
    if (response.status == 409) {
        // Defined by an earlier version: an enumeration gets the options this version writes.
        if (definition.contains("options")) update_options(object_type, definition);
        return;
    }
    throw sdk::Error(classify_response(response.status, response.body,
                                       {"creating", "the " + object_type + " property " + definition.value("name", std::string()) +
                                                        " the connector needs"},
                                       response.retry_after));
}

void CustomProperties::update_options(const std::string& object_type, const json& definition) {
    const std::string name = definition.value("name", std::string());
    const ApiCall call{"PATCH", "/crm/v3/properties/" + object_type + "/" + name, {},
                       json{{"options", definition.at("options")}}.dump(), ""};
    const sdk::HttpResponse response = client_.send(call);
    if (response.status >= 200 && response.status < 300) return;
    throw sdk::Error(classify_response(response.status, response.body,
                                       {"updating", "the options of the " + object_type + " property " + name},
                                       response.retry_after));
}

void CustomProperties::ensure() {
    std::lock_guard lock(mutex_);
    if (done_) return;
    for (const std::string type : {"invoices", "line_items", "discounts", "fees", "taxes"}) {
        create(type, "/groups", {{"name", kPropertyGroup}, {"label", "LedgerSync"}, {"displayOrder", -1}});
        create(type, "", {{"name", kSourceIdProperty}, {"label", "LedgerSync source id"}, {"type", "string"}, {"fieldType", "text"},
                          {"groupName", kPropertyGroup}, {"hasUniqueValue", true},
                          {"description", "The id of the object this one was written from, kept by LedgerSync: writes replayed "
                                          "after a lost answer find it instead of creating another."}});
    }
    create("invoices", "", {{"name", kSourceSystemProperty}, {"label", "LedgerSync source system"}, {"type", "string"},
                            {"fieldType", "text"}, {"groupName", kPropertyGroup},
                            {"description", "The system this invoice was created in (quickbooks...), set by LedgerSync."}});
    for (const auto& definition : sync_status_property_definitions()) create("invoices", "", definition);
    create("deals", "/groups", {{"name", kPropertyGroup}, {"label", "LedgerSync"}, {"displayOrder", -1}});
    for (const auto& definition : deal_invoice_property_definitions()) create("deals", "", definition);
    done_ = true;
    client_.host().log(sdk::LogLevel::info,
                       "the HubSpot properties of group ledgersync (source id, source system, sync status, the deals' QuickBooks invoice) are in place");
}

void CustomProperties::ensure_payments() {
    std::lock_guard lock(mutex_);
    if (payments_done_) return;
    create("commerce_payments", "/groups", {{"name", kPropertyGroup}, {"label", "LedgerSync"}, {"displayOrder", -1}});
    create("commerce_payments", "", {{"name", kSourceIdProperty}, {"label", "LedgerSync source id"}, {"type", "string"}, {"fieldType", "text"},
                                     {"groupName", kPropertyGroup}, {"hasUniqueValue", true},
                                     {"description", "The id of the payment this one was written from (<system>/<connection>/<id>), "
                                                     "kept by LedgerSync: writes replayed after a lost answer find it."}});
    payments_done_ = true;
}

}  // namespace ledgersync::connectors::hubspot
