#include "field_mapping_config.hpp"

#include <algorithm>
#include <set>

#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::mappers::field_mapping {

namespace {

constexpr const char* kQuickBooks = "quickbooks";

bool is_identifier(const std::string& text) {
    if (text.empty() || text.front() < 'a' || text.front() > 'z') return false;
    for (char c : text) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

}  // namespace

FieldMappingConfig FieldMappingConfig::parse(const nlohmann::json& config) {
    sdk::ConfigProblems problems;
    sdk::ConfigReader r(config, problems);
    FieldMappingConfig c;
    const auto between = r.strings("between", {}, "the connector id of a side, such as \"hubspot\"");
    if (r.raw("between") == nullptr) {
        problems.add(r.path_of("between"), "required key is missing; set it to the two systems mapped, such as [\"hubspot\", \"quickbooks\"].");
    } else if (between.size() != 2 || between[0] == between[1]) {
        problems.add(r.path_of("between"), "name exactly two different systems, such as [\"hubspot\", \"quickbooks\"].");
    } else {
        for (std::size_t i = 0; i < 2; ++i) {
            if (!is_identifier(between[i])) {
                problems.add(r.path_of("between") + "/" + std::to_string(i),
                             "\"" + between[i] + "\" is not a connector id (lower-case letters, digits and _).");
            }
            c.systems[i] = between[i];
        }
    }
    const bool systems_known = problems.empty();
    c.drop_unmapped_custom_fields =
        r.one_of("unmapped_custom_fields", "keep", {"keep", "drop"}, "what happens to custom fields no mapping reads") == "drop";
    c.length_unit = r.enumeration("length_unit", sdk::CharacterUnit::utf16,
                                  {{"utf16", sdk::CharacterUnit::utf16}, {"code_points", sdk::CharacterUnit::code_point}},
                                  "how max_length counts characters");
    const nlohmann::json* mappings = r.raw("mappings");
    if (mappings == nullptr || !mappings->is_array()) {
        problems.add(r.path_of("mappings"), mappings == nullptr ? "required key is missing; list the mappings, such as "
                                                                  "[{\"hubspot\": \"/custom_fields/po_number\", \"quickbooks\": \"/custom_fields/PO number\"}]."
                                                                : "expected an array of mappings, got " + sdk::ConfigReader::describe(*mappings) + ".");
    } else if (systems_known) {
        for (std::size_t i = 0; i < mappings->size(); ++i) {
            if (auto rule = FieldMappingRule::parse((*mappings)[i], c.systems, i, r.path_of("mappings") + "/" + std::to_string(i), problems)) {
                c.mappings.push_back(std::move(*rule));
            }
        }
    }
    r.finish();

    // QuickBooks takes 3 string custom fields: a config writing more can never be delivered.
    const auto quickbooks = std::find(c.systems.begin(), c.systems.end(), kQuickBooks);
    if (quickbooks != c.systems.end()) {
        const std::string source = *quickbooks == c.systems[0] ? c.systems[1] : c.systems[0];
        std::set<std::string> fields;
        for (const auto& rule : c.mappings) {
            if (rule.runs_from(source) && rule.target(kQuickBooks).is_custom_field()) fields.insert(rule.target(kQuickBooks).custom_field_name());
        }
        if (fields.size() > kMaxQuickBooksCustomFields) {
            std::string names;
            for (const auto& name : fields) names += (names.empty() ? "\"" : ", \"") + name + "\"";
            problems.add(r.path_of("mappings"), std::to_string(fields.size()) + " QuickBooks custom fields are written (" + names +
                                                    "), and QuickBooks Online invoices take at most 3 (string fields); map at most 3.");
        }
    }
    problems.throw_if_any();
    return c;
}

}  // namespace ledgersync::mappers::field_mapping
