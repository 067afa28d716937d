#pragma once
// A date written the way one system writes it: %Y (4-digit year), %m (2-digit month), %d
// (2-digit day), %% (a percent sign) and literal text: "%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y".
// A date is read in the source system's format and written in the target's.

#include <optional>
#include <string>
#include <vector>

#include <ledgersync/sdk/calendar_date.hpp>
#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::mappers::field_mapping {

class DateFormat {
public:
    /// Reads a format; a problem at `path` for an unknown directive or a format without each
    /// of %Y, %m and %d exactly once.
    static std::optional<DateFormat> parse(const std::string& format, const std::string& path, sdk::ConfigProblems& problems);

    /// The date `text` holds in this format; nullopt when it does not hold one (or not a day
    /// that exists).
    std::optional<sdk::CalendarDate> read(const std::string& text) const;
    std::string write(const sdk::CalendarDate& date) const;

    const std::string& text() const noexcept { return text_; }

private:
    struct Part {
        char field = 0;  // 'Y', 'm', 'd', or 0 for literal text
        std::string literal;
    };
    std::string text_;
    std::vector<Part> parts_;
};

}  // namespace ledgersync::mappers::field_mapping
