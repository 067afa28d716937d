// The plugin's one exported entry point (the SDK's C ABI), checked against manifest.json.
#include "dispute_movements_mapper.hpp"

LEDGERSYNC_MAPPER(ledgersync::mappers::dispute_movements::DisputeMovementsMapper, "dispute_movements", "1.0.0")
