#pragma once
/// The CRM records an invoice is associated with, by their HubSpot ids. Only HubSpot has
/// associations; other connectors leave them empty, and an invoice synced from QuickBooks
/// Online is never associated with a deal automatically (docs/model.md).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/model/canonical_reader.hpp"

namespace ledgersync::sdk::model {

/// {"deals": ["9876543210"], "contacts": ["51"], "companies": ["3"]}; each list optional.
struct Associations {
    std::vector<std::string> deals;
    std::vector<std::string> contacts;
    std::vector<std::string> companies;

    bool empty() const noexcept { return deals.empty() && contacts.empty() && companies.empty(); }

    /// Empty lists are left out: the canonical form has no empty collections.
    nlohmann::json to_json() const {
        nlohmann::json j = nlohmann::json::object();
        if (!deals.empty()) j["deals"] = deals;
        if (!contacts.empty()) j["contacts"] = contacts;
        if (!companies.empty()) j["companies"] = companies;
        return j;
    }

    /// Reads the fields of an associations object (the reader is positioned on it).
    static Associations read(CanonicalReader& r) {
        Associations a;
        a.deals = r.text_list("deals", TextFormat::non_empty);
        a.contacts = r.text_list("contacts", TextFormat::non_empty);
        a.companies = r.text_list("companies", TextFormat::non_empty);
        return a;
    }

    bool operator==(const Associations& o) const {
        return deals == o.deals && contacts == o.contacts && companies == o.companies;
    }
};

}  // namespace ledgersync::sdk::model
