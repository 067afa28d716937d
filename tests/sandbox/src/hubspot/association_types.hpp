#pragma once
/// The association types of an account: HubSpot's own (hubspot.md §2.8: invoice -> contact 177,
/// invoice -> line item 409, payment -> invoice 542, ...) and the labels the account defined
/// (USER_DEFINED). Every type has an inverse (177 <-> 178); one type per object pair is the
/// default, unlabelled one.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::hubspot {

struct AssociationDefinition {
    std::string from;  ///< object type names ("invoices")
    std::string to;
    std::string category;  ///< HUBSPOT_DEFINED or USER_DEFINED
    int type_id = 0;
    std::optional<std::string> label;
    int inverse_type_id = 0;
    bool is_default = false;
    /// The name v3 reads give it ("invoice_to_contact", "contact_to_company_unlabeled").
    std::string v3_name;

    /// {"category", "typeId", "label"} as v4 reads list it.
    nlohmann::json to_json() const;
};

class AssociationTypes {
public:
    AssociationTypes();

    const AssociationDefinition* find(const std::string& from, const std::string& to,
                                      const std::string& category, int type_id) const;
    /// The type `type_id` of `category` whose source is `from`, whatever its target (v3 creates
    /// name only the type; the target follows from it).
    const AssociationDefinition* find_from(const std::string& from, const std::string& category,
                                           int type_id) const;
    const AssociationDefinition* default_for(const std::string& from, const std::string& to) const;
    const AssociationDefinition* inverse_of(const AssociationDefinition& type) const;
    std::vector<const AssociationDefinition*> between(const std::string& from,
                                                      const std::string& to) const;
    /// Defines a USER_DEFINED label from -> to (and its inverse, with `inverse_label` or the same
    /// label); returns the new type. Throws HubSpotError when the pair has no default type or
    /// the name is taken.
    const AssociationDefinition& define_label(const std::string& from, const std::string& to,
                                              const std::string& label, const std::string& name,
                                              const std::string& inverse_label);

private:
    std::vector<AssociationDefinition> types_;
    int next_user_type_id_ = 1000;
};

}  // namespace ledgersync::sandbox::hubspot
