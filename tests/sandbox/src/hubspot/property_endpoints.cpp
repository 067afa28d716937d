#include "hubspot/property_endpoints.hpp"

#include <algorithm>
#include <set>

#include "hubspot/hubspot_error.hpp"
#include "hubspot/hubspot_http.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

constexpr std::size_t kMaxUniqueProperties = 10;

const std::set<std::string> kTypes = {"string",   "number",      "date",
                                      "datetime", "enumeration", "bool"};
const std::set<std::string> kFieldTypes = {"text",
                                           "textarea",
                                           "number",
                                           "date",
                                           "select",
                                           "radio",
                                           "checkbox",
                                           "booleancheckbox",
                                           "calculation_equation",
                                           "file",
                                           "html",
                                           "phonenumber"};

bool valid_name(const std::string& name) {
    if (name.empty() || name.size() > 100 || !std::islower(static_cast<unsigned char>(name[0])))
        return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::islower(c) || std::isdigit(c) || c == '_';
    });
}

std::string text_member(const nlohmann::json& body, const char* member, bool required) {
    if (!body.contains(member) || body.at(member).is_null()) {
        if (required)
            throw errors::validation(std::string("\"") + member + "\" is required");
        return {};
    }
    if (!body.at(member).is_string())
        throw errors::validation(std::string("\"") + member + "\" must be a string");
    return body.at(member).get<std::string>();
}

std::vector<PropertyOption> options_of(const nlohmann::json& body) {
    std::vector<PropertyOption> out;
    if (!body.contains("options") || body.at("options").is_null())
        return out;
    if (!body.at("options").is_array())
        throw errors::validation("\"options\" must be an array of {label, value}");
    int order = 0;
    for (const auto& o : body.at("options")) {
        if (!o.is_object() || !o.contains("value"))
            throw errors::validation("each option needs \"label\" and \"value\"");
        PropertyOption option;
        option.value = id_text(o.at("value"));
        option.label = o.value("label", option.value);
        option.display_order = o.value("displayOrder", order);
        option.hidden = o.value("hidden", false);
        ++order;
        out.push_back(std::move(option));
    }
    return out;
}

void check_group(CrmAccount& account, const ObjectType& type, const std::string& group) {
    const auto& groups = account.groups(type);
    const auto it = groups.find(group);
    if (it == groups.end() || it->second.archived)
        throw errors::validation("Property group " + group + " does not exist for " + type.name +
                                 "; create it first (POST /crm/v3/properties/" + type.name +
                                 "/groups)");
}

PropertyDefinition& custom_property(CrmAccount& account, const ObjectType& type,
                                    const std::string& name) {
    auto& props = account.properties(type);
    const auto it = props.find(name);
    if (it == props.end() || it->second.archived)
        throw errors::object_not_found("Unable to find property " + name + " of " + type.name);
    return it->second;
}

HttpResponse groups(ApiCall& call, const ObjectType& type, const std::vector<std::string>& rest) {
    auto& all = call.account.groups(type);
    const std::string& method = call.request.method;
    if (rest.size() == 1 && method == "GET") {
        nlohmann::json results = nlohmann::json::array();
        for (const auto& [name, group] : all) {
            if (!group.archived)
                results.push_back(group.to_json());
        }
        return json_response(200, {{"results", results}});
    }
    if (rest.size() == 1 && method == "POST") {
        const nlohmann::json body = parse_body(call.request);
        PropertyGroup group;
        group.name = text_member(body, "name", true);
        group.label = text_member(body, "label", true);
        group.display_order = body.value("displayOrder", -1);
        if (!valid_name(group.name))
            throw errors::validation("Group name " + group.name +
                                     " must start with a lower-case letter and hold only "
                                     "lower-case letters, digits and _");
        const auto it = all.find(group.name);
        if (it != all.end() && !it->second.archived)
            throw errors::conflict("A property group named " + group.name + " already exists",
                                   group.name);
        all[group.name] = group;
        return json_response(201, group.to_json());
    }
    if (rest.size() == 2) {
        const auto it = all.find(rest[1]);
        if (it == all.end() || it->second.archived)
            throw errors::object_not_found("Unable to find property group " + rest[1]);
        if (method == "GET")
            return json_response(200, it->second.to_json());
        if (method == "PATCH") {
            const nlohmann::json body = parse_body(call.request);
            if (body.contains("label"))
                it->second.label = text_member(body, "label", true);
            if (body.contains("displayOrder"))
                it->second.display_order = body.value("displayOrder", -1);
            return json_response(200, it->second.to_json());
        }
        if (method == "DELETE") {
            for (const auto& [name, p] : call.account.properties(type)) {
                if (!p.archived && p.group_name == rest[1])
                    throw errors::validation("Property group " + rest[1] +
                                             " still holds property " + name +
                                             "; move or archive its properties first");
            }
            it->second.archived = true;
            return no_content();
        }
    }
    throw errors::no_route(method, call.request.path);
}

HttpResponse update_property(ApiCall& call, const ObjectType& type, PropertyDefinition& p) {
    const nlohmann::json body = parse_body(call.request);
    if (p.hubspot_defined)
        throw errors::validation("Property " + p.name +
                                 " is defined by HubSpot; its definition is read-only");
    if (body.contains("label"))
        p.label = text_member(body, "label", true);
    if (body.contains("description"))
        p.description = text_member(body, "description", false);
    if (body.contains("groupName")) {
        const std::string group = text_member(body, "groupName", true);
        check_group(call.account, type, group);
        p.group_name = group;
    }
    if (body.contains("options"))
        p.options = options_of(body);
    if (body.contains("displayOrder"))
        p.display_order = body.value("displayOrder", -1);
    if (body.contains("hidden"))
        p.hidden = body.value("hidden", false);
    if (body.contains("fieldType")) {
        const std::string field = text_member(body, "fieldType", true);
        if (kFieldTypes.count(field) == 0)
            throw errors::validation("Unknown fieldType " + field);
        p.field_type = field;
    }
    p.updated_ms = call.now_ms;
    return json_response(200, p.to_json());
}

HttpResponse batch(ApiCall& call, const ObjectType& type, const std::string& action) {
    const nlohmann::json body = parse_body(call.request);
    if (!body.contains("inputs") || !body.at("inputs").is_array())
        throw errors::validation("The batch body needs \"inputs\": [...]");
    const auto& inputs = body.at("inputs");
    nlohmann::json results = nlohmann::json::array();
    if (action == "create") {
        for (const auto& input : inputs)
            results.push_back(define_property(call.account, type, input, call.now_ms).to_json());
        return json_response(201, {{"status", "COMPLETE"}, {"results", results}});
    }
    for (const auto& input : inputs) {
        const std::string name = input.is_object() ? input.value("name", std::string()) : "";
        if (action == "read") {
            if (const PropertyDefinition* p = call.account.property(type, name))
                results.push_back(p->to_json());
        } else if (action == "archive") {
            PropertyDefinition& p = custom_property(call.account, type, name);
            if (p.hubspot_defined)
                throw errors::validation("Property " + name + " is defined by HubSpot");
            p.archived = true;
        }
    }
    if (action == "archive")
        return no_content();
    return json_response(200, {{"status", "COMPLETE"}, {"results", results}});
}

}  // namespace

const PropertyDefinition& define_property(CrmAccount& account, const ObjectType& type,
                                          const nlohmann::json& body, std::int64_t now_ms) {
    if (!body.is_object())
        throw errors::validation("A property definition must be an object");
    PropertyDefinition p;
    p.name = text_member(body, "name", true);
    p.label = text_member(body, "label", true);
    p.type = text_member(body, "type", true);
    p.field_type = text_member(body, "fieldType", true);
    p.group_name = text_member(body, "groupName", true);
    p.description = text_member(body, "description", false);
    p.options = options_of(body);
    p.display_order = body.value("displayOrder", -1);
    p.hidden = body.value("hidden", false);
    p.has_unique_value = body.value("hasUniqueValue", false);
    p.created_ms = now_ms;
    p.updated_ms = now_ms;
    if (!valid_name(p.name) || p.name.rfind("hs_", 0) == 0)
        throw errors::validation("Property name " + p.name +
                                 " must start with a lower-case letter, hold only lower-case "
                                 "letters, digits and _, and not start with hs_ (reserved)");
    if (kTypes.count(p.type) == 0)
        throw errors::validation("Unknown property type " + p.type +
                                 " (string, number, date, datetime, enumeration, bool)");
    if (kFieldTypes.count(p.field_type) == 0)
        throw errors::validation("Unknown fieldType " + p.field_type);
    if (p.type == "enumeration" && p.options.empty())
        throw errors::validation("An enumeration property needs \"options\"");
    if (p.type == "bool" && p.options.empty())
        p.options = {{"True", "true", 0, false}, {"False", "false", 1, false}};
    check_group(account, type, p.group_name);
    auto& props = account.properties(type);
    const auto existing = props.find(p.name);
    if (existing != props.end() && !existing->second.archived)
        throw errors::conflict("Property named '" + p.name + "' already exists.", p.name);
    if (p.has_unique_value) {
        std::size_t unique = 0;
        for (const auto& [name, other] : props)
            unique += !other.archived && !other.hubspot_defined && other.has_unique_value ? 1 : 0;
        if (unique >= kMaxUniqueProperties)
            throw errors::validation("An object type has at most " +
                                     std::to_string(kMaxUniqueProperties) +
                                     " unique-value properties");
    }
    props[p.name] = p;
    if (p.has_unique_value)
        account.table(type).add_unique_property(p.name);
    return props[p.name];
}

HttpResponse handle_properties(ApiCall& call, const ObjectType& type,
                               const std::vector<std::string>& rest) {
    const std::string& method = call.request.method;
    if (!rest.empty() && rest[0] == "groups")
        return groups(call, type, rest);
    if (rest.size() == 2 && rest[0] == "batch" && method == "POST")
        return batch(call, type, rest[1]);
    if (rest.empty() && method == "GET") {
        const bool archived = bool_param(call.request, "archived");
        nlohmann::json results = nlohmann::json::array();
        for (const auto& [name, p] : call.account.properties(type)) {
            if (p.archived == archived)
                results.push_back(p.to_json());
        }
        return json_response(200, {{"results", results}});
    }
    if (rest.empty() && method == "POST") {
        return json_response(
            201,
            define_property(call.account, type, parse_body(call.request), call.now_ms).to_json());
    }
    if (rest.size() == 1) {
        if (method == "GET") {
            const PropertyDefinition* p = call.account.property(type, rest[0]);
            if (p == nullptr)
                throw errors::object_not_found("Unable to find property " + rest[0] + " of " +
                                               type.name);
            return json_response(200, p->to_json());
        }
        PropertyDefinition& p = custom_property(call.account, type, rest[0]);
        if (method == "PATCH")
            return update_property(call, type, p);
        if (method == "DELETE") {
            if (p.hubspot_defined)
                throw errors::validation("Property " + p.name +
                                         " is defined by HubSpot and cannot be archived");
            p.archived = true;
            return no_content();
        }
    }
    throw errors::no_route(method, call.request.path);
}

}  // namespace ledgersync::sandbox::hubspot
