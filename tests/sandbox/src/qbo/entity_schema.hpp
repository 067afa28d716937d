#pragma once
/// The members QBO knows in each JSON object it reads: the elements and attributes of the
/// XSD complex types (shared/specs/qbo/xsd) of every entity the sandbox serves, with the types
/// of their structured members, down to the leaves. QBO's JSON reader refuses a member its type
/// does not have with the 2010 fault (real QBO deserializes with Jackson, which fails on
/// unrecognized fields), so a misspelt member is refused rather than dropped or stored.
/// A model test checks the table against the XSDs.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

struct SchemaMember {
    std::string name;
    std::string type;  ///< the complex type of a structured member; "" for simple ones
};

struct SchemaType {
    std::string name;
    std::string base;  ///< the type it extends; "" for none
    std::vector<SchemaMember> own_members;
};

/// Every complex type the sandbox checks, by name.
const std::map<std::string, SchemaType, std::less<>>& schema_types();

/// Throws the 2010 fault QBO sends for the first member of `body` (at any depth) that its type
/// does not know, e.g. `Property Name:Unrecognized field "Foo" (class
/// com.intuit.schema.finance.v3.Line), not marked as ignorable specified is unsupported or
/// invalid`. `type` is the entity's name ("Invoice"); members typed IntuitAnyType (the "...Ex"
/// extension elements) are not looked into.
void check_known_members(std::string_view type, const nlohmann::json& body);

}  // namespace ledgersync::sandbox::qbo
