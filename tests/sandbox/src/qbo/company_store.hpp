#pragma once
/// The data of one QBO company (realm): its entities by kind and Id, the stubs of deleted
/// transactions (CDC reports them), and the Id and DocNumber sequences. Plain data with no
/// business rules and no locking: the Company that owns it serializes access, and the Ledger
/// applies the rules.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

struct StoredEntity {
    nlohmann::json body;  ///< wire shape, decimals as exact text (qbo_json.hpp)
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;  ///< MetaData.LastUpdatedTime, for CDC and queries
    bool voided = false;
};

struct DeletedEntity {
    std::string id;
    std::int64_t deleted_ms = 0;
};

class CompanyStore {
public:
    using EntityMap = std::map<std::int64_t, StoredEntity>;
    using DeletedMap = std::map<std::int64_t, DeletedEntity>;

    explicit CompanyStore(std::string realm_id) : realm_id_(std::move(realm_id)) {}

    const std::string& realm_id() const noexcept { return realm_id_; }

    const StoredEntity* find(std::string_view kind, std::string_view id) const;
    const DeletedEntity* find_deleted(std::string_view kind, std::string_view id) const;
    /// Inserts or replaces the entity whose body["Id"] is its key.
    void put(std::string_view kind, StoredEntity entity);
    /// Removes the entity and keeps a stub of it.
    void erase(std::string_view kind, std::string_view id, std::int64_t when_ms);
    /// Every live entity of `kind`, by numeric Id.
    const EntityMap& entities(std::string_view kind) const;
    const DeletedMap& deleted(std::string_view kind) const;

    /// A fresh Id for `kind` ("1", "2", ...).
    std::string allocate_id(std::string_view kind);
    /// The next Id allocate_id returns will be at least `next`.
    void raise_next_id(std::string_view kind, std::int64_t next);
    /// The next automatic DocNumber of sales forms (one sequence for all of them, as in QBO).
    std::string allocate_doc_number();
    void set_next_doc_number(std::int64_t next) { next_doc_number_ = next; }

    /// Numeric value of an Id, nullopt when it is not a positive integer.
    static std::optional<std::int64_t> numeric_id(std::string_view id);

private:
    std::string realm_id_;
    std::map<std::string, EntityMap, std::less<>> entities_;
    std::map<std::string, DeletedMap, std::less<>> deleted_;
    std::map<std::string, std::int64_t, std::less<>> next_ids_;
    std::int64_t next_doc_number_ = 1001;
};

}  // namespace ledgersync::sandbox::qbo
