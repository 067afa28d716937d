#include "comparable_name.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

std::string comparable_name(const std::string& name) {
    const auto first = name.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    std::string out = name.substr(first, name.find_last_not_of(" \t") - first + 1);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
