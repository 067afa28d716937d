#pragma once
/// The text formats of canonical JSON values, checked exactly as the `pattern` and `format`
/// keywords of the JSON Schemas in sdk/schema/common.schema.json check them, so that the C++
/// checks and a JSON Schema validator agree on every document.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "ledgersync/sdk/calendar_date.hpp"
#include "ledgersync/sdk/timestamp.hpp"

namespace ledgersync::sdk::model {

/// Formats of canonical strings (names of the definitions in common.schema.json in brackets).
enum class TextFormat {
    any,            ///< any string, even empty ["text"]
    non_empty,      ///< at least one character: ids, names ["id"]
    date,           ///< a calendar date "2026-11-26" ["date"]
    timestamp,      ///< an RFC 3339 UTC instant "2026-11-26T14:03:20Z" ["timestamp"]
    currency_code,  ///< three upper-case letters "USD" ["currency"]; ISO 4217 is a rule
    identifier,     ///< [a-z][a-z0-9_]*: systems, connections, types, roles ["identifier"]
    schema_id,      ///< dotted identifiers "ledgersync.invoice" ["schema_id"]
    email,          ///< "local@domain" without spaces ["email"]
    json_pointer,   ///< a non-empty RFC 6901 pointer "/lines/0/product" ["json_pointer"]
};

/// Forms of decimal strings. Every form is plain decimal text: an optional '-', digits without
/// leading zeros, an optional fraction ("19.99", "-0.5", "0.0825"); never an exponent or '+'.
enum class DecimalForm {
    any,           ///< signed ["decimal"]
    non_negative,  ///< >= 0, written without '-' ["non_negative_decimal"]
    positive,      ///< > 0 ["positive_decimal"]
    non_positive,  ///< <= 0: written with '-', or zero ["non_positive_decimal"]
    percent,       ///< 0 to 100 inclusive, "10" = 10% ["percent"]
};

namespace detail {

using sdk::detail::parse_date_time;

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_'; }

/// "YYYY-MM-DD" naming a day that exists (the schema's pattern plus format "date").
inline bool is_calendar_date(std::string_view text) { return CalendarDate::parse(text).has_value(); }

/// "YYYY-MM-DDTHH:MM:SS[.fraction]Z" with a real date and time, at most 9 fraction digits;
/// 23:59:60 is a leap second (the schema's pattern plus format "date-time").
inline bool is_utc_timestamp(std::string_view text) {
    const auto t = parse_date_time(text);
    if (!t || t->separator != 'T' || !t->has_seconds || t->fraction_digits > 9 || t->utc_letter != 'Z') return false;
    return t->second <= 59 || (t->hour == 23 && t->minute == 59);
}

inline bool is_identifier(std::string_view text) {
    if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
    for (char c : text) {
        if (!is_lower_alnum(c)) return false;
    }
    return true;
}

inline bool is_schema_id(std::string_view text) {
    std::size_t parts = 0;
    while (true) {
        const std::size_t dot = text.find('.');
        if (!is_identifier(text.substr(0, dot))) return false;
        ++parts;
        if (dot == std::string_view::npos) break;
        text.remove_prefix(dot + 1);
    }
    return parts >= 2;
}

inline bool is_email(std::string_view text) {
    const std::size_t at = text.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == text.size()) return false;
    if (text.find('@', at + 1) != std::string_view::npos) return false;
    return text.find_first_of(" \t\r\n") == std::string_view::npos;
}

inline bool is_json_pointer(std::string_view text) {
    if (text.empty() || text[0] != '/') return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '~' && (i + 1 == text.size() || (text[i + 1] != '0' && text[i + 1] != '1'))) return false;
    }
    return true;
}

}  // namespace detail

/// Why `text` does not have `format`, or nullopt when it does.
inline std::optional<std::string> text_format_problem(std::string_view text, TextFormat format) {
    const std::string shown = "\"" + std::string(text) + "\"";
    switch (format) {
        case TextFormat::any:
            return std::nullopt;
        case TextFormat::non_empty:
            if (text.empty()) return "must not be empty";
            return std::nullopt;
        case TextFormat::date:
            if (!detail::is_calendar_date(text)) return shown + " is not a calendar date written YYYY-MM-DD";
            return std::nullopt;
        case TextFormat::timestamp:
            if (!detail::is_utc_timestamp(text)) {
                return shown + " is not an RFC 3339 UTC timestamp such as \"2026-11-26T14:03:20Z\"";
            }
            return std::nullopt;
        case TextFormat::currency_code:
            if (text.size() != 3 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
                return shown + " is not a currency code: use three upper-case letters such as \"USD\"";
            }
            return std::nullopt;
        case TextFormat::identifier:
            if (!detail::is_identifier(text)) {
                return shown + " is not an identifier: use lower-case letters, digits and '_', starting with a letter";
            }
            return std::nullopt;
        case TextFormat::schema_id:
            if (!detail::is_schema_id(text)) return shown + " is not a schema id such as \"ledgersync.invoice\"";
            return std::nullopt;
        case TextFormat::email:
            if (!detail::is_email(text)) return shown + " is not an e-mail address";
            return std::nullopt;
        case TextFormat::json_pointer:
            if (!detail::is_json_pointer(text)) return shown + " is not a JSON pointer such as \"/lines/0/product\"";
            return std::nullopt;
    }
    return std::nullopt;
}

/// Why `text` is not decimal text of `form`, or nullopt when it is.
inline std::optional<std::string> decimal_form_problem(std::string_view text, DecimalForm form) {
    const std::string shown = "\"" + std::string(text) + "\"";
    std::size_t pos = 0;
    const bool minus = !text.empty() && text[0] == '-';
    if (minus) ++pos;
    const std::size_t integer_start = pos;
    while (pos < text.size() && detail::is_digit(text[pos])) ++pos;
    const std::string_view integer = text.substr(integer_start, pos - integer_start);
    bool syntax_ok = !integer.empty() && !(integer.size() > 1 && integer[0] == '0');
    std::string_view fraction;
    if (syntax_ok && pos < text.size() && text[pos] == '.') {
        const std::size_t fraction_start = ++pos;
        while (pos < text.size() && detail::is_digit(text[pos])) ++pos;
        fraction = text.substr(fraction_start, pos - fraction_start);
        syntax_ok = !fraction.empty();
    }
    syntax_ok = syntax_ok && pos == text.size();
    if (!syntax_ok) {
        return shown + " is not decimal text: write digits with an optional '-' and fraction, such as \"19.99\" "
                       "(no exponent, no '+', no leading zeros)";
    }
    const auto all_zero = [](std::string_view digits) {
        return digits.find_first_not_of('0') == std::string_view::npos;
    };
    const bool zero = all_zero(integer) && all_zero(fraction);
    switch (form) {
        case DecimalForm::any:
            return std::nullopt;
        case DecimalForm::non_negative:
            if (minus) return shown + " must not be negative";
            return std::nullopt;
        case DecimalForm::positive:
            if (minus || zero) return shown + " must be greater than zero";
            return std::nullopt;
        case DecimalForm::non_positive:
            if (!minus && !zero) return shown + " must be negative or zero";
            return std::nullopt;
        case DecimalForm::percent:
            if (minus || integer.size() > 3 || (integer.size() == 3 && (integer != "100" || !all_zero(fraction)))) {
                return shown + " is not a percentage between 0 and 100 (\"10\" means 10%)";
            }
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace ledgersync::sdk::model
