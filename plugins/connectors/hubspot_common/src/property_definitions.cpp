#include "property_definitions.hpp"

#include <map>

#include "hubspot_errors.hpp"
#include "hubspot_objects.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

json property_definition(const char* name, const char* label, const char* type, const char* field_type, const char* description) {
    return {{"name", name}, {"label", label}, {"type", type}, {"fieldType", field_type}, {"groupName", kPropertyGroup},
            {"description", description}};
}

PropertyDefinitions::PropertyDefinitions(HubSpotClient& client) : client_(client) {}

void PropertyDefinitions::create(const std::string& object_type, const std::string& path, const json& definition) {
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

void PropertyDefinitions::update_options(const std::string& object_type, const json& definition) {
    const std::string name = definition.value("name", std::string());
    const ApiCall call{"PATCH", "/crm/v3/properties/" + object_type + "/" + name, {},
                       json{{"options", definition.at("options")}}.dump(), ""};
    const sdk::HttpResponse response = client_.send(call);
    if (response.status >= 200 && response.status < 300) return;
    throw sdk::Error(classify_response(response.status, response.body,
                                       {"updating", "the options of the " + object_type + " property " + name},
                                       response.retry_after));
}

namespace {

json group_definition() { return {{"name", kPropertyGroup}, {"label", "LedgerSync"}, {"displayOrder", -1}}; }

}  // namespace

json source_id_definition(const char* description) {
    return {{"name", kSourceIdProperty}, {"label", "LedgerSync source id"}, {"type", "string"}, {"fieldType", "text"},
            {"groupName", kPropertyGroup}, {"hasUniqueValue", true}, {"description", description}};
}

namespace {

/// An enumeration's options as value -> label.
std::map<std::string, std::string> options_of(const json& definition) {
    std::map<std::string, std::string> options;
    for (const auto& option : definition.value("options", json::array())) {
        options[option.value("value", std::string())] = option.value("label", std::string());
    }
    return options;
}

}  // namespace

std::map<std::string, json> PropertyDefinitions::existing(const std::string& object_type) {
    const json answer = client_.json_call({"GET", "/crm/v3/properties/" + object_type, {}, "", ""},
                                          {"reading", "the " + object_type + " properties"});
    std::map<std::string, json> by_name;
    if (answer.is_object()) {
        for (const auto& property : answer.value("results", json::array())) {
            if (property.is_object() && property.contains("name")) by_name[property.value("name", std::string())] = property;
        }
    }
    return by_name;
}

void PropertyDefinitions::ensure_defined(const std::string& object_type, const std::vector<json>& definitions) {
    const std::map<std::string, json> have = existing(object_type);
    bool group_made = false;
    for (const auto& definition : definitions) {
        const auto found = have.find(definition.value("name", std::string()));
        if (found == have.end()) {
            if (!group_made) create(object_type, "/groups", group_definition());
            group_made = true;
            create(object_type, "", definition);
        } else if (definition.contains("options") && options_of(found->second) != options_of(definition)) {
            // Defined by an earlier version: the enumeration gets the options this version writes.
            update_options(object_type, definition);
        }
    }
}

}  // namespace ledgersync::connectors::hubspot
