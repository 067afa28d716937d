#include "timestamps.hpp"

#include <cstdio>

namespace ledgersync::connectors::quickbooks {

namespace {

bool digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
    if (pos + count > text.size()) return false;
    value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : kDays[month];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

struct Fields {
    int year, month, day, hour, minute, second, millis;
};

Fields split(std::int64_t epoch_ms) {
    std::int64_t days = epoch_ms / 86'400'000;
    std::int64_t rest = epoch_ms % 86'400'000;
    if (rest < 0) {
        rest += 86'400'000;
        --days;
    }
    Fields f{};
    civil_from_days(days, f.year, f.month, f.day);
    f.hour = static_cast<int>(rest / 3'600'000);
    f.minute = static_cast<int>(rest / 60'000 % 60);
    f.second = static_cast<int>(rest / 1000 % 60);
    f.millis = static_cast<int>(rest % 1000);
    return f;
}

}  // namespace

bool is_date(std::string_view text) {
    int y = 0, m = 0, d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    if (!digits(text, 0, 4, y) || !digits(text, 5, 2, m) || !digits(text, 8, 2, d)) return false;
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::optional<std::int64_t> parse_timestamp_ms(std::string_view text) {
    if (text.size() < 20 || !is_date(text.substr(0, 10)) || (text[10] != 'T' && text[10] != 't')) return std::nullopt;
    int hour = 0, minute = 0, second = 0;
    if (!digits(text, 11, 2, hour) || text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
        !digits(text, 17, 2, second)) {
        return std::nullopt;
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    std::size_t pos = 19;
    int millis = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        int scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            millis += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) return std::nullopt;
    }
    if (pos >= text.size()) return std::nullopt;
    int offset_minutes = 0;
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        const int sign = text[pos] == '-' ? -1 : 1;
        int oh = 0, om = 0;
        if (!digits(text, pos + 1, 2, oh)) return std::nullopt;
        std::size_t minutes_at = pos + 3;
        if (minutes_at < text.size() && text[minutes_at] == ':') ++minutes_at;
        if (!digits(text, minutes_at, 2, om)) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset_minutes = sign * (oh * 60 + om);
        pos = minutes_at + 2;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
    int year = 0, month = 0, day = 0;
    digits(text, 0, 4, year);
    digits(text, 5, 2, month);
    digits(text, 8, 2, day);
    const std::int64_t local_seconds =
        days_from_civil(year, month, day) * 86'400 + hour * 3600 + minute * 60 + (second == 60 ? 59 : second);
    return (local_seconds - static_cast<std::int64_t>(offset_minutes) * 60) * 1000 + millis;
}

std::string format_utc(std::int64_t epoch_ms) {
    const Fields f = split(epoch_ms);
    char buffer[96];
    if (f.millis != 0) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", f.year, f.month, f.day, f.hour,
                      f.minute, f.second, f.millis);
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", f.year, f.month, f.day, f.hour, f.minute,
                      f.second);
    }
    return buffer;
}

std::string format_qbo_instant(std::int64_t epoch_ms) {
    const Fields f = split(epoch_ms);
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", f.year, f.month, f.day, f.hour, f.minute,
                  f.second);
    return buffer;
}

std::string format_utc_date(std::int64_t epoch_ms) {
    const Fields f = split(epoch_ms);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", f.year, f.month, f.day);
    return buffer;
}

}  // namespace ledgersync::connectors::quickbooks
