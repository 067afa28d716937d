// The plugin's one exported entry point (the SDK's C ABI), checked against manifest.json.
#include "refund_booking_mapper.hpp"

LEDGERSYNC_MAPPER(ledgersync::mappers::refund_booking::RefundBookingMapper, "refund_booking", "1.0.0")
