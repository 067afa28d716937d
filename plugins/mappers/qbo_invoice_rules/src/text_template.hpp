#pragma once
// A text with {placeholders}, written by an administrator in the mapper's config
// ("{description} (incl. {discount} discount: {reason})"). Checked when the config is read, so a
// misspelt placeholder is a configuration problem at its path, never a surprise on an invoice.

#include <map>
#include <string>
#include <vector>

#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::mappers::qbo_invoice_rules {

class TextTemplate {
public:
    TextTemplate() = default;

    /// Reads `text`; each placeholder must be one of `allowed`. Problems (an unknown
    /// placeholder, an unclosed brace) are added to `problems` at `path`.
    static TextTemplate parse(const std::string& text, const std::vector<std::string>& allowed, const std::string& path,
                              sdk::ConfigProblems& problems);

    /// The text with each placeholder replaced by its value ("" when `values` has none), with
    /// leading and trailing spaces removed.
    std::string render(const std::map<std::string, std::string>& values) const;

    /// True when the template uses the placeholder `name`.
    bool uses(const std::string& name) const;

    const std::string& text() const noexcept { return text_; }

private:
    struct Part {
        bool placeholder = false;
        std::string text;  // literal text, or the placeholder's name
    };
    std::string text_;
    std::vector<Part> parts_;
};

}  // namespace ledgersync::mappers::qbo_invoice_rules
