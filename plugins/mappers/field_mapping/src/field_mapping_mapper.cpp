#include "field_mapping_mapper.hpp"

#include <utility>

namespace ledgersync::mappers::field_mapping {

FieldMappingMapper::FieldMappingMapper(sdk::HostServices, const nlohmann::json& config)
    : config_(FieldMappingConfig::parse(config)) {}

std::vector<sdk::Record> FieldMappingMapper::map(sdk::Record record) const {
    std::vector<sdk::Record> out;
    if (record.operation == sdk::RecordOperation::remove) {
        out.push_back(std::move(record));  // a delete carries no fields to map
        return out;
    }
    const std::string& source = record.identity.system;
    const auto& systems = config_.systems;
    if (source != systems[0] && source != systems[1]) {
        throw sdk::Error(sdk::Outcome::data(
            record.identity.type + " " + record.identity.id + " comes from " + source + ", and this field_mapping maps between " +
                systems[0] + " and " + systems[1],
            "set \"between\" of the field_mapping config to the two systems of the route, then retry"));
    }
    const std::string& target = source == systems[0] ? systems[1] : systems[0];

    // Every value is read from the record as the source sent it, so the order of the mappings
    // never matters; then the source's own custom fields that were mapped leave, and the
    // target's arrive.
    const sdk::Record sent = record;
    std::vector<std::pair<const FieldLocation*, std::string>> writes;
    for (const auto& rule : config_.mappings) {
        if (!rule.runs_from(source)) continue;
        if (auto value = rule.value_from(sent, source, config_.length_unit)) writes.emplace_back(&rule.target(target), std::move(*value));
        for (const auto& location : rule.sources(source)) {
            if (location.is_custom_field()) location.erase(record);
        }
    }
    if (config_.drop_unmapped_custom_fields) record.body.erase("custom_fields");
    for (const auto& [location, value] : writes) location->write(record, value);
    if (const auto fields = record.body.find("custom_fields"); fields != record.body.end() && fields->empty()) {
        record.body.erase(fields);  // the canonical form leaves an empty map out
    }
    out.push_back(std::move(record));
    return out;
}

}  // namespace ledgersync::mappers::field_mapping
