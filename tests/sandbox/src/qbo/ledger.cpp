#include "qbo/ledger.hpp"

#include <algorithm>

#include "common/iso_time.hpp"
#include "qbo/company_time.hpp"
#include "qbo/entity_rules.hpp"
#include "qbo/payment_application.hpp"
#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_json.hpp"
#include "qbo/transaction_math.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

const nlohmann::json kEmptyObject = nlohmann::json::object();

std::string sync_token_after(const nlohmann::json& body) {
    const std::string token = string_member(body, "SyncToken");
    const auto value = CompanyStore::numeric_id(token);
    return std::to_string(value.value_or(0) + 1);
}

// Id and SyncToken as QBO reads them: strings (numbers are accepted too).
std::string id_text(const nlohmann::json& body, const char* member) {
    if (!body.contains(member) || body.at(member).is_null())
        return {};
    const auto& value = body.at(member);
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number_integer())
        return std::to_string(value.get<std::int64_t>());
    throw faults::invalid_property(member, "must be a string");
}

}  // namespace

void strip_system_members(nlohmann::json& body) {
    for (const char* member : {"Id", "SyncToken", "MetaData", "domain", "status", "sparse"})
        body.erase(member);
}

Ledger::Ledger(CompanyStore& store, std::int64_t now_ms) : store_(store), now_ms_(now_ms) {}

// ---- lookups -------------------------------------------------------------------------------

const StoredEntity* Ledger::find(std::string_view kind, std::string_view id) const {
    const auto key = CompanyStore::numeric_id(id);
    if (!key)
        return nullptr;
    const auto it = staged_.find(Key{std::string(kind), *key});
    if (it != staged_.end())
        return it->second ? &*it->second : nullptr;
    if (hidden_ != nullptr && hidden_->count({std::string(kind), std::string(id)}) > 0)
        return nullptr;
    return store_.find(kind, id);
}

bool Ledger::was_deleted(std::string_view kind, std::string_view id) const {
    const auto key = CompanyStore::numeric_id(id);
    if (!key)
        return false;
    const auto it = staged_.find(Key{std::string(kind), *key});
    if (it != staged_.end())
        return !it->second.has_value();
    return store_.find_deleted(kind, id) != nullptr;
}

void Ledger::for_each(std::string_view kind,
                      const std::function<void(const StoredEntity&)>& visit) const {
    const std::string kind_name(kind);
    for (const auto& [id, entity] : store_.entities(kind)) {
        const auto staged = staged_.find(Key{kind_name, id});
        if (staged == staged_.end()) {
            visit(entity);
        } else if (staged->second) {
            visit(*staged->second);
        }
    }
    for (const auto& [key, entity] : staged_) {
        if (key.first == kind_name && entity &&
            store_.find(kind, std::to_string(key.second)) == nullptr)
            visit(*entity);
    }
}

void Ledger::for_each_visible(std::string_view kind,
                              const std::function<void(const StoredEntity&)>& visit) const {
    for_each(kind, [&](const StoredEntity& e) {
        if (hidden_ == nullptr ||
            hidden_->count({std::string(kind), string_member(e.body, "Id")}) == 0)
            visit(e);
    });
}

const StoredEntity* Ledger::find_by(std::string_view kind, std::string_view member,
                                    std::string_view value) const {
    const StoredEntity* found = nullptr;
    for_each(kind, [&](const StoredEntity& e) {
        if (found == nullptr && string_member(e.body, member) == value)
            found = &e;
    });
    // for_each visits stable addresses (the store's or the staging map's), so the pointer holds.
    return found;
}

const nlohmann::json& Ledger::preferences() const {
    const StoredEntity* prefs = find("Preferences", "1");
    return prefs == nullptr ? kEmptyObject : prefs->body;
}

StoredEntity& Ledger::modify(std::string_view kind, std::string_view id) {
    const auto key = CompanyStore::numeric_id(id);
    const StoredEntity* current = find(kind, id);
    if (!key || current == nullptr)
        throw faults::object_not_found();
    auto& slot = staged_[Key{std::string(kind), *key}];
    if (!slot)
        slot = *current;
    return *slot;
}

void Ledger::touch(std::string_view kind, StoredEntity& entity, const std::string& operation) {
    entity.body["SyncToken"] = sync_token_after(entity.body);
    entity.updated_ms = now_ms_;
    entity.body["MetaData"] = metadata(entity.created_ms, now_ms_);
    events_.push_back({std::string(kind), string_member(entity.body, "Id"), operation, now_ms_});
    if (kind == "Invoice" || kind == "CreditMemo" || kind == "Payment") {
        balance_changed_for(reference_value(entity.body, "CustomerRef"));
    }
}

void Ledger::balance_changed_for(const std::string& customer_id) {
    if (customer_id.empty())
        return;
    if (std::find(customers_to_rebalance_.begin(), customers_to_rebalance_.end(), customer_id) ==
        customers_to_rebalance_.end()) {
        customers_to_rebalance_.push_back(customer_id);
    }
}

void Ledger::stage(std::string_view kind, StoredEntity entity) {
    const auto key = CompanyStore::numeric_id(string_member(entity.body, "Id")).value_or(0);
    staged_[Key{std::string(kind), key}] = std::move(entity);
}

void Ledger::stage_delete(std::string_view kind, std::string_view id) {
    const auto key = CompanyStore::numeric_id(id).value_or(0);
    staged_[Key{std::string(kind), key}] = std::nullopt;
}

nlohmann::json Ledger::metadata(std::int64_t created_ms, std::int64_t updated_ms) const {
    return {{"CreateTime", company_datetime(created_ms)},
            {"LastUpdatedTime", company_datetime(updated_ms)}};
}

// Customer.Balance: what the customer owes: open invoices, less unused credits and payments.
void Ledger::refresh_customer_balances() {
    for (const auto& customer_id : customers_to_rebalance_) {
        if (find("Customer", customer_id) == nullptr)
            continue;
        sdk::Decimal balance;
        const auto add = [&](std::string_view kind, const char* member, int sign) {
            for_each(kind, [&](const StoredEntity& e) {
                if (reference_value(e.body, "CustomerRef") != customer_id)
                    return;
                const sdk::Decimal amount = decimal_member(e.body, member);
                balance += sign > 0 ? amount : -amount;
            });
        };
        add("Invoice", "Balance", 1);
        add("CreditMemo", "RemainingCredit", -1);
        add("Payment", "UnappliedAmt", -1);
        StoredEntity& customer = modify("Customer", customer_id);
        customer.body["Balance"] = money_json(balance);
        customer.body["BalanceWithJobs"] = money_json(balance);
    }
    customers_to_rebalance_.clear();
}

void Ledger::commit() {
    refresh_customer_balances();
    for (auto& [key, entity] : staged_) {
        if (entity) {
            store_.put(key.first, std::move(*entity));
        } else {
            store_.erase(key.first, std::to_string(key.second), now_ms_);
        }
    }
    staged_.clear();
}

// ---- operations ----------------------------------------------------------------------------

void Ledger::apply_rules(const EntityKind& kind, nlohmann::json& body,
                         const nlohmann::json* previous) {
    if (kind.shared_display_name) {
        apply_person_rules(*this, kind, body, previous);
    } else if (kind.name == "Item") {
        apply_item_rules(*this, body);
    } else if (kind.name == "Account") {
        apply_account_rules(*this, body);
    } else if (kind.is_name_list()) {
        apply_simple_list_rules(*this, kind, body);
    } else if (kind.sales_form) {
        apply_sales_form_rules(*this, kind, body, previous);
    } else if (kind.name == "Purchase") {
        apply_purchase_rules(*this, body, previous);
    } else if (kind.name == "Transfer") {
        apply_transfer_rules(*this, body);
    } else if (kind.name == "Deposit") {
        apply_deposit_rules(*this, body, previous);
    } else if (kind.name == "Preferences") {
        apply_preferences_rules(body, previous);
    }
    body["domain"] = "QBO";
    body["sparse"] = false;
}

nlohmann::json Ledger::create(const EntityKind& kind, nlohmann::json body,
                              const std::string& fixed_id) {
    if (kind.is_singleton()) {
        throw faults::unsupported_operation("Operation Create is not supported for " + kind.name +
                                            "; update it instead.");
    }
    strip_system_members(body);
    StoredEntity entity;
    entity.created_ms = entity.updated_ms = now_ms_;
    if (!fixed_id.empty()) {
        if (!CompanyStore::numeric_id(fixed_id))
            throw faults::invalid_property("Id", "must be a positive integer");
        if (find(kind.name, fixed_id) != nullptr) {
            throw faults::business_validation(kind.name + " " + fixed_id + " already exists.");
        }
    }
    std::string new_id = fixed_id;
    if (new_id.empty()) {
        // Skip Ids staged by earlier operations of this Ledger (seeding creates many at once).
        do {
            new_id = store_.allocate_id(kind.name);
        } while (find(kind.name, new_id) != nullptr || was_deleted(kind.name, new_id));
    } else {
        store_.raise_next_id(kind.name, *CompanyStore::numeric_id(new_id) + 1);
    }
    body["Id"] = new_id;
    body["SyncToken"] = "0";
    body["MetaData"] = metadata(now_ms_, now_ms_);
    std::vector<std::pair<std::string, std::string>> applied;
    if (kind.name == "Payment") {
        applied = apply_payment_rules(*this, body, nullptr);
        body["domain"] = "QBO";
        body["sparse"] = false;
    } else {
        apply_rules(kind, body, nullptr);
    }
    entity.body = body;
    stage(kind.name, std::move(entity));
    events_.push_back({kind.name, body["Id"].get<std::string>(), "Create", now_ms_});
    if (kind.name == "Invoice" || kind.name == "CreditMemo" || kind.name == "Payment") {
        balance_changed_for(reference_value(body, "CustomerRef"));
    }
    for (const auto& [type, id] : applied)
        refresh_applied_transaction(*this, type, id);
    return find(kind.name, body["Id"].get<std::string>())->body;
}

const StoredEntity& Ledger::existing_for_write(const EntityKind& kind,
                                               const nlohmann::json& body) const {
    const std::string id = id_text(body, "Id");
    if (id.empty())
        throw faults::required_param_missing("Id");
    const StoredEntity* existing = find(kind.name, id);
    if (existing == nullptr)
        throw was_deleted(kind.name, id) ? faults::transaction_deleted()
                                         : faults::object_not_found();
    const std::string token = id_text(body, "SyncToken");
    if (token.empty())
        throw faults::required_param_missing("SyncToken");
    if (token != string_member(existing->body, "SyncToken"))
        throw faults::stale_object();
    return *existing;
}

nlohmann::json Ledger::update(const EntityKind& kind, nlohmann::json body, bool include_void) {
    if (include_void)
        return void_transaction(kind, body);
    const StoredEntity& existing = existing_for_write(kind, body);
    if (existing.voided) {
        throw faults::business_validation(
            "This transaction has been voided; a voided transaction cannot be changed.");
    }
    const bool sparse = body.contains("sparse") && body.at("sparse") == true;
    const nlohmann::json previous = existing.body;
    nlohmann::json merged;
    if (sparse) {
        merged = previous;
        for (auto it = body.begin(); it != body.end(); ++it) {
            if (it.key() == "Id" || it.key() == "SyncToken" || it.key() == "sparse" ||
                it.key() == "MetaData" || it.key() == "domain" || it.key() == "status") {
                continue;
            }
            if (it.value().is_null()) {
                merged.erase(it.key());
            } else {
                merged[it.key()] = it.value();
            }
        }
    } else {
        // Full update: writable members left out are cleared (set NULL), system ones stay.
        merged = body;
        strip_system_members(merged);
    }
    merged["Id"] = previous.at("Id");
    merged["SyncToken"] = previous.at("SyncToken");
    StoredEntity updated = existing;
    std::vector<std::pair<std::string, std::string>> applied;
    if (kind.name == "Payment") {
        applied = apply_payment_rules(*this, merged, &previous);
        merged["domain"] = "QBO";
        merged["sparse"] = false;
    } else {
        apply_rules(kind, merged, &previous);
    }
    updated.body = std::move(merged);
    stage(kind.name, std::move(updated));
    StoredEntity& staged = modify(kind.name, previous.at("Id").get<std::string>());
    touch(kind.name, staged, "Update");
    if (kind.name == "Invoice" || kind.name == "CreditMemo" || kind.name == "Payment") {
        balance_changed_for(reference_value(previous, "CustomerRef"));
    }
    for (const auto& [type, id] : applied)
        refresh_applied_transaction(*this, type, id);
    return find(kind.name, previous.at("Id").get<std::string>())->body;
}

nlohmann::json Ledger::void_transaction(const EntityKind& kind, const nlohmann::json& body) {
    if (!kind.voidable)
        throw faults::unsupported_operation("Operation Void is not supported for " + kind.name +
                                            ".");
    const StoredEntity& existing = existing_for_write(kind, body);
    const std::string id = string_member(existing.body, "Id");
    if (existing.voided)
        return existing.body;
    if (kind.name == "Payment") {
        const auto targets = payment_targets(existing.body);
        StoredEntity& payment = modify(kind.name, id);
        payment.body["Line"] = nlohmann::json::array();
        payment.body["TotalAmt"] = "0";
        payment.body["UnappliedAmt"] = "0";
        const std::string note = string_member(payment.body, "PrivateNote");
        if (note.rfind("Voided", 0) != 0)
            payment.body["PrivateNote"] = note.empty() ? "Voided" : "Voided - " + note;
        payment.voided = true;
        touch(kind.name, payment, "Void");
        for (const auto& [type, target] : targets)
            refresh_applied_transaction(*this, type, target);
        return find(kind.name, id)->body;
    }
    if (kind.name == "Invoice" || kind.name == "CreditMemo")
        detach_payments(*this, kind.name, id);
    StoredEntity& txn = modify(kind.name, id);
    zero_for_void(txn.body);
    if (kind.name == "Invoice")
        txn.body["LinkedTxn"] = nlohmann::json::array();
    txn.voided = true;
    touch(kind.name, txn, "Void");
    return find(kind.name, id)->body;
}

nlohmann::json Ledger::remove(const EntityKind& kind, const nlohmann::json& body) {
    if (!kind.is_transaction()) {
        throw faults::unsupported_operation(
            "Operation Delete is not supported for " + kind.name +
            "; name-list entities are made inactive with Active=false.");
    }
    const StoredEntity& existing = existing_for_write(kind, body);
    const std::string id = string_member(existing.body, "Id");
    const std::string customer = reference_value(existing.body, "CustomerRef");
    if (kind.name == "Invoice" || kind.name == "CreditMemo")
        detach_payments(*this, kind.name, id);
    const auto targets = kind.name == "Payment"
                             ? payment_targets(existing.body)
                             : std::vector<std::pair<std::string, std::string>>{};
    stage_delete(kind.name, id);
    events_.push_back({kind.name, id, "Delete", now_ms_});
    if (kind.name == "Invoice" || kind.name == "CreditMemo" || kind.name == "Payment")
        balance_changed_for(customer);
    for (const auto& [type, target] : targets)
        refresh_applied_transaction(*this, type, target);
    return {{"status", "Deleted"}, {"domain", "QBO"}, {"Id", id}};
}

nlohmann::json Ledger::send(const EntityKind& kind, const std::string& id,
                            const std::string& send_to) {
    if (!kind.sales_form)
        throw faults::unsupported_operation("Operation Send is not supported for " + kind.name +
                                            ".");
    if (find(kind.name, id) == nullptr)
        throw was_deleted(kind.name, id) ? faults::transaction_deleted()
                                         : faults::object_not_found();
    StoredEntity& txn = modify(kind.name, id);
    if (!send_to.empty())
        txn.body["BillEmail"] = {{"Address", send_to}};
    if (string_member(txn.body.value("BillEmail", nlohmann::json::object()), "Address").empty()) {
        throw faults::business_validation(
            "An email address is required to send this transaction: set BillEmail or pass sendTo.");
    }
    txn.body["EmailStatus"] = "EmailSent";
    txn.body["DeliveryInfo"] = {{"DeliveryType", "Email"},
                                {"DeliveryTime", company_datetime(now_ms_)}};
    touch(kind.name, txn, "Emailed");
    return find(kind.name, id)->body;
}

const nlohmann::json& Ledger::read(const EntityKind& kind, std::string_view id) const {
    const StoredEntity* entity = find(kind.name, id);
    if (entity == nullptr)
        throw was_deleted(kind.name, id) ? faults::transaction_deleted()
                                         : faults::object_not_found();
    return entity->body;
}

nlohmann::json Ledger::import(const EntityKind& kind, nlohmann::json body) {
    check_member_types(body);
    const std::string id = id_text(body, "Id");
    if (!id.empty() && !CompanyStore::numeric_id(id))
        throw faults::invalid_property("Id", "must be a positive integer");
    StoredEntity entity;
    body["Id"] = id.empty() ? store_.allocate_id(kind.name) : id;
    if (!body.contains("SyncToken"))
        body["SyncToken"] = "0";
    body["SyncToken"] = id_text(body, "SyncToken");
    body["domain"] = "QBO";
    if (!body.contains("sparse"))
        body["sparse"] = false;
    entity.created_ms = entity.updated_ms = now_ms_;
    if (body.contains("MetaData") && body["MetaData"].is_object()) {
        // Keep the fixture's times; the store orders CDC by them.
        const auto parse = [](const nlohmann::json& meta, const char* member,
                              std::int64_t fallback) {
            const std::string text = string_member(meta, member);
            const auto ms = parse_iso_datetime(text);
            return ms.value_or(fallback);
        };
        entity.created_ms = parse(body["MetaData"], "CreateTime", now_ms_);
        entity.updated_ms = parse(body["MetaData"], "LastUpdatedTime", entity.created_ms);
    } else {
        body["MetaData"] = metadata(now_ms_, now_ms_);
    }
    entity.body = std::move(body);
    const std::string stored_id = entity.body["Id"].get<std::string>();
    stage(kind.name, std::move(entity));
    events_.push_back({kind.name, stored_id, "Create", now_ms_});
    return find(kind.name, stored_id)->body;
}

}  // namespace ledgersync::sandbox::qbo
