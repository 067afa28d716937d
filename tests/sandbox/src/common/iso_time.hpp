#pragma once
/// ISO 8601 timestamps and dates as the emulators keep them (milliseconds since the epoch):
/// formatting with a fixed UTC offset, and parsing of what API clients send. The calendar and
/// the parsing are the SDK's (sdk::Timestamp, sdk::CalendarDate); this file names the forms.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ledgersync::sandbox {

/// "2015-07-24T10:33:39-07:00" (with_millis: "2015-07-24T10:33:39.110-07:00"); offset 0 writes
/// "Z" when `zulu` is set, "+00:00" otherwise.
std::string format_iso_datetime(std::int64_t epoch_ms, int offset_minutes, bool with_millis,
                                bool zulu = false);
/// "2015-07-24": the calendar date at `offset_minutes` from UTC.
std::string format_iso_date(std::int64_t epoch_ms, int offset_minutes);

/// Parses "YYYY-MM-DD", "YYYY-MM-DDThh:mm[:ss[.fff...]]" with "Z", "+hh:mm", "-hhmm" or no
/// offset (then `default_offset_minutes` applies; a bare date is its midnight there).
/// Returns epoch milliseconds, or nullopt when the text is not such a timestamp.
std::optional<std::int64_t> parse_iso_datetime(std::string_view text,
                                               int default_offset_minutes = 0);
/// Parses exactly "YYYY-MM-DD" into days since the epoch.
std::optional<std::int64_t> parse_iso_date_days(std::string_view text);

}  // namespace ledgersync::sandbox
