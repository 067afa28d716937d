#pragma once
/// Instants as QBO writes them ("2014-09-19T13:16:17-07:00", "2015-07-24T10:48:27.082-07:00",
/// webhooks' "2015-10-05T14:42:19-0700" and "2025-09-10T21:31:25.179851517Z") and as ledgersync
/// writes them (RFC 3339 in UTC, docs/model.md), in the milliseconds since the Unix epoch the
/// connector keeps in its cursors. Parsing and formatting are the SDK's (sdk::Timestamp); this
/// file only names the forms QBO wants.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ledgersync::connectors::quickbooks {

/// Parses an RFC 3339 / ISO 8601 date-time with a zone ("Z", "+hh:mm", "+hhmm"); fractions
/// beyond milliseconds are dropped. nullopt when the text is not such a date-time.
std::optional<std::int64_t> parse_timestamp_ms(std::string_view text);

/// "2026-11-26T14:03:20Z", with ".123" when the instant has milliseconds.
std::string format_utc(std::int64_t epoch_ms);

/// "2026-11-26T14:03:20+00:00", whole seconds (rounded down): the form QBO's query language and
/// CDC's changedSince accept.
std::string format_qbo_instant(std::int64_t epoch_ms);

/// The UTC calendar date of an instant, "2026-11-26".
std::string format_utc_date(std::int64_t epoch_ms);

/// True for "YYYY-MM-DD" naming a day that exists.
bool is_date(std::string_view text);

}  // namespace ledgersync::connectors::quickbooks
