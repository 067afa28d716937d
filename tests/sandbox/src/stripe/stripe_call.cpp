#include "stripe/stripe_call.hpp"

#include "common/http_message.hpp"

namespace ledgersync::sandbox::stripe {

bool match_path_template(const std::string& path_template, const std::string& path,
                         std::map<std::string, std::string>& values) {
    const auto pattern = split_path(path_template);
    const auto parts = split_path(path);
    if (pattern.size() != parts.size())
        return false;
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (pattern[i].size() > 2 && pattern[i].front() == '{' && pattern[i].back() == '}') {
            found[pattern[i].substr(1, pattern[i].size() - 2)] = parts[i];
        } else if (pattern[i] != parts[i]) {
            return false;
        }
    }
    values = std::move(found);
    return true;
}

}  // namespace ledgersync::sandbox::stripe
