#include "text_template.hpp"

#include <algorithm>

namespace ledgersync::mappers::qbo_invoice_rules {

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "{" : ", {") + name + "}";
    return text;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

}  // namespace

TextTemplate TextTemplate::parse(const std::string& text, const std::vector<std::string>& allowed,
                                 const std::string& path, sdk::ConfigProblems& problems) {
    TextTemplate result;
    result.text_ = text;
    std::string literal;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '{') {
            literal += text[i];
            continue;
        }
        const auto close = text.find('}', i);
        if (close == std::string::npos) {
            problems.add(path, "\"" + text + "\" opens a placeholder with '{' at character " + std::to_string(i + 1) +
                                   " and never closes it; write placeholders as " + joined(allowed) + ".");
            return result;
        }
        const std::string name = text.substr(i + 1, close - i - 1);
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            problems.add(path, "\"{" + name + "}\" is not a placeholder this text knows; use " + joined(allowed) + ".");
        }
        if (!literal.empty()) result.parts_.push_back({false, literal});
        literal.clear();
        result.parts_.push_back({true, name});
        i = close;
    }
    if (!literal.empty()) result.parts_.push_back({false, literal});
    return result;
}

std::string TextTemplate::render(const std::map<std::string, std::string>& values) const {
    std::string out;
    for (const auto& part : parts_) {
        if (!part.placeholder) {
            out += part.text;
        } else if (const auto value = values.find(part.text); value != values.end()) {
            out += value->second;
        }
    }
    return trimmed(out);
}

bool TextTemplate::uses(const std::string& name) const {
    return std::any_of(parts_.begin(), parts_.end(), [&](const Part& p) { return p.placeholder && p.text == name; });
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
