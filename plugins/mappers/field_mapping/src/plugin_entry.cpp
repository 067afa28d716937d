// The plugin's one exported entry point (the SDK's C ABI), checked against manifest.json.
#include "field_mapping_mapper.hpp"

LEDGERSYNC_MAPPER(ledgersync::mappers::field_mapping::FieldMappingMapper, "field_mapping", "1.0.0")
