#pragma once
/// The canonical customer (schema sdk/schema/customer.schema.json, "ledgersync.customer" v1):
/// whom an invoice bills. A HubSpot contact or company, a QBO Customer, a Stripe Customer.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/model/address.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/canonical_type.hpp"
#include "ledgersync/sdk/model/reference.hpp"

namespace ledgersync::sdk::model {

/// {"display_name": "ABC Corporation", "company_name": "ABC Corporation",
///  "email": "john@abccorp.com", "phone": "(555) 555-1234", "billing_address": {...},
///  "external_ids": {"quickbooks": "58", "hubspot": "51"}}
struct Customer {
    static constexpr std::string_view kType = "customer";
    static constexpr std::string_view kSchemaId = "ledgersync.customer";
    static constexpr std::int64_t kSchemaVersion = 1;
    static constexpr std::string_view kSchemaUri = "https://schemas.ledgersync.dev/customer/v1.json";

    /// The name the customer is shown and matched by. QBO requires it to be unique across
    /// customers, vendors and employees (fault 6240), which connectors must handle.
    std::string display_name;
    std::optional<std::string> company_name;
    /// The address QBO matches HubSpot contacts by.
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<Address> billing_address;
    /// The customer's id in other systems, by connector id ({"stripe": "cus_NffrFeUfNV2Hib"}),
    /// as the source system records them (a Stripe customer's metadata, a HubSpot property).
    std::map<std::string, std::string> external_ids;

    static Customer from_json(const nlohmann::json& json) { return from_canonical_json<Customer>(json); }
    static ValidationProblems validate_json(const nlohmann::json& json) { return validate_canonical<Customer>(json); }
    ValidationProblems validate() const { return validate_json(to_json()); }

    /// A customer refers to nothing.
    std::vector<ReferenceSite> references() const { return {}; }

    nlohmann::json to_json() const {
        nlohmann::json j{{"display_name", display_name}};
        if (company_name) j["company_name"] = *company_name;
        if (email) j["email"] = *email;
        if (phone) j["phone"] = *phone;
        if (billing_address) j["billing_address"] = billing_address->to_json();
        if (!external_ids.empty()) j["external_ids"] = external_ids;
        return j;
    }

    static Customer read(CanonicalReader& r) {
        Customer c;
        c.display_name = r.required_text("display_name", TextFormat::non_empty);
        c.company_name = r.text("company_name", Presence::optional);
        c.email = r.text("email", Presence::optional, TextFormat::email);
        c.phone = r.text("phone", Presence::optional);
        r.object("billing_address", Presence::optional, [&](CanonicalReader& a) { c.billing_address = Address::read(a); });
        c.external_ids = r.text_map("external_ids", TextFormat::non_empty);
        return c;
    }

    /// A well-shaped customer breaks no further rule.
    void check_rules(ValidationProblems&) const {}
};

}  // namespace ledgersync::sdk::model
