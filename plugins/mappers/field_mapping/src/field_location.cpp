#include "field_location.hpp"

#include <ledgersync/sdk/json_number.hpp>
#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::mappers::field_mapping {

namespace {
constexpr const char* kRawPrefix = "raw:";
constexpr const char* kCustomFields = "/custom_fields/";
}  // namespace

std::optional<FieldLocation> FieldLocation::parse(const std::string& text, const std::string& path,
                                                  sdk::ConfigProblems& problems) {
    FieldLocation location;
    location.text_ = text;
    std::string pointer = text;
    if (pointer.rfind(kRawPrefix, 0) == 0) {
        location.in_raw_ = true;
        pointer = pointer.substr(std::string(kRawPrefix).size());
    }
    if (pointer.empty() || pointer.front() != '/') {
        problems.add(path, "\"" + text + "\" is not a field: write a JSON pointer into the canonical body such as "
                           "\"/custom_fields/PO number\", or \"raw:/...\" into the source's own payload.");
        return std::nullopt;
    }
    try {
        location.pointer_ = nlohmann::json::json_pointer(pointer);
    } catch (const nlohmann::json::exception& e) {
        problems.add(path, "\"" + text + "\" is not a JSON pointer (" + e.what() + "); escape '/' in a name as ~1 and '~' as ~0.");
        return std::nullopt;
    }
    return location;
}

std::optional<std::string> FieldLocation::read(const sdk::Record& record, const std::string& what) const {
    const nlohmann::json& document = in_raw_ ? record.raw : record.body;
    if (!document.is_object() && !document.is_array()) return std::nullopt;
    if (!document.contains(pointer_)) return std::nullopt;
    const nlohmann::json& value = document.at(pointer_);
    if (value.is_null()) return std::nullopt;
    if (value.is_string()) return value.get<std::string>();
    if (sdk::JsonNumber::is(value)) return std::string(sdk::JsonNumber::text(value));
    if (value.is_number_integer() || value.is_boolean()) return value.dump();
    throw sdk::Error(sdk::Outcome::data(what + " holds " + std::string(value.type_name()) + " " + value.dump().substr(0, 60) +
                                            ", not a text a field mapping can carry",
                                        "map a field that holds text, a number or true/false (point into the " +
                                            std::string(value.type_name()) + " to the value you mean), then retry"));
}

void FieldLocation::write(sdk::Record& record, const std::string& value) const { record.body[pointer_] = value; }

void FieldLocation::erase(sdk::Record& record) const {
    if (in_raw_ || !record.body.contains(pointer_)) return;
    nlohmann::json& parent = record.body.at(pointer_.parent_pointer());
    if (parent.is_object()) parent.erase(pointer_.back());
}

bool FieldLocation::is_custom_field() const {
    return !in_raw_ && text_.rfind(kCustomFields, 0) == 0 && pointer_.parent_pointer().to_string() == "/custom_fields";
}

std::string FieldLocation::custom_field_name() const { return pointer_.back(); }

}  // namespace ledgersync::mappers::field_mapping
