#include "hubspot/object_view.hpp"

#include "common/iso_time.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

void put_property(nlohmann::json& out, const CrmAccount& account, const ObjectType& type,
                  const CrmObject& object, const std::string& name) {
    if (account.property(type, name) == nullptr)
        return;  // unknown requested properties are omitted, as HubSpot does
    const auto it = object.properties.find(name);
    out[name] =
        it == object.properties.end() ? nlohmann::json(nullptr) : nlohmann::json(it->second);
}

}  // namespace

nlohmann::json render_object(CrmAccount& account, const ObjectType& type, const CrmObject& object,
                             const ReadOptions& options) {
    nlohmann::json properties = nlohmann::json::object();
    if (options.properties.empty()) {
        for (const auto& name : type.default_properties)
            put_property(properties, account, type, object, name);
    } else {
        for (const auto& name : options.properties)
            put_property(properties, account, type, object, name);
        for (const auto& name :
             {std::string("hs_object_id"), type.created_property, type.modified_property})
            put_property(properties, account, type, object, name);
    }
    nlohmann::json out = {{"id", std::to_string(object.id)},
                          {"properties", std::move(properties)},
                          {"createdAt", format_iso_datetime(object.created_ms, 0, true, true)},
                          {"updatedAt", format_iso_datetime(object.updated_ms, 0, true, true)},
                          {"archived", object.archived}};
    if (object.archived)
        out["archivedAt"] = format_iso_datetime(object.archived_ms, 0, true, true);
    if (!options.properties_with_history.empty()) {
        nlohmann::json history = nlohmann::json::object();
        for (const auto& name : options.properties_with_history) {
            if (account.property(type, name) == nullptr)
                continue;
            nlohmann::json versions = nlohmann::json::array();
            const auto it = object.history.find(name);
            if (it != object.history.end()) {
                for (auto v = it->second.rbegin(); v != it->second.rend(); ++v) {
                    versions.push_back(
                        {{"value", v->value},
                         {"timestamp", format_iso_datetime(v->timestamp_ms, 0, true, true)},
                         {"sourceType", v->source_type}});
                }
            }
            history[name] = std::move(versions);
        }
        out["propertiesWithHistory"] = std::move(history);
    }
    if (!options.associations.empty()) {
        nlohmann::json associations = nlohmann::json::object();
        for (const auto& requested : options.associations) {
            const ObjectType* to = find_object_type(requested);
            if (to == nullptr)
                continue;
            nlohmann::json results = nlohmann::json::array();
            for (const auto& [to_id, labels] :
                 account.associations().targets(type.name, object.id, to->name)) {
                for (const auto& label : labels) {
                    const AssociationDefinition* definition = account.association_types().find(
                        type.name, to->name, label.category, label.type_id);
                    results.push_back(
                        {{"id", std::to_string(to_id)},
                         {"type", definition != nullptr ? definition->v3_name
                                                        : std::to_string(label.type_id)}});
                }
            }
            if (!results.empty())
                associations[requested] = {{"results", std::move(results)}};
        }
        if (!associations.empty())
            out["associations"] = std::move(associations);
    }
    return out;
}

}  // namespace ledgersync::sandbox::hubspot
