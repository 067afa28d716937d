#include "hubspot/crm_account.hpp"

#include "hubspot/builtin_properties.hpp"

namespace ledgersync::sandbox::hubspot {

CrmAccount::CrmAccount(std::string portal_id, std::string name, std::int64_t now_ms)
    : portal_id_(std::move(portal_id)), name_(std::move(name)) {
    for (const auto& type : all_object_types()) {
        auto& props = properties_[type.name];
        ObjectTable& objects = tables_[type.name];
        for (auto& p : builtin_properties(type)) {
            p.created_ms = now_ms;
            p.updated_ms = now_ms;
            if (p.has_unique_value)
                objects.add_unique_property(p.name);
            props.emplace(p.name, std::move(p));
        }
        for (auto& g : builtin_groups(type))
            groups_[type.name].emplace(g.name, std::move(g));
    }
}

const ObjectTable& CrmAccount::table(const ObjectType& type) const {
    static const ObjectTable kEmpty;
    const auto it = tables_.find(type.name);
    return it == tables_.end() ? kEmpty : it->second;
}

CrmObject* CrmAccount::live(const ObjectType& type, std::uint64_t id) {
    CrmObject* object = table(type).find(id);
    return object == nullptr || object->archived ? nullptr : object;
}

const PropertyDefinition* CrmAccount::property(const ObjectType& type,
                                               const std::string& name) const {
    const auto props = properties_.find(type.name);
    if (props == properties_.end())
        return nullptr;
    const auto it = props->second.find(name);
    return it == props->second.end() || it->second.archived ? nullptr : &it->second;
}

std::shared_ptr<CrmAccount> AccountRegistry::create(const std::string& portal_id,
                                                    const std::string& name, std::int64_t now_ms) {
    auto account = std::make_shared<CrmAccount>(portal_id, name, now_ms);
    std::lock_guard lock(mutex_);
    accounts_[portal_id] = account;
    return account;
}

std::shared_ptr<CrmAccount> AccountRegistry::find(const std::string& portal_id) const {
    std::lock_guard lock(mutex_);
    const auto it = accounts_.find(portal_id);
    return it == accounts_.end() ? nullptr : it->second;
}

std::vector<std::string> AccountRegistry::portal_ids() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [id, account] : accounts_)
        out.push_back(id);
    return out;
}

void AccountRegistry::clear() {
    std::lock_guard lock(mutex_);
    accounts_.clear();
}

}  // namespace ledgersync::sandbox::hubspot
