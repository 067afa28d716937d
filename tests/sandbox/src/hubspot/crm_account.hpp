#pragma once
/// One HubSpot account (portal): its property schema per object type, its records, its
/// associations and association types, its invoice numbering and settings. Everything in it is
/// guarded by mutex(); the API holds it for the whole of a request's work.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hubspot/association_graph.hpp"
#include "hubspot/association_types.hpp"
#include "hubspot/object_table.hpp"
#include "hubspot/object_types.hpp"
#include "hubspot/property_definition.hpp"

namespace ledgersync::sandbox::hubspot {

struct AccountSettings {
    /// "Delete unpaid invoices" (account setting): open invoices may be archived.
    bool delete_unpaid_invoices = false;
    std::string invoice_number_prefix = "INV-";
    std::int64_t next_invoice_number = 1001;
    /// What GET /account-info/v3/details tells (seed options company_currency and
    /// additional_currencies): the currency product prices are in, and a multi-currency
    /// account's other currencies. The time zone's offset is fixed (no daylight saving time).
    std::string company_currency = "USD";
    std::vector<std::string> additional_currencies;
    std::string time_zone = "US/Eastern";
    std::int64_t utc_offset_ms = -18'000'000;
};

class CrmAccount {
public:
    CrmAccount(std::string portal_id, std::string name, std::int64_t now_ms);

    const std::string& portal_id() const { return portal_id_; }
    const std::string& name() const { return name_; }
    std::mutex& mutex() { return mutex_; }

    ObjectTable& table(const ObjectType& type) { return tables_[type.name]; }
    const ObjectTable& table(const ObjectType& type) const;
    /// The live (not archived) record `id` of `type`, or nullptr.
    CrmObject* live(const ObjectType& type, std::uint64_t id);

    std::map<std::string, PropertyDefinition>& properties(const ObjectType& type) {
        return properties_[type.name];
    }
    std::map<std::string, PropertyGroup>& groups(const ObjectType& type) {
        return groups_[type.name];
    }
    /// The live property `name` of `type`, or nullptr.
    const PropertyDefinition* property(const ObjectType& type, const std::string& name) const;

    AssociationGraph& associations() { return associations_; }
    AssociationTypes& association_types() { return association_types_; }
    AccountSettings& settings() { return settings_; }
    const AccountSettings& settings() const { return settings_; }
    std::uint64_t next_id() { return next_id_++; }

private:
    std::string portal_id_;
    std::string name_;
    std::mutex mutex_;
    std::map<std::string, ObjectTable> tables_;
    std::map<std::string, std::map<std::string, PropertyDefinition>> properties_;
    std::map<std::string, std::map<std::string, PropertyGroup>> groups_;
    AssociationGraph associations_;
    AssociationTypes association_types_;
    AccountSettings settings_;
    std::uint64_t next_id_ = 10001;
};

/// The accounts of the sandbox, by portal id.
class AccountRegistry {
public:
    std::shared_ptr<CrmAccount> create(const std::string& portal_id, const std::string& name,
                                       std::int64_t now_ms);
    std::shared_ptr<CrmAccount> find(const std::string& portal_id) const;
    std::vector<std::string> portal_ids() const;
    void clear();

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<CrmAccount>> accounts_;
};

}  // namespace ledgersync::sandbox::hubspot
