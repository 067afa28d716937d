#pragma once
/// A postal address, as free text fields: the systems disagree on structure (QBO's BillAddr has
/// Line1..Line5 and CountrySubDivisionCode; HubSpot has street, city, state, zip, country), so
/// the canonical form keeps the common part and validates none of it beyond being text.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/model/canonical_reader.hpp"

namespace ledgersync::sdk::model {

/// {"line1": "5647 Cypress Hill Ave.", "city": "Middlefield", "region": "CA",
///  "postal_code": "94303", "country": "US"}; every field optional.
struct Address {
    std::optional<std::string> line1;
    std::optional<std::string> line2;
    std::optional<std::string> city;
    /// State, province or county (QBO CountrySubDivisionCode, HubSpot state).
    std::optional<std::string> region;
    std::optional<std::string> postal_code;
    /// As the source system writes it ("US", "United States"); not normalised.
    std::optional<std::string> country;

    nlohmann::json to_json() const {
        nlohmann::json j = nlohmann::json::object();
        put(j, "line1", line1);
        put(j, "line2", line2);
        put(j, "city", city);
        put(j, "region", region);
        put(j, "postal_code", postal_code);
        put(j, "country", country);
        return j;
    }

    /// Reads the fields of an address object (the reader is positioned on it).
    static Address read(CanonicalReader& r) {
        Address a;
        a.line1 = r.text("line1", Presence::optional);
        a.line2 = r.text("line2", Presence::optional);
        a.city = r.text("city", Presence::optional);
        a.region = r.text("region", Presence::optional);
        a.postal_code = r.text("postal_code", Presence::optional);
        a.country = r.text("country", Presence::optional);
        return a;
    }

    bool operator==(const Address& o) const {
        return line1 == o.line1 && line2 == o.line2 && city == o.city && region == o.region &&
               postal_code == o.postal_code && country == o.country;
    }

private:
    static void put(nlohmann::json& j, const char* key, const std::optional<std::string>& value) {
        if (value) j[key] = *value;
    }
};

}  // namespace ledgersync::sdk::model
