#include "date_format.hpp"

namespace ledgersync::mappers::field_mapping {

namespace {

std::string padded(std::int64_t value, std::size_t width) {
    std::string digits = std::to_string(value);
    return digits.size() < width ? std::string(width - digits.size(), '0') + digits : digits;
}

std::size_t width_of(char field) { return field == 'Y' ? 4 : 2; }

}  // namespace

std::optional<DateFormat> DateFormat::parse(const std::string& format, const std::string& path, sdk::ConfigProblems& problems) {
    DateFormat result;
    result.text_ = format;
    int seen_y = 0, seen_m = 0, seen_d = 0;
    std::string literal;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            literal += format[i];
            continue;
        }
        const char directive = i + 1 < format.size() ? format[i + 1] : '\0';
        ++i;
        if (directive == '%') {
            literal += '%';
            continue;
        }
        if (directive != 'Y' && directive != 'm' && directive != 'd') {
            problems.add(path, "\"" + format + "\" has the directive \"%" + std::string(directive ? 1 : 0, directive) +
                                   "\", which is not one of %Y (year), %m (month), %d (day) and %% (a percent sign).");
            return std::nullopt;
        }
        if (!literal.empty()) result.parts_.push_back({0, literal});
        literal.clear();
        result.parts_.push_back({directive, {}});
        (directive == 'Y' ? seen_y : directive == 'm' ? seen_m : seen_d) += 1;
    }
    if (!literal.empty()) result.parts_.push_back({0, literal});
    if (seen_y != 1 || seen_m != 1 || seen_d != 1) {
        problems.add(path, "\"" + format + "\" must hold each of %Y, %m and %d exactly once, such as \"%m/%d/%Y\".");
        return std::nullopt;
    }
    return result;
}

std::optional<sdk::CalendarDate> DateFormat::read(const std::string& text) const {
    std::int64_t year = 0;
    int month = 0, day = 0;
    std::size_t at = 0;
    for (const auto& part : parts_) {
        if (part.field == 0) {
            if (text.compare(at, part.literal.size(), part.literal) != 0) return std::nullopt;
            at += part.literal.size();
            continue;
        }
        const std::size_t width = width_of(part.field);
        if (at + width > text.size()) return std::nullopt;
        int value = 0;
        for (std::size_t k = 0; k < width; ++k) {
            const char c = text[at + k];
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        at += width;
        if (part.field == 'Y') year = value;
        else if (part.field == 'm') month = value;
        else day = value;
    }
    if (at != text.size()) return std::nullopt;
    return sdk::CalendarDate::from_ymd(year, month, day);
}

std::string DateFormat::write(const sdk::CalendarDate& date) const {
    std::string out;
    for (const auto& part : parts_) {
        if (part.field == 0) out += part.literal;
        else if (part.field == 'Y') out += padded(date.year(), 4);
        else out += padded(part.field == 'm' ? date.month() : date.day(), 2);
    }
    return out;
}

}  // namespace ledgersync::mappers::field_mapping
