#pragma once
/// A reference from one canonical object to another: an invoice's customer, a line's product,
/// a payment's invoices. It names the object by its id in the *referring record's own system*;
/// before a write the host resolves it to the id in the target system through its links.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/record.hpp"

namespace ledgersync::sdk::model {

/// {"type": "customer", "id": "24", "name": "Sonnenschein Family Store"}
struct Reference {
    /// Canonical type of the referenced object: "customer", "product", "invoice", "payment",
    /// "account", "vendor". Each reference field admits exactly one type (docs/model.md).
    std::string type;
    /// The referenced object's id in the referring record's system (QBO CustomerRef.value).
    std::string id;
    /// A display name for people reading the record; never used to resolve the reference.
    std::optional<std::string> name;

    Reference() = default;
    Reference(std::string type_, std::string id_, std::optional<std::string> name_ = std::nullopt)
        : type(std::move(type_)), id(std::move(id_)), name(std::move(name_)) {}

    nlohmann::json to_json() const {
        nlohmann::json j{{"type", type}, {"id", id}};
        if (name) j["name"] = *name;
        return j;
    }

    bool operator==(const Reference& other) const {
        return type == other.type && id == other.id && name == other.name;
    }
    bool operator!=(const Reference& other) const { return !(*this == other); }
};

/// Where a reference sits in an object: the role it plays and its JSON pointer in the body.
/// Every canonical type lists its references with `references()`.
struct ReferenceSite {
    /// The role of the referenced object, named after the field: "customer", "product",
    /// "invoice" (an element of payment.invoices), "account", "paid_from_account", ...
    std::string rel;
    /// JSON pointer of the reference object in the canonical body: "/lines/2/product".
    std::string path;
    Reference reference;
};

/// The record links for `sites`, ready for Record::links (target ids are left for the host).
inline std::vector<RecordLink> to_record_links(const std::vector<ReferenceSite>& sites) {
    std::vector<RecordLink> links;
    links.reserve(sites.size());
    for (const auto& site : sites) {
        links.push_back({site.rel, site.reference.type, site.reference.id, site.path, {}});
    }
    return links;
}

}  // namespace ledgersync::sdk::model
