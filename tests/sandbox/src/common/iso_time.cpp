#include "common/iso_time.hpp"

#include <ledgersync/sdk/calendar_date.hpp>
#include <ledgersync/sdk/timestamp.hpp>

namespace ledgersync::sandbox {

std::string format_iso_datetime(std::int64_t epoch_ms, int offset_minutes, bool with_millis,
                                bool zulu) {
    return sdk::Timestamp::from_epoch_milliseconds(epoch_ms).format(
        offset_minutes, with_millis ? sdk::FractionDigits::milliseconds : sdk::FractionDigits::none,
        zulu ? sdk::UtcDesignator::z : sdk::UtcDesignator::numeric);
}

std::string format_iso_date(std::int64_t epoch_ms, int offset_minutes) {
    return sdk::Timestamp::from_epoch_milliseconds(epoch_ms).date(offset_minutes).to_string();
}

std::optional<std::int64_t> parse_iso_date_days(std::string_view text) {
    const auto date = sdk::CalendarDate::parse(text);
    if (!date)
        return std::nullopt;
    return date->days_since_epoch();
}

std::optional<std::int64_t> parse_iso_datetime(std::string_view text, int default_offset_minutes) {
    const auto instant = sdk::Timestamp::parse_iso8601(text, default_offset_minutes);
    if (!instant)
        return std::nullopt;
    return instant->epoch_milliseconds();
}

}  // namespace ledgersync::sandbox
