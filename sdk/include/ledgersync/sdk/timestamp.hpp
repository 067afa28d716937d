#pragma once
/// An exact instant, parsed from and written as RFC 3339 / ISO 8601 text.
///
/// Two timestamps are compared as instants, never as text: "2026-01-01T00:00:00.5Z" is after
/// "2026-01-01T00:00:00Z" although it sorts before it as a string, and "2026-01-01T01:00:00+01:00"
/// is the same instant as "2026-01-01T00:00:00Z". An instant holds whole seconds since
/// 1970-01-01T00:00:00Z and nanoseconds, so every fraction the APIs write (QBO's milliseconds,
/// CloudEvents' nanoseconds) is kept exactly; digits beyond nanoseconds are dropped. Leap
/// seconds are counted as POSIX does: 23:59:60 is the instant 00:00:00 of the next day.
/// Integer arithmetic only: no time zone database, no C library time functions.

#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ledgersync/sdk/calendar_date.hpp"

namespace ledgersync::sdk {

/// Text that is not the date-time a caller required; what() quotes it and shows the form.
class TimestampError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// How many fraction-of-second digits Timestamp::format writes.
enum class FractionDigits {
    none,          ///< whole seconds (the fraction is dropped, not rounded)
    milliseconds,  ///< always 3: ".000"
    as_needed,     ///< none, 3, 6 or 9: the fewest that keep the instant exact
};

/// How Timestamp::format writes the UTC offset 0.
enum class UtcDesignator {
    z,        ///< "Z"
    numeric,  ///< "+00:00"
};

namespace detail {

/// The parts of an ISO 8601 date-time as written; see parse_date_time.
struct DateTimeText {
    CalendarDate date;
    bool has_time = false;
    char separator = 'T';  ///< 'T', 't' or ' '
    int hour = 0;
    int minute = 0;
    bool has_seconds = false;
    int second = 0;                ///< 0 to 60 (a leap second)
    std::int32_t nanoseconds = 0;  ///< the fraction, truncated to nanoseconds
    int fraction_digits = 0;       ///< digits written after the point
    bool has_offset = false;
    char utc_letter = '\0';  ///< 'Z' or 'z' when the offset was written so
    int offset_minutes = 0;
};

/// Reads "YYYY-MM-DD" optionally followed by a separator ('T', 't' or ' '), "hh:mm", optional
/// ":ss", an optional fraction of any length, and an optional offset ("Z", "z", "+hh:mm",
/// "-hhmm"). nullopt when the text is anything else or names a day or time that does not exist.
inline std::optional<DateTimeText> parse_date_time(std::string_view text) {
    if (text.size() < 10) return std::nullopt;
    DateTimeText t;
    const auto date = CalendarDate::parse(text.substr(0, 10));
    if (!date) return std::nullopt;
    t.date = *date;
    std::size_t pos = 10;
    if (pos == text.size()) return t;
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
    t.separator = text[pos++];
    t.has_time = true;
    if (!read_fixed_digits(text, pos, 2, t.hour) || pos + 2 >= text.size() || text[pos + 2] != ':' ||
        !read_fixed_digits(text, pos + 3, 2, t.minute)) {
        return std::nullopt;
    }
    pos += 5;
    if (pos < text.size() && text[pos] == ':') {
        if (!read_fixed_digits(text, pos + 1, 2, t.second)) return std::nullopt;
        t.has_seconds = true;
        pos += 3;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            std::int32_t scale = 100'000'000;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                t.nanoseconds += (text[pos] - '0') * scale;
                scale /= 10;
                ++t.fraction_digits;
                ++pos;
            }
            if (t.fraction_digits == 0) return std::nullopt;
        }
    }
    if (t.hour > 23 || t.minute > 59 || t.second > 60) return std::nullopt;
    if (pos == text.size()) return t;
    t.has_offset = true;
    if (text[pos] == 'Z' || text[pos] == 'z') {
        t.utc_letter = text[pos];
        return pos + 1 == text.size() ? std::optional<DateTimeText>(t) : std::nullopt;
    }
    if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
    const int sign = text[pos] == '-' ? -1 : 1;
    int offset_hours = 0, offset_minutes = 0;
    std::size_t minutes_at = pos + 3;
    if (minutes_at < text.size() && text[minutes_at] == ':') ++minutes_at;
    if (!read_fixed_digits(text, pos + 1, 2, offset_hours) || !read_fixed_digits(text, minutes_at, 2, offset_minutes) ||
        minutes_at + 2 != text.size() || offset_hours > 23 || offset_minutes > 59) {
        return std::nullopt;
    }
    t.offset_minutes = sign * (offset_hours * 60 + offset_minutes);
    return t;
}

inline std::int64_t floor_divide(std::int64_t a, std::int64_t b) noexcept {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace detail

class Timestamp {
public:
    /// 1970-01-01T00:00:00Z.
    constexpr Timestamp() noexcept = default;

    /// `seconds` since the epoch plus `nanoseconds` (0 to 999,999,999).
    static Timestamp from_epoch_seconds(std::int64_t seconds, std::int32_t nanoseconds = 0) {
        if (nanoseconds < 0 || nanoseconds >= kNanosPerSecond) {
            throw TimestampError("nanoseconds " + std::to_string(nanoseconds) + " are out of range 0..999999999");
        }
        Timestamp t;
        t.seconds_ = seconds;
        t.nanoseconds_ = nanoseconds;
        return t;
    }
    /// Milliseconds since the epoch (negative before it).
    static Timestamp from_epoch_milliseconds(std::int64_t milliseconds) {
        const std::int64_t seconds = detail::floor_divide(milliseconds, 1000);
        return from_epoch_seconds(seconds, static_cast<std::int32_t>((milliseconds - seconds * 1000) * 1'000'000));
    }
    /// Midnight at the start of `date` at `offset_minutes` from UTC.
    static Timestamp start_of(const CalendarDate& date, int offset_minutes = 0) {
        return from_epoch_seconds(date.days_since_epoch() * kSecondsPerDay - offset_minutes * 60LL);
    }

    /// An RFC 3339 date-time: "2026-11-26T14:03:20Z", "2015-07-24T10:48:27.082-07:00",
    /// "2025-09-10T21:31:25.179851517Z"; also what QBO and other APIs write around the RFC: the
    /// ISO 8601 offset without a colon ("2015-10-05T14:42:19-0700"), a lower-case 't' or 'z',
    /// or a space between date and time. The offset is required. nullopt for anything else.
    static std::optional<Timestamp> parse(std::string_view text) {
        const auto t = detail::parse_date_time(text);
        if (!t || !t->has_time || !t->has_seconds || !t->has_offset) return std::nullopt;
        return from_text(*t, 0);
    }

    /// Like parse(), but throws TimestampError quoting the text and the expected form.
    static Timestamp from_rfc3339(std::string_view text) {
        if (auto t = parse(text)) return *t;
        throw TimestampError("\"" + std::string(text) +
                             "\" is not an RFC 3339 date-time such as \"2026-11-26T14:03:20Z\" or "
                             "\"2026-11-26T06:03:20.5-08:00\"");
    }

    /// ISO 8601 as API clients write it: everything parse() reads, and also a date-time without
    /// an offset or without seconds, or a bare date "2026-11-26" (its midnight), read at
    /// `default_offset_minutes` from UTC. nullopt for anything else.
    static std::optional<Timestamp> parse_iso8601(std::string_view text, int default_offset_minutes) {
        const auto t = detail::parse_date_time(text);
        if (!t) return std::nullopt;
        return from_text(*t, default_offset_minutes);
    }

    /// Whole seconds since the epoch (rounded down: before the epoch they are negative and the
    /// nanoseconds still count forward).
    std::int64_t epoch_seconds() const noexcept { return seconds_; }
    /// 0 to 999,999,999.
    std::int32_t nanoseconds() const noexcept { return nanoseconds_; }
    /// Milliseconds since the epoch, rounded down.
    std::int64_t epoch_milliseconds() const noexcept { return seconds_ * 1000 + nanoseconds_ / 1'000'000; }

    /// The calendar date of the instant at `offset_minutes` from UTC.
    CalendarDate date(int offset_minutes = 0) const {
        return CalendarDate::from_days_since_epoch(
            detail::floor_divide(seconds_ + offset_minutes * 60LL, kSecondsPerDay));
    }

    /// The instant written at `offset_minutes` from UTC: "2026-11-26T06:03:20.500-08:00".
    std::string format(int offset_minutes, FractionDigits fraction = FractionDigits::as_needed,
                       UtcDesignator utc = UtcDesignator::z) const {
        const std::int64_t local = seconds_ + offset_minutes * 60LL;
        const std::int64_t days = detail::floor_divide(local, kSecondsPerDay);
        const auto second_of_day = static_cast<int>(local - days * kSecondsPerDay);
        std::string out = CalendarDate::from_days_since_epoch(days).to_string();
        char buffer[48];
        int n = std::snprintf(buffer, sizeof buffer, "T%02d:%02d:%02d", second_of_day / 3600, second_of_day / 60 % 60,
                              second_of_day % 60);
        out.append(buffer, static_cast<std::size_t>(n));
        out += fraction_text(fraction);
        if (offset_minutes == 0 && utc == UtcDesignator::z) return out + "Z";
        const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
        n = std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', magnitude / 60 % 100,
                          magnitude % 60);
        return out.append(buffer, static_cast<std::size_t>(n));
    }

    /// The instant in UTC with the fewest fraction digits that keep it exact:
    /// "2026-11-26T14:03:20Z", "2026-11-26T14:03:20.500Z". (The canonical form of updated_at.)
    std::string to_rfc3339() const { return format(0, FractionDigits::as_needed, UtcDesignator::z); }

    friend bool operator==(const Timestamp& a, const Timestamp& b) noexcept {
        return a.seconds_ == b.seconds_ && a.nanoseconds_ == b.nanoseconds_;
    }
    friend bool operator!=(const Timestamp& a, const Timestamp& b) noexcept { return !(a == b); }
    friend bool operator<(const Timestamp& a, const Timestamp& b) noexcept {
        return a.seconds_ < b.seconds_ || (a.seconds_ == b.seconds_ && a.nanoseconds_ < b.nanoseconds_);
    }
    friend bool operator>(const Timestamp& a, const Timestamp& b) noexcept { return b < a; }
    friend bool operator<=(const Timestamp& a, const Timestamp& b) noexcept { return !(b < a); }
    friend bool operator>=(const Timestamp& a, const Timestamp& b) noexcept { return !(a < b); }

private:
    static constexpr std::int64_t kSecondsPerDay = 86'400;
    static constexpr std::int32_t kNanosPerSecond = 1'000'000'000;

    static Timestamp from_text(const detail::DateTimeText& t, int default_offset_minutes) {
        const int offset = t.has_offset ? t.offset_minutes : default_offset_minutes;
        const std::int64_t local =
            t.date.days_since_epoch() * kSecondsPerDay + t.hour * 3600LL + t.minute * 60LL + t.second;
        return from_epoch_seconds(local - offset * 60LL, t.nanoseconds);
    }

    std::string fraction_text(FractionDigits fraction) const {
        int digits = 0;
        switch (fraction) {
            case FractionDigits::none: digits = 0; break;
            case FractionDigits::milliseconds: digits = 3; break;
            case FractionDigits::as_needed:
                digits = nanoseconds_ == 0 ? 0 : nanoseconds_ % 1'000'000 == 0 ? 3 : nanoseconds_ % 1000 == 0 ? 6 : 9;
                break;
        }
        if (digits == 0) return {};
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, ".%09d", static_cast<int>(nanoseconds_));
        return std::string(buffer, static_cast<std::size_t>(digits) + 1);
    }

    std::int64_t seconds_ = 0;
    std::int32_t nanoseconds_ = 0;
};

/// Compares two RFC 3339 date-times (Timestamp::parse) as instants: -1, 0 or 1; nullopt when
/// either is not one.
inline std::optional<int> compare_instants(std::string_view a, std::string_view b) {
    const auto x = Timestamp::parse(a);
    const auto y = Timestamp::parse(b);
    if (!x || !y) return std::nullopt;
    return *x < *y ? -1 : (*y < *x ? 1 : 0);
}

}  // namespace ledgersync::sdk
