#pragma once
// Where a mapped value lives in a record: a JSON pointer into the canonical body
// ("/custom_fields/PO number", "/memo"), or, prefixed "raw:", into the source system's own
// payload ("raw:/properties/hs_purchase_order_number"), which a mapping may read but never write.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/config_reader.hpp>
#include <ledgersync/sdk/record.hpp>

namespace ledgersync::mappers::field_mapping {

class FieldLocation {
public:
    /// Reads "/pointer" or "raw:/pointer"; a problem at `path` when it is neither.
    static std::optional<FieldLocation> parse(const std::string& text, const std::string& path, sdk::ConfigProblems& problems);

    /// The value as text: strings as they are, integers, exact decimals and booleans as their
    /// JSON text; nullopt when absent or null. Throws sdk::Error (data) for an object or array.
    std::optional<std::string> read(const sdk::Record& record, const std::string& what) const;
    /// Writes `value` as a string into the body (creating objects on the way).
    void write(sdk::Record& record, const std::string& value) const;
    /// Removes the field from the body, if there.
    void erase(sdk::Record& record) const;

    bool in_raw() const noexcept { return in_raw_; }
    /// True for a body field under /custom_fields/.
    bool is_custom_field() const;
    /// The custom field's name (for is_custom_field()).
    std::string custom_field_name() const;
    /// As written in the config.
    const std::string& text() const noexcept { return text_; }

private:
    std::string text_;
    bool in_raw_ = false;
    nlohmann::json::json_pointer pointer_;
};

}  // namespace ledgersync::mappers::field_mapping
