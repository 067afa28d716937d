#pragma once
/// Every write to an account's records goes through here, so the rules hold whichever endpoint
/// (single, batch, upsert, associations, seed) asks: properties must exist and take valid
/// values, computed ones cannot be written, required ones must be there, unique values stay
/// unique, association types must fit their objects, a line item has one parent, invoices
/// follow their state machine and their totals follow their lines, discounts, fees, taxes and
/// payments.
///
/// A write is prepared first (everything checked, nothing changed; a HubSpotError says what is
/// wrong) and committed after, so a batch can refuse as a whole. finish() recomputes the
/// invoices the writes touched; call it before reading the results. The caller holds the
/// account's lock.

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hubspot/change_event.hpp"
#include "hubspot/crm_account.hpp"

namespace ledgersync::sandbox::hubspot {

struct PreparedAssociation {
    const ObjectType* to = nullptr;
    std::uint64_t to_id = 0;
    const AssociationDefinition* type = nullptr;
};

struct PreparedWrite {
    const ObjectType* type = nullptr;
    CrmObject* existing = nullptr;  ///< nullptr: a create
    std::vector<std::pair<std::string, std::string>> values;
    std::vector<PreparedAssociation> associations;
};

class CrmWriter {
public:
    /// `source_type` is recorded in property history ("API", or "IMPORT" for seeded records).
    CrmWriter(CrmAccount& account, std::int64_t now_ms, std::vector<ChangeEvent>& changes,
              std::string source_type = "API");

    /// Checks a create input {"properties": {...}, "associations": [...]}.
    PreparedWrite prepare_create(const ObjectType& type, const nlohmann::json& input);
    /// Checks an update of `object` with `properties`.
    PreparedWrite prepare_update(const ObjectType& type, CrmObject& object,
                                 const nlohmann::json& properties);
    CrmObject& commit(const PreparedWrite& write);
    /// Sets values only HubSpot itself writes (read-only through the API: a processor's platform
    /// fee, a refund made in HubSpot), with source type "PAYMENTS", then what follows from them.
    void set_processor_values(const ObjectType& type, CrmObject& object,
                              const std::vector<std::pair<std::string, std::string>>& values);

    /// Moves a record to the recycling bin (archived), with its associations removed.
    void archive(const ObjectType& type, CrmObject& object);

    /// Checks that `from` may be associated with `to` with `association` (throws otherwise).
    void check_association(const ObjectType& from, std::uint64_t from_id, const ObjectType& to,
                           std::uint64_t to_id, const AssociationDefinition& association);
    /// Adds the association and its inverse (and the default type beside a label, as HubSpot
    /// does); false when it existed.
    bool associate(const ObjectType& from, std::uint64_t from_id, const ObjectType& to,
                   std::uint64_t to_id, const AssociationDefinition& association);
    /// Removes every association between the two records (both directions); false when none.
    bool dissociate(const ObjectType& from, std::uint64_t from_id, const ObjectType& to,
                    std::uint64_t to_id);
    /// Removes one label (and its inverse); false when it was not there.
    bool dissociate_label(const ObjectType& from, std::uint64_t from_id, const ObjectType& to,
                          std::uint64_t to_id, const AssociationDefinition& association);

    /// The live record addressed by `id`: a record id, or a unique value of `id_property`.
    CrmObject* resolve(const ObjectType& type, const std::string& id,
                       const std::string& id_property);
    /// Throws a 400 unless `id_property` is "" / hs_object_id or a unique-value property.
    void check_id_property(const ObjectType& type, const std::string& id_property) const;

    /// Recomputes the invoices touched by the writes so far.
    void finish();

    CrmAccount& account() { return account_; }
    std::int64_t now_ms() const { return now_ms_; }

private:
    std::vector<std::pair<std::string, std::string>> check_properties(
        const ObjectType& type, const nlohmann::json& properties, bool creating);
    void check_unique(const ObjectType& type,
                      const std::vector<std::pair<std::string, std::string>>& values,
                      std::uint64_t self_id);
    void claim_unique(const ObjectType& type,
                      const std::vector<std::pair<std::string, std::string>>& values);
    std::vector<PreparedAssociation> check_create_associations(const ObjectType& type,
                                                               const nlohmann::json& list);
    void set(const ObjectType& type, CrmObject& object, const std::string& name,
             const std::string& value, const std::string& source);
    void touch(const ObjectType& type, CrmObject& object);
    void mark_dirty(const ObjectType& type, std::uint64_t id);
    void recompute_derived(const ObjectType& type, CrmObject& object);
    void recompute_invoice(CrmObject& invoice);
    void emit_association(const ObjectType& from, std::uint64_t from_id, const ObjectType& to,
                          std::uint64_t to_id, const AssociationDefinition& association,
                          bool removed);

    CrmAccount& account_;
    std::int64_t now_ms_;
    std::vector<ChangeEvent>& changes_;
    std::string source_type_;
    std::set<std::uint64_t> dirty_invoices_;
    /// (type, property, value) claimed by earlier inputs of the same request.
    std::set<std::tuple<std::string, std::string, std::string>> claimed_;
};

}  // namespace ledgersync::sandbox::hubspot
