#include "stripe/object_store.hpp"

#include <stdexcept>

namespace ledgersync::sandbox::stripe {

nlohmann::json& ObjectStore::insert(nlohmann::json object) {
    const std::string id = object.at("id");
    const std::string type = object.at("object");
    const ListKey key{object.at("created").get<std::int64_t>(), next_sequence_++};
    if (objects_.count(id) > 0)
        throw std::logic_error("duplicate Stripe object id " + id);
    lists_[type][key] = id;
    auto& entry = objects_[id];
    entry.object = std::move(object);
    entry.key = key;
    return entry.object;
}

nlohmann::json* ObjectStore::find(const std::string& id) {
    const auto it = objects_.find(id);
    return it == objects_.end() ? nullptr : &it->second.object;
}

const nlohmann::json* ObjectStore::find(const std::string& id) const {
    const auto it = objects_.find(id);
    return it == objects_.end() ? nullptr : &it->second.object;
}

nlohmann::json* ObjectStore::find(const std::string& type, const std::string& id) {
    nlohmann::json* object = find(id);
    return object != nullptr && object->value("object", "") == type ? object : nullptr;
}

void ObjectStore::erase(const std::string& id) {
    const auto it = objects_.find(id);
    if (it == objects_.end())
        return;
    lists_[it->second.object.value("object", "")].erase(it->second.key);
    objects_.erase(it);
}

void ObjectStore::clear() {
    objects_.clear();
    lists_.clear();
}

std::size_t ObjectStore::count(const std::string& type) const {
    const auto it = lists_.find(type);
    return it == lists_.end() ? 0 : it->second.size();
}

const std::map<ObjectStore::ListKey, std::string>& ObjectStore::ordered(
    const std::string& type) const {
    static const std::map<ListKey, std::string> kEmpty;
    const auto it = lists_.find(type);
    return it == lists_.end() ? kEmpty : it->second;
}

std::optional<ObjectStore::ListKey> ObjectStore::list_key(const std::string& id) const {
    const auto it = objects_.find(id);
    if (it == objects_.end())
        return std::nullopt;
    return it->second.key;
}

}  // namespace ledgersync::sandbox::stripe
