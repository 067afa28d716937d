#pragma once
// field_mapping: fields of one system mapped onto fields of the other, in whichever direction the
// route runs (docs/mappings.md, "field_mapping"). A record from either system of "between" gets
// the other system's fields; what a mapping cannot carry is a data failure, never a silent loss.

#include <vector>

#include <ledgersync/sdk.hpp>

#include "field_mapping_config.hpp"

namespace ledgersync::mappers::field_mapping {

class FieldMappingMapper final : public sdk::Mapper {
public:
    FieldMappingMapper(sdk::HostServices host, const nlohmann::json& config);

    std::vector<sdk::Record> map(sdk::Record record) const override;

private:
    FieldMappingConfig config_;
};

}  // namespace ledgersync::mappers::field_mapping
