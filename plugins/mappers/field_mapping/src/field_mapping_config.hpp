#pragma once
// The configuration of field_mapping (docs/mappings.md, "field_mapping"): the two systems it
// maps between, the mappings, and what happens to custom fields no mapping names.

#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/utf8_text.hpp>

#include "field_mapping_rule.hpp"

namespace ledgersync::mappers::field_mapping {

/// QuickBooks Online invoices carry at most 3 custom fields, all strings (reference/qbo.md).
constexpr std::size_t kMaxQuickBooksCustomFields = 3;

struct FieldMappingConfig {
    /// The connector ids of the two sides ("hubspot", "quickbooks"): a record's system says
    /// which way the mappings run.
    std::array<std::string, 2> systems;
    std::vector<FieldMappingRule> mappings;
    /// Custom fields of the source that no mapping reads are removed instead of passed on.
    bool drop_unmapped_custom_fields = false;
    /// How max_length counts: UTF-16 code units (as QuickBooks counts) or code points.
    sdk::CharacterUnit length_unit = sdk::CharacterUnit::utf16;

    /// Reads and checks a configuration; throws sdk::Error (fatal) listing every problem,
    /// among them more than kMaxQuickBooksCustomFields QuickBooks custom fields written.
    static FieldMappingConfig parse(const nlohmann::json& config);
};

}  // namespace ledgersync::mappers::field_mapping
