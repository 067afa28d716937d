#include "services/http/retry_after.hpp"
#include "services/text_trim.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace ledgersync::services::http {

namespace {

using namespace std::chrono;


bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
    int value = 0;
    for (char c : digits)
        value = value * 10 + (c - '0');
    return value;
}

std::optional<milliseconds> parse_delta_seconds(std::string_view digits) {
    if (!all_digits(digits))
        return std::nullopt;
    const std::int64_t max_seconds = duration_cast<seconds>(kMaxRetryAfter).count();
    std::int64_t value = 0;
    for (char c : digits) {
        value = value * 10 + (c - '0');
        // Stop before the arithmetic can overflow: the result is clamped anyway.
        if (value > max_seconds)
            return kMaxRetryAfter;
    }
    return seconds(value);
}

std::vector<std::string_view> split(std::string_view text, std::string_view separators) {
    std::vector<std::string_view> tokens;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find_first_of(separators, start), text.size());
        if (end > start)
            tokens.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return tokens;
}

bool is_day_name(std::string_view name) {
    static constexpr std::array<std::string_view, 14> kNames = {
        "Mon",    "Tue",     "Wed",       "Thu",      "Fri",    "Sat",      "Sun",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

std::optional<unsigned> month_number(std::string_view name) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto found = std::find(kMonths.begin(), kMonths.end(), name);
    if (found == kMonths.end())
        return std::nullopt;
    return static_cast<unsigned>(found - kMonths.begin()) + 1;
}

/// "hh:mm:ss" as a duration since midnight.
std::optional<seconds> time_of_day(std::string_view text) {
    if (text.size() != 8 || text[2] != ':' || text[5] != ':')
        return std::nullopt;
    const auto hh = text.substr(0, 2), mm = text.substr(3, 2), ss = text.substr(6, 2);
    if (!all_digits(hh) || !all_digits(mm) || !all_digits(ss))
        return std::nullopt;
    // 60 allows a leap second.
    if (to_int(hh) > 23 || to_int(mm) > 59 || to_int(ss) > 60)
        return std::nullopt;
    return hours(to_int(hh)) + minutes(to_int(mm)) + seconds(to_int(ss));
}

/// RFC 850's two-digit year: the one within 50 years of now (RFC 9110 §5.6.7).
int full_year(int two_digits, std::int64_t now_ms) {
    const int this_year = static_cast<int>(
        year_month_day(floor<days>(sys_time<milliseconds>(milliseconds(now_ms)))).year());
    int year = this_year - this_year % 100 + two_digits;
    if (year > this_year + 50)
        year -= 100;
    return year;
}

/// The three HTTP-date forms (RFC 9110 §5.6.7), all in GMT:
///   IMF-fixdate  Sun, 06 Nov 1994 08:49:37 GMT
///   RFC 850      Sunday, 06-Nov-94 08:49:37 GMT
///   asctime      Sun Nov  6 08:49:37 1994
std::optional<std::int64_t> parse_http_date_ms(std::string_view text, std::int64_t now_ms) {
    const auto tokens = split(text, " ,-");
    const bool asctime = tokens.size() == 5;
    if (!asctime && !(tokens.size() == 6 && tokens[5] == "GMT"))
        return std::nullopt;
    const std::string_view day = asctime ? tokens[2] : tokens[1];
    const std::string_view month = asctime ? tokens[1] : tokens[2];
    const std::string_view year = asctime ? tokens[4] : tokens[3];
    const std::string_view time = tokens[3 + (asctime ? 0 : 1)];
    if (!is_day_name(tokens[0]) || !all_digits(day) || day.size() > 2 || !all_digits(year))
        return std::nullopt;
    if (year.size() != 4 && !(year.size() == 2 && !asctime))
        return std::nullopt;
    const auto month_index = month_number(month);
    const auto since_midnight = time_of_day(time);
    if (!month_index || !since_midnight)
        return std::nullopt;

    const int full = year.size() == 2 ? full_year(to_int(year), now_ms) : to_int(year);
    const year_month_day date{std::chrono::year(full), std::chrono::month(*month_index),
                              std::chrono::day(static_cast<unsigned>(to_int(day)))};
    if (!date.ok())
        return std::nullopt;
    return duration_cast<milliseconds>((sys_days(date) + *since_midnight).time_since_epoch())
        .count();
}

}  // namespace

std::optional<milliseconds> parse_retry_after(std::string_view value, std::int64_t now_ms) {
    const std::string_view text = trim_whitespace(value);
    if (text.empty())
        return std::nullopt;
    if (std::isdigit(static_cast<unsigned char>(text.front())))
        return parse_delta_seconds(text);
    const auto at_ms = parse_http_date_ms(text, now_ms);
    if (!at_ms)
        return std::nullopt;
    return std::min(milliseconds(std::max<std::int64_t>(0, *at_ms - now_ms)), kMaxRetryAfter);
}

}  // namespace ledgersync::services::http
