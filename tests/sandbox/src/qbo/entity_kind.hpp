#pragma once
/// The QBO entities the sandbox serves and how each behaves: its name on the wire and in URLs,
/// whether it is a name-list entity (never deleted, only made inactive), a transaction, or a
/// per-company singleton, and which operations apply.

#include <string>
#include <string_view>
#include <vector>

namespace ledgersync::sandbox::qbo {

enum class EntityCategory {
    name_list,    ///< Customer, Vendor, Item, Account, ...: Active=false instead of delete
    transaction,  ///< Invoice, Payment, ...: delete and (for most) void
    singleton,    ///< Preferences, CompanyInfo: one per company, read and update only
};

struct EntityKind {
    std::string name;      ///< "Invoice": the JSON envelope key and the query entity
    std::string resource;  ///< "invoice": the URL segment
    EntityCategory category;
    bool sales_form = false;  ///< lines with SalesItemLineDetail, totals, custom fields, PDF
    bool voidable = false;
    bool shared_display_name = false;  ///< DisplayName unique across Customer, Vendor, Employee
    bool webhook_events = true;

    bool is_transaction() const { return category == EntityCategory::transaction; }
    bool is_name_list() const { return category == EntityCategory::name_list; }
    bool is_singleton() const { return category == EntityCategory::singleton; }
};

const std::vector<EntityKind>& all_entity_kinds();
/// By URL segment ("invoice"), case-insensitively; nullptr when unknown.
const EntityKind* find_kind_by_resource(std::string_view resource);
/// By entity name ("Invoice", "invoice"), case-insensitively; nullptr when unknown.
const EntityKind* find_kind_by_name(std::string_view name);
/// The kind named `name`; it must exist (programming error otherwise).
const EntityKind& kind(std::string_view name);

bool equals_ignore_case(std::string_view a, std::string_view b);
std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);

}  // namespace ledgersync::sandbox::qbo
