#pragma once
/// A day of the proleptic Gregorian calendar, "2026-11-26", in integer arithmetic (no time zone
/// database, no C library time functions, which differ between platforms and threads).

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace ledgersync::sdk {

namespace detail {

/// Reads exactly `count` ASCII digits at `pos` of `text` into `value`; false when they are not
/// all there or not all digits.
inline bool read_fixed_digits(std::string_view text, std::size_t pos, std::size_t count, int& value) noexcept {
    if (pos + count > text.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        v = v * 10 + (text[i] - '0');
    }
    value = v;
    return true;
}

}  // namespace detail

class CalendarDate {
public:
    /// 1970-01-01.
    constexpr CalendarDate() noexcept = default;

    /// The date, or nullopt when there is no such day (2026-02-29, month 13).
    static std::optional<CalendarDate> from_ymd(std::int64_t year, int month, int day) {
        if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
        CalendarDate d;
        d.year_ = year;
        d.month_ = month;
        d.day_ = day;
        return d;
    }

    /// Exactly "YYYY-MM-DD" naming a day that exists; nullopt otherwise.
    static std::optional<CalendarDate> parse(std::string_view text) {
        if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
        int year = 0, month = 0, day = 0;
        if (!detail::read_fixed_digits(text, 0, 4, year) || !detail::read_fixed_digits(text, 5, 2, month) ||
            !detail::read_fixed_digits(text, 8, 2, day)) {
            return std::nullopt;
        }
        return from_ymd(year, month, day);
    }

    /// The date `days` days after 1970-01-01 (before it when negative).
    static CalendarDate from_days_since_epoch(std::int64_t days) {
        // H. Hinnant's civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
        days += 719468;
        const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
        const std::int64_t doe = days - era * 146097;
        const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const std::int64_t mp = (5 * doy + 2) / 153;
        CalendarDate d;
        d.day_ = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
        d.month_ = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
        d.year_ = yoe + era * 400 + (d.month_ <= 2 ? 1 : 0);
        return d;
    }

    /// Days since 1970-01-01 (negative before it).
    std::int64_t days_since_epoch() const noexcept {
        // H. Hinnant's days_from_civil.
        const std::int64_t y = year_ - (month_ <= 2 ? 1 : 0);
        const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
        const std::int64_t yoe = y - era * 400;
        const std::int64_t doy = (153 * (month_ + (month_ > 2 ? -3 : 9)) + 2) / 5 + day_ - 1;
        const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    std::int64_t year() const noexcept { return year_; }
    /// 1 to 12.
    int month() const noexcept { return month_; }
    /// 1 to 31.
    int day() const noexcept { return day_; }
    /// 0 = Sunday ... 6 = Saturday.
    int weekday() const noexcept {
        const std::int64_t days = days_since_epoch();
        return static_cast<int>(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
    }

    /// "YYYY-MM-DD" (years outside 0..9999 are written with as many digits as they need).
    std::string to_string() const {
        char buffer[48];
        const int n = std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d", static_cast<long long>(year_), month_, day_);
        return std::string(buffer, static_cast<std::size_t>(n));
    }

    static bool is_leap_year(std::int64_t year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }
    /// Days in `month` (1 to 12) of `year`.
    static int days_in_month(std::int64_t year, int month) noexcept {
        static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (month < 1 || month > 12) return 0;
        return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
    }

    friend bool operator==(const CalendarDate& a, const CalendarDate& b) noexcept {
        return a.year_ == b.year_ && a.month_ == b.month_ && a.day_ == b.day_;
    }
    friend bool operator!=(const CalendarDate& a, const CalendarDate& b) noexcept { return !(a == b); }
    friend bool operator<(const CalendarDate& a, const CalendarDate& b) noexcept {
        return a.days_since_epoch() < b.days_since_epoch();
    }
    friend bool operator>(const CalendarDate& a, const CalendarDate& b) noexcept { return b < a; }
    friend bool operator<=(const CalendarDate& a, const CalendarDate& b) noexcept { return !(b < a); }
    friend bool operator>=(const CalendarDate& a, const CalendarDate& b) noexcept { return !(a < b); }

private:
    std::int64_t year_ = 1970;
    int month_ = 1;
    int day_ = 1;
};

}  // namespace ledgersync::sdk
