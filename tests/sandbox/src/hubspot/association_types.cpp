#include "hubspot/association_types.hpp"

#include "hubspot/hubspot_error.hpp"
#include "hubspot/object_types.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

constexpr const char* kHubSpot = "HUBSPOT_DEFINED";
constexpr const char* kUser = "USER_DEFINED";

struct PairRow {
    const char* from;
    const char* to;
    int type_id;
    int inverse_type_id;
    const char* label;  ///< nullptr for the default (unlabelled) type
    const char* v3_name;
    const char* inverse_v3_name;
};

// HubSpot-defined types (associate-records guide, 2026-03-30). 396 (line item -> payment) is
// not in the sources: it is the sandbox's choice, following HubSpot's even/odd pairing.
const PairRow kPairs[] = {
    {"contacts", "companies", 279, 280, nullptr, "contact_to_company_unlabeled",
     "company_to_contact_unlabeled"},
    {"contacts", "companies", 1, 2, "Primary", "contact_to_company", "company_to_contact"},
    {"deals", "contacts", 3, 4, nullptr, "deal_to_contact", "contact_to_deal"},
    {"deals", "companies", 341, 342, nullptr, "deal_to_company_unlabeled",
     "company_to_deal_unlabeled"},
    {"deals", "companies", 5, 6, "Primary", "deal_to_company", "company_to_deal"},
    {"deals", "line_items", 19, 20, nullptr, "deal_to_line_item", "line_item_to_deal"},
    {"invoices", "deals", 175, 176, nullptr, "invoice_to_deal", "deal_to_invoice"},
    {"invoices", "contacts", 177, 178, nullptr, "invoice_to_contact", "contact_to_invoice"},
    {"invoices", "companies", 179, 180, nullptr, "invoice_to_company", "company_to_invoice"},
    {"invoices", "line_items", 409, 410, nullptr, "invoice_to_line_item", "line_item_to_invoice"},
    {"invoices", "discounts", 411, 412, nullptr, "invoice_to_discount", "discount_to_invoice"},
    {"invoices", "fees", 413, 414, nullptr, "invoice_to_fee", "fee_to_invoice"},
    {"invoices", "taxes", 415, 416, nullptr, "invoice_to_tax", "tax_to_invoice"},
    {"invoices", "commerce_payments", 541, 542, nullptr, "invoice_to_payment",
     "payment_to_invoice"},
    {"commerce_payments", "contacts", 387, 388, nullptr, "payment_to_contact",
     "contact_to_payment"},
    {"commerce_payments", "companies", 389, 390, nullptr, "payment_to_company",
     "company_to_payment"},
    {"commerce_payments", "deals", 391, 392, nullptr, "payment_to_deal", "deal_to_payment"},
    {"commerce_payments", "line_items", 395, 396, nullptr, "payment_to_line_item",
     "line_item_to_payment"},
};

}  // namespace

nlohmann::json AssociationDefinition::to_json() const {
    return {{"category", category},
            {"typeId", type_id},
            {"label", label ? nlohmann::json(*label) : nlohmann::json(nullptr)}};
}

AssociationTypes::AssociationTypes() {
    for (const PairRow& row : kPairs) {
        const bool is_default = row.label == nullptr;
        std::optional<std::string> label;
        if (row.label != nullptr)
            label = row.label;
        types_.push_back({row.from, row.to, kHubSpot, row.type_id, label, row.inverse_type_id,
                          is_default, row.v3_name});
        types_.push_back({row.to, row.from, kHubSpot, row.inverse_type_id, label, row.type_id,
                          is_default, row.inverse_v3_name});
    }
}

const AssociationDefinition* AssociationTypes::find(const std::string& from, const std::string& to,
                                                    const std::string& category,
                                                    int type_id) const {
    for (const auto& t : types_) {
        if (t.from == from && t.to == to && t.category == category && t.type_id == type_id)
            return &t;
    }
    return nullptr;
}

const AssociationDefinition* AssociationTypes::find_from(const std::string& from,
                                                         const std::string& category,
                                                         int type_id) const {
    for (const auto& t : types_) {
        if (t.from == from && t.category == category && t.type_id == type_id)
            return &t;
    }
    return nullptr;
}

const AssociationDefinition* AssociationTypes::default_for(const std::string& from,
                                                           const std::string& to) const {
    for (const auto& t : types_) {
        if (t.from == from && t.to == to && t.is_default)
            return &t;
    }
    return nullptr;
}

const AssociationDefinition* AssociationTypes::inverse_of(const AssociationDefinition& type) const {
    return find(type.to, type.from, type.category, type.inverse_type_id);
}

std::vector<const AssociationDefinition*> AssociationTypes::between(const std::string& from,
                                                                    const std::string& to) const {
    std::vector<const AssociationDefinition*> out;
    for (const auto& t : types_) {
        if (t.from == from && t.to == to)
            out.push_back(&t);
    }
    return out;
}

const AssociationDefinition& AssociationTypes::define_label(const std::string& from,
                                                            const std::string& to,
                                                            const std::string& label,
                                                            const std::string& name,
                                                            const std::string& inverse_label) {
    if (default_for(from, to) == nullptr) {
        throw errors::validation("Objects of type " + from + " cannot be associated with " + to +
                                 ", so no label can be defined between them");
    }
    for (const auto& t : types_) {
        if (t.from == from && t.to == to && t.category == kUser && t.v3_name == name)
            throw errors::conflict("An association label named " + name + " already exists",
                                   std::to_string(t.type_id));
    }
    const int id = next_user_type_id_++;
    const int inverse = from == to && inverse_label.empty() ? id : next_user_type_id_++;
    types_.push_back({from, to, kUser, id, label, inverse, false, name});
    if (inverse != id) {
        types_.push_back({to, from, kUser, inverse, inverse_label.empty() ? label : inverse_label,
                          id, false, name + "_inverse"});
    }
    return *find(from, to, kUser, id);
}

}  // namespace ledgersync::sandbox::hubspot
