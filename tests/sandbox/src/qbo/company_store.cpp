#include "qbo/company_store.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

const CompanyStore::EntityMap kNoEntities;
const CompanyStore::DeletedMap kNoDeleted;

}  // namespace

std::optional<std::int64_t> CompanyStore::numeric_id(std::string_view id) {
    if (id.empty() || id.size() > 18)
        return std::nullopt;
    std::int64_t value = 0;
    for (const char c : id) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value <= 0)
        return std::nullopt;
    return value;
}

const StoredEntity* CompanyStore::find(std::string_view kind, std::string_view id) const {
    const auto key = numeric_id(id);
    const auto kind_it = entities_.find(kind);
    if (!key || kind_it == entities_.end())
        return nullptr;
    const auto it = kind_it->second.find(*key);
    return it == kind_it->second.end() ? nullptr : &it->second;
}

const DeletedEntity* CompanyStore::find_deleted(std::string_view kind, std::string_view id) const {
    const auto key = numeric_id(id);
    const auto kind_it = deleted_.find(kind);
    if (!key || kind_it == deleted_.end())
        return nullptr;
    const auto it = kind_it->second.find(*key);
    return it == kind_it->second.end() ? nullptr : &it->second;
}

void CompanyStore::put(std::string_view kind, StoredEntity entity) {
    const std::string id = entity.body.at("Id").get<std::string>();
    const auto key = numeric_id(id).value_or(0);
    auto& map = entities_[std::string(kind)];
    map[key] = std::move(entity);
    raise_next_id(kind, key + 1);
}

void CompanyStore::erase(std::string_view kind, std::string_view id, std::int64_t when_ms) {
    const auto key = numeric_id(id);
    if (!key)
        return;
    auto kind_it = entities_.find(kind);
    if (kind_it != entities_.end())
        kind_it->second.erase(*key);
    deleted_[std::string(kind)][*key] = DeletedEntity{std::string(id), when_ms};
}

const CompanyStore::EntityMap& CompanyStore::entities(std::string_view kind) const {
    const auto it = entities_.find(kind);
    return it == entities_.end() ? kNoEntities : it->second;
}

const CompanyStore::DeletedMap& CompanyStore::deleted(std::string_view kind) const {
    const auto it = deleted_.find(kind);
    return it == deleted_.end() ? kNoDeleted : it->second;
}

std::string CompanyStore::allocate_id(std::string_view kind) {
    auto it = next_ids_.find(kind);
    if (it == next_ids_.end())
        it = next_ids_.emplace(std::string(kind), 1).first;
    return std::to_string(it->second++);
}

void CompanyStore::raise_next_id(std::string_view kind, std::int64_t next) {
    auto it = next_ids_.find(kind);
    if (it == next_ids_.end()) {
        next_ids_.emplace(std::string(kind), next);
    } else if (it->second < next) {
        it->second = next;
    }
}

std::string CompanyStore::allocate_doc_number() {
    return std::to_string(next_doc_number_++);
}

}  // namespace ledgersync::sandbox::qbo
