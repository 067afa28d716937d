#pragma once
/// The operations of the QBO Accounting API on one company, with QBO's business rules: create,
/// read, sparse and full update with SyncToken checks, void, delete, send. One Ledger carries out
/// one operation: it stages every entity it changes (the entity itself, the invoices a payment
/// applies to, the customer balances) and commit() writes them all at once, so a failed
/// operation (a QboFault) leaves the company untouched. The caller holds the company's lock.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "qbo/company_store.hpp"
#include "qbo/entity_kind.hpp"

namespace ledgersync::sandbox::qbo {

/// A change that webhooks announce and CDC reports.
struct ChangeEvent {
    std::string entity;  ///< "Invoice"
    std::string id;
    std::string operation;  ///< Create, Update, Delete, Void, Emailed
    std::int64_t time_ms = 0;
};

class Ledger {
public:
    /// Entities by (kind, Id).
    using EntityKeys = std::set<std::pair<std::string, std::string>>;

    Ledger(CompanyStore& store, std::int64_t now_ms);

    /// Makes the committed entities in `keys` invisible to this Ledger's lookups by Id (reads,
    /// references, updates) and to queries; `keys` must outlive the Ledger. A batch hides what
    /// its earlier items created: QBO carries out batch items independently, and an entity
    /// created by one is not visible to the others (reference/qbo.md §1.3). Uniqueness rules
    /// still see them (for_each), as the company's data does.
    void hide(const EntityKeys& keys) { hidden_ = &keys; }

    /// Creates an entity; `fixed_id` (seeding only) gives it that Id instead of the next one.
    nlohmann::json create(const EntityKind& kind, nlohmann::json body,
                          const std::string& fixed_id = {});
    /// Full or sparse ("sparse": true) update; `include_void` is Payment's void form
    /// (?operation=update&include=void).
    nlohmann::json update(const EntityKind& kind, nlohmann::json body, bool include_void = false);
    /// ?operation=void with {"Id","SyncToken"}.
    nlohmann::json void_transaction(const EntityKind& kind, const nlohmann::json& body);
    /// ?operation=delete with {"Id","SyncToken"}: {"status":"Deleted","domain":"QBO","Id":...}.
    nlohmann::json remove(const EntityKind& kind, const nlohmann::json& body);
    /// POST .../{id}/send[?sendTo=]: EmailStatus EmailSent, DeliveryInfo.
    nlohmann::json send(const EntityKind& kind, const std::string& id, const std::string& send_to);
    /// The entity, or the 610 fault.
    const nlohmann::json& read(const EntityKind& kind, std::string_view id) const;
    /// Stores `body` as given (Id, SyncToken and MetaData kept, defaults filled, totals not
    /// recomputed): how seed fixtures mirror an existing company.
    nlohmann::json import(const EntityKind& kind, nlohmann::json body);

    /// Writes the staged changes to the store.
    void commit();
    const std::vector<ChangeEvent>& events() const noexcept { return events_; }

    // What the rules read and write (qbo/*_rules.cpp, payment_application.cpp).
    std::int64_t now_ms() const noexcept { return now_ms_; }
    const StoredEntity* find(std::string_view kind, std::string_view id) const;
    bool was_deleted(std::string_view kind, std::string_view id) const;
    void for_each(std::string_view kind,
                  const std::function<void(const StoredEntity&)>& visit) const;
    /// for_each without the entities hidden from this Ledger: what a query sees.
    void for_each_visible(std::string_view kind,
                          const std::function<void(const StoredEntity&)>& visit) const;
    const nlohmann::json& preferences() const;
    /// Stubs of the deleted entities of `kind` (committed ones).
    const CompanyStore::DeletedMap& store_deleted(std::string_view kind) const {
        return store_.deleted(kind);
    }
    /// A staged copy of the entity, to change; it must exist.
    StoredEntity& modify(std::string_view kind, std::string_view id);
    /// Marks a staged entity changed: SyncToken + 1, LastUpdatedTime, an event.
    void touch(std::string_view kind, StoredEntity& entity, const std::string& operation);
    /// The next automatic DocNumber of sales forms.
    std::string allocate_doc_number() { return store_.allocate_doc_number(); }
    /// Seeding: the next Id of `kind` is at least `next`; the next automatic DocNumber.
    void raise_next_id(std::string_view kind, std::int64_t next) {
        store_.raise_next_id(kind, next);
    }
    void set_next_doc_number(std::int64_t next) { store_.set_next_doc_number(next); }
    /// Customers whose Balance must be recomputed before commit.
    void balance_changed_for(const std::string& customer_id);
    /// The entity `kind` whose `member` equals `value` (first one), e.g. the Undeposited Funds
    /// account by AccountSubType.
    const StoredEntity* find_by(std::string_view kind, std::string_view member,
                                std::string_view value) const;

private:
    using Key = std::pair<std::string, std::int64_t>;

    void apply_rules(const EntityKind& kind, nlohmann::json& body, const nlohmann::json* previous);
    const StoredEntity& existing_for_write(const EntityKind& kind,
                                           const nlohmann::json& body) const;
    void stage(std::string_view kind, StoredEntity entity);
    void stage_delete(std::string_view kind, std::string_view id);
    void refresh_customer_balances();
    nlohmann::json metadata(std::int64_t created_ms, std::int64_t updated_ms) const;

    CompanyStore& store_;
    std::int64_t now_ms_;
    std::map<Key, std::optional<StoredEntity>> staged_;  // nullopt = deleted
    std::vector<ChangeEvent> events_;
    std::vector<std::string> customers_to_rebalance_;
    const EntityKeys* hidden_ = nullptr;
};

/// Members of every entity that clients cannot set.
void strip_system_members(nlohmann::json& body);

}  // namespace ledgersync::sandbox::qbo
