#include "hubspot/object_table.hpp"

namespace ledgersync::sandbox::hubspot {

const std::string& CrmObject::value(const std::string& name) const {
    static const std::string kEmpty;
    const auto it = properties.find(name);
    return it == properties.end() ? kEmpty : it->second;
}

CrmObject* ObjectTable::find(std::uint64_t id) {
    const auto it = objects_.find(id);
    return it == objects_.end() ? nullptr : &it->second;
}

const CrmObject* ObjectTable::find(std::uint64_t id) const {
    const auto it = objects_.find(id);
    return it == objects_.end() ? nullptr : &it->second;
}

CrmObject& ObjectTable::insert(std::uint64_t id, std::int64_t now_ms) {
    CrmObject& object = objects_[id];
    object.id = id;
    object.created_ms = now_ms;
    object.updated_ms = now_ms;
    return object;
}

bool ObjectTable::set(CrmObject& object, const std::string& name, const std::string& value,
                      std::int64_t now_ms, const std::string& source_type) {
    const std::string old = object.value(name);
    if (old == value && (value.empty() || object.properties.count(name) > 0))
        return false;
    if (unique_.count(name) > 0 && !object.archived) {
        auto& index = index_[name];
        if (!old.empty()) {
            const auto it = index.find(old);
            if (it != index.end() && it->second == object.id)
                index.erase(it);
        }
        if (!value.empty())
            index[value] = object.id;
    }
    if (value.empty()) {
        object.properties.erase(name);
    } else {
        object.properties[name] = value;
    }
    object.history[name].push_back({value, now_ms, source_type});
    return true;
}

void ObjectTable::archive(CrmObject& object, std::int64_t now_ms) {
    for (const auto& name : unique_) {
        const std::string& value = object.value(name);
        auto& index = index_[name];
        const auto it = index.find(value);
        if (it != index.end() && it->second == object.id)
            index.erase(it);
    }
    object.archived = true;
    object.archived_ms = now_ms;
    object.updated_ms = now_ms;
}

std::optional<std::uint64_t> ObjectTable::find_unique(const std::string& name,
                                                      const std::string& value) const {
    const auto index = index_.find(name);
    if (index == index_.end())
        return std::nullopt;
    const auto it = index->second.find(value);
    if (it == index->second.end())
        return std::nullopt;
    return it->second;
}

void ObjectTable::add_unique_property(const std::string& name) {
    if (!unique_.insert(name).second)
        return;
    auto& index = index_[name];
    for (const auto& [id, object] : objects_) {
        const std::string& value = object.value(name);
        if (!object.archived && !value.empty())
            index.emplace(value, id);
    }
}

}  // namespace ledgersync::sandbox::hubspot
