#pragma once
/// The CRM object types the emulator serves (hubspot.md §2.2), with what HubSpot attaches to
/// each: its objectTypeId, the singular used in association type names ("invoice_to_contact"),
/// the scopes a call needs, the properties required on create and those returned when a read
/// names none.

#include <string>
#include <string_view>
#include <vector>

namespace ledgersync::sandbox::hubspot {

struct ObjectType {
    std::string name;      ///< path name: "invoices"
    std::string type_id;   ///< "0-53"
    std::string singular;  ///< "invoice"
    std::string label;     ///< "Invoice", for messages
    std::string read_scope;
    std::string write_scope;
    std::vector<std::string> required_on_create;
    std::vector<std::string> default_properties;
    /// The property holding the creation time ("createdate" on contacts, "hs_createdate" on
    /// invoices) and the last-modified time.
    std::string created_property;
    std::string modified_property;
};

const std::vector<ObjectType>& all_object_types();
/// By path name ("invoices"), objectTypeId ("0-53"), singular ("invoice") or upper-case
/// fully-qualified name ("INVOICE"); nullptr when unknown.
const ObjectType* find_object_type(std::string_view name);
/// The type that must exist (throws HubSpotError 400 naming the valid ones otherwise).
const ObjectType& object_type(std::string_view name);

}  // namespace ledgersync::sandbox::hubspot
