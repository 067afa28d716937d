#include "qbo/references.hpp"

#include "qbo/ledger.hpp"
#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_json.hpp"

namespace ledgersync::sandbox::qbo {

std::string display_name(std::string_view kind, const nlohmann::json& body) {
    if (kind == "Customer" || kind == "Vendor" || kind == "Employee")
        return string_member(body, "DisplayName");
    const std::string qualified = string_member(body, "FullyQualifiedName");
    return qualified.empty() ? string_member(body, "Name") : qualified;
}

const StoredEntity* resolve_reference(const Ledger& ledger, nlohmann::json& object,
                                      std::string_view member, std::string_view kind,
                                      std::string_view required_name) {
    const auto it = object.find(member);
    if (it == object.end() || it->is_null()) {
        if (!required_name.empty())
            throw faults::required_param_missing(std::string(required_name));
        return nullptr;
    }
    if (!it->is_object() && !it->is_string()) {
        throw faults::invalid_property(std::string(member),
                                       "a reference must be an object {\"value\": \"<Id>\"}");
    }
    const std::string id = reference_value(object, member);
    if (id.empty()) {
        if (!required_name.empty())
            throw faults::required_param_missing(std::string(required_name));
        throw faults::invalid_property(std::string(member), "a reference needs a \"value\"");
    }
    const StoredEntity* target = ledger.find(kind, id);
    if (target == nullptr) {
        if (ledger.was_deleted(kind, id))
            throw faults::transaction_deleted();
        throw faults::invalid_reference(std::string(kind), id);
    }
    if (target->body.contains("Active") && target->body.at("Active") == false) {
        throw faults::inactive_reference(std::string(kind), id);
    }
    nlohmann::json reference = {{"value", id}};
    const std::string name = display_name(kind, target->body);
    if (!name.empty())
        reference["name"] = name;
    if (it->is_object() && it->contains("type"))
        reference["type"] = it->at("type");
    *it = std::move(reference);
    return target;
}

}  // namespace ledgersync::sandbox::qbo
