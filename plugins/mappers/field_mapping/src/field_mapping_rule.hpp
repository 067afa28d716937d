#pragma once
// One mapping of the config: a field of one system and a field of the other, and how a value
// becomes the other side's (docs/mappings.md, "field_mapping"). It runs in whichever direction
// the route runs: from the system a record comes from toward the other.
//
//   {"hubspot": "/custom_fields/shipping_method", "quickbooks": "/custom_fields/Shipping method",
//    "values": [{"hubspot": "ups_ground", "quickbooks": "UPS Ground"}], "default": {"quickbooks": "Other"},
//    "max_length": 31}

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/config_reader.hpp>
#include <ledgersync/sdk/record.hpp>
#include <ledgersync/sdk/utf8_text.hpp>

#include "date_format.hpp"
#include "field_location.hpp"

namespace ledgersync::mappers::field_mapping {

class FieldMappingRule {
public:
    /// Reads the mapping at `path` (/mappings/<i>) between the two `systems`; problems added.
    static std::optional<FieldMappingRule> parse(const nlohmann::json& value, const std::array<std::string, 2>& systems,
                                                 std::size_t index, const std::string& path, sdk::ConfigProblems& problems);

    /// True when records of `source` get a value written on the other side by this mapping.
    bool runs_from(const std::string& source) const;

    /// The value for the other side of `source` from `record` (read as the source sent it), or
    /// nullopt when the source has none and the mapping does not require one. Throws sdk::Error
    /// (data) for a value the mapping cannot carry: no entry in "values" and no default, not a
    /// date in the source's format, too long without "allow_truncation", a required value absent.
    std::optional<std::string> value_from(const sdk::Record& record, const std::string& source,
                                          sdk::CharacterUnit length_unit) const;

    /// The one field written on `system`'s side.
    const FieldLocation& target(const std::string& system) const { return locations_.at(system).front(); }
    /// The fields read on `system`'s side (several for a concatenation); empty for a constant.
    const std::vector<FieldLocation>& sources(const std::string& system) const;
    /// "mapping 2 (hubspot /custom_fields/po_number <-> quickbooks /custom_fields/PO number)".
    std::string describe() const;

private:
    std::string other(const std::string& system) const { return system == systems_[0] ? systems_[1] : systems_[0]; }
    /// `value` as the `to` side writes it (date format, value map); `label` names the record.
    std::string convert(const std::string& value, const std::string& source, const std::string& to,
                        const std::string& label) const;

    std::array<std::string, 2> systems_;
    std::size_t number_ = 0;
    std::map<std::string, std::vector<FieldLocation>> locations_;
    std::optional<std::string> constant_;
    std::string separator_ = " ";
    std::map<std::string, DateFormat> date_formats_;
    std::vector<std::map<std::string, std::string>> values_;
    std::map<std::string, std::string> defaults_;
    std::map<std::string, std::size_t> max_length_;
    bool allow_truncation_ = false;
    bool required_ = false;
};

}  // namespace ledgersync::mappers::field_mapping
