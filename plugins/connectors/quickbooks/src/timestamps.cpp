#include "timestamps.hpp"

#include <ledgersync/sdk/calendar_date.hpp>
#include <ledgersync/sdk/timestamp.hpp>

namespace ledgersync::connectors::quickbooks {

std::optional<std::int64_t> parse_timestamp_ms(std::string_view text) {
    const auto instant = sdk::Timestamp::parse(text);
    if (!instant) return std::nullopt;
    return instant->epoch_milliseconds();
}

std::string format_utc(std::int64_t epoch_ms) { return sdk::Timestamp::from_epoch_milliseconds(epoch_ms).to_rfc3339(); }

std::string format_qbo_instant(std::int64_t epoch_ms) {
    return sdk::Timestamp::from_epoch_milliseconds(epoch_ms).format(0, sdk::FractionDigits::none,
                                                                    sdk::UtcDesignator::numeric);
}

std::string format_utc_date(std::int64_t epoch_ms) {
    return sdk::Timestamp::from_epoch_milliseconds(epoch_ms).date().to_string();
}

bool is_date(std::string_view text) { return sdk::CalendarDate::parse(text).has_value(); }

}  // namespace ledgersync::connectors::quickbooks
