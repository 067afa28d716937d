// Customer <-> canonical customer: DisplayName, CompanyName, PrimaryEmailAddr, PrimaryPhone and
// BillAddr (Line1, Line2, City, CountrySubDivisionCode, PostalCode, Country).

#include "qbo_json.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;
using sdk::model::Address;
using sdk::model::Customer;

namespace {

std::optional<std::string> non_empty(std::optional<std::string> value) {
    if (value && value->empty()) return std::nullopt;
    return value;
}

// QBO refuses names with these characters in DisplayName (and Item names).
bool has_forbidden_name_character(const std::string& name) {
    return name.find_first_of(":\t\n") != std::string::npos;
}

}  // namespace

Customer customer_from_qbo(const json& qbo) {
    Customer customer;
    customer.display_name = string_member(qbo, "DisplayName").value_or("");
    if (customer.display_name.empty()) {
        throw TranslationError("customer " + string_member(qbo, "Id").value_or("?") + " has no DisplayName");
    }
    customer.company_name = non_empty(string_member(qbo, "CompanyName"));
    if (const json* email = object_member(qbo, "PrimaryEmailAddr")) customer.email = non_empty(string_member(*email, "Address"));
    if (const json* phone = object_member(qbo, "PrimaryPhone")) customer.phone = non_empty(string_member(*phone, "FreeFormNumber"));
    if (const json* address = object_member(qbo, "BillAddr")) {
        Address a;
        a.line1 = non_empty(string_member(*address, "Line1"));
        a.line2 = non_empty(string_member(*address, "Line2"));
        a.city = non_empty(string_member(*address, "City"));
        a.region = non_empty(string_member(*address, "CountrySubDivisionCode"));
        a.postal_code = non_empty(string_member(*address, "PostalCode"));
        a.country = non_empty(string_member(*address, "Country"));
        if (!(a == Address{})) customer.billing_address = a;
    }
    return customer;
}

QboBody customer_to_qbo(const sdk::Record& record) {
    const Customer customer = canonical_body<Customer>(record);
    QboBody out;
    out.entity = "Customer";
    out.label = "customer '" + customer.display_name + "'";
    out.display_name = customer.display_name;
    if (has_forbidden_name_character(customer.display_name)) {
        refuse(out.label, "QuickBooks names may not contain a colon, a tab or a line break",
               "rename the customer in the source (or map its name), then retry");
    }
    require_length(out.label, "DisplayName", customer.display_name, 500,
                   "shorten the name in the source or in the mapping, then retry");
    json& body = out.body;
    body["DisplayName"] = customer.display_name;
    if (customer.company_name) body["CompanyName"] = *customer.company_name;
    if (customer.email) body["PrimaryEmailAddr"] = json{{"Address", *customer.email}};
    if (customer.phone) body["PrimaryPhone"] = json{{"FreeFormNumber", *customer.phone}};
    if (customer.billing_address) {
        const Address& a = *customer.billing_address;
        json address = json::object();
        if (a.line1) address["Line1"] = *a.line1;
        if (a.line2) address["Line2"] = *a.line2;
        if (a.city) address["City"] = *a.city;
        if (a.region) address["CountrySubDivisionCode"] = *a.region;
        if (a.postal_code) address["PostalCode"] = *a.postal_code;
        if (a.country) address["Country"] = *a.country;
        body["BillAddr"] = std::move(address);
    }
    return out;
}

}  // namespace ledgersync::connectors::quickbooks
