#include "common/iso_time.hpp"

#include <cstdio>

namespace ledgersync::sandbox {

namespace {

constexpr std::int64_t kMsPerMinute = 60'000;
constexpr std::int64_t kMsPerDay = 86'400'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& out) {
    if (pos + count > text.size())
        return false;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    pos += count;
    out = value;
    return true;
}

unsigned days_in_month(std::int64_t year, unsigned month) {
    static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

unsigned weekday_from_days(std::int64_t days) {
    return static_cast<unsigned>(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

std::string format_iso_datetime(std::int64_t epoch_ms, int offset_minutes, bool with_millis,
                                bool zulu) {
    const std::int64_t local_ms = epoch_ms + offset_minutes * kMsPerMinute;
    const std::int64_t days = floor_div(local_ms, kMsPerDay);
    const std::int64_t ms_of_day = local_ms - days * kMsPerDay;
    const CivilDate date = civil_from_days(days);
    const auto seconds = static_cast<int>(ms_of_day / 1000);
    char buffer[64];
    int n = std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02d:%02d:%02d",
                          static_cast<long long>(date.year), date.month, date.day, seconds / 3600,
                          (seconds / 60) % 60, seconds % 60);
    std::string out(buffer, static_cast<std::size_t>(n));
    if (with_millis) {
        n = std::snprintf(buffer, sizeof buffer, ".%03d", static_cast<int>(ms_of_day % 1000));
        out.append(buffer, static_cast<std::size_t>(n));
    }
    if (offset_minutes == 0 && zulu)
        return out + "Z";
    const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    n = std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+',
                      magnitude / 60, magnitude % 60);
    return out + std::string(buffer, static_cast<std::size_t>(n));
}

std::string format_iso_date(std::int64_t epoch_ms, int offset_minutes) {
    const CivilDate date =
        civil_from_days(floor_div(epoch_ms + offset_minutes * kMsPerMinute, kMsPerDay));
    char buffer[32];
    const int n = std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u",
                                static_cast<long long>(date.year), date.month, date.day);
    return std::string(buffer, static_cast<std::size_t>(n));
}

std::optional<std::int64_t> parse_iso_date_days(std::string_view text) {
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0;
    if (!read_digits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' ||
        !read_digits(text, pos, 2, month) || pos >= text.size() || text[pos++] != '-' ||
        !read_digits(text, pos, 2, day) || pos != text.size()) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 ||
        static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) {
        return std::nullopt;
    }
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::optional<std::int64_t> parse_iso_datetime(std::string_view text, int default_offset_minutes) {
    if (text.size() < 10)
        return std::nullopt;
    const auto days = parse_iso_date_days(text.substr(0, 10));
    if (!days)
        return std::nullopt;
    std::size_t pos = 10;
    std::int64_t ms_of_day = 0;
    if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
        ++pos;
        int hour = 0, minute = 0, second = 0;
        if (!read_digits(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':' ||
            !read_digits(text, pos, 2, minute)) {
            return std::nullopt;
        }
        if (pos < text.size() && text[pos] == ':') {
            ++pos;
            if (!read_digits(text, pos, 2, second))
                return std::nullopt;
        }
        if (hour > 23 || minute > 59 || second > 60)
            return std::nullopt;
        int millis = 0;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            int digits = 0;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (digits < 3)
                    millis = millis * 10 + (text[pos] - '0');
                ++digits;
                ++pos;
            }
            if (digits == 0)
                return std::nullopt;
            for (int i = digits; i < 3; ++i)
                millis *= 10;
        }
        ms_of_day = ((hour * 60 + minute) * 60 + second) * 1000LL + millis;
    } else if (pos != text.size()) {
        return std::nullopt;
    }
    int offset = default_offset_minutes;
    if (pos < text.size()) {
        const char sign = text[pos];
        if (sign == 'Z' || sign == 'z') {
            offset = 0;
            ++pos;
        } else if (sign == '+' || sign == '-') {
            ++pos;
            int oh = 0, om = 0;
            if (!read_digits(text, pos, 2, oh))
                return std::nullopt;
            if (pos < text.size() && text[pos] == ':')
                ++pos;
            if (!read_digits(text, pos, 2, om))
                return std::nullopt;
            offset = (oh * 60 + om) * (sign == '-' ? -1 : 1);
        } else {
            return std::nullopt;
        }
    }
    if (pos != text.size())
        return std::nullopt;
    return *days * kMsPerDay + ms_of_day - offset * kMsPerMinute;
}

}  // namespace ledgersync::sandbox
