#include "qbo/company_time.hpp"

#include <ledgersync/sdk/calendar_date.hpp>

#include "common/iso_time.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kMsPerHour = 3'600'000;

// Days since the epoch of the n-th (1-based) Sunday of `month` in `year`.
std::int64_t nth_sunday(std::int64_t year, int month, int n) {
    const sdk::CalendarDate first = *sdk::CalendarDate::from_ymd(year, month, 1);
    const int weekday = first.weekday();
    const std::int64_t first_sunday = first.days_since_epoch() + (weekday == 0 ? 0 : 7 - weekday);
    return first_sunday + 7 * (n - 1);
}

}  // namespace

int pacific_offset_minutes(std::int64_t epoch_ms) {
    const std::int64_t standard_local_ms = epoch_ms - 8 * kMsPerHour;
    const std::int64_t days = standard_local_ms >= 0
                                  ? standard_local_ms / kMsPerDay
                                  : (standard_local_ms - kMsPerDay + 1) / kMsPerDay;
    const std::int64_t year = sdk::CalendarDate::from_days_since_epoch(days).year();
    // DST starts the second Sunday of March at 02:00 PST (10:00 UTC) and ends the first Sunday
    // of November at 02:00 PDT (09:00 UTC).
    const std::int64_t start_utc = nth_sunday(year, 3, 2) * kMsPerDay + 10 * kMsPerHour;
    const std::int64_t end_utc = nth_sunday(year, 11, 1) * kMsPerDay + 9 * kMsPerHour;
    return epoch_ms >= start_utc && epoch_ms < end_utc ? -420 : -480;
}

std::string company_datetime(std::int64_t epoch_ms) {
    return format_iso_datetime(epoch_ms, pacific_offset_minutes(epoch_ms), false);
}

std::string company_response_time(std::int64_t epoch_ms) {
    return format_iso_datetime(epoch_ms, pacific_offset_minutes(epoch_ms), true);
}

std::string company_date(std::int64_t epoch_ms) {
    return format_iso_date(epoch_ms, pacific_offset_minutes(epoch_ms));
}

std::string add_days(const std::string& date, std::int64_t days) {
    const auto start = parse_iso_date_days(date);
    if (!start)
        return {};
    return format_iso_date((*start + days) * kMsPerDay, 0);
}

}  // namespace ledgersync::sandbox::qbo
