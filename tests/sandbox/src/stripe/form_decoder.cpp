#include "stripe/form_decoder.hpp"

#include <string>
#include <vector>

#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

// "a[b][][c]" -> {"a", "b", "", "c"}; a key with unbalanced brackets is taken whole.
std::vector<std::string> split_key(const std::string& key) {
    const std::size_t open = key.find('[');
    if (open == std::string::npos || open == 0)
        return {key};
    std::vector<std::string> parts{key.substr(0, open)};
    std::size_t pos = open;
    while (pos < key.size()) {
        if (key[pos] != '[')
            return {key};
        const std::size_t close = key.find(']', pos);
        if (close == std::string::npos)
            return {key};
        parts.push_back(key.substr(pos + 1, close - pos - 1));
        pos = close + 1;
    }
    return parts;
}

std::string display_name(const std::vector<std::string>& parts, std::size_t upto) {
    std::string name = parts[0];
    for (std::size_t i = 1; i <= upto && i < parts.size(); ++i)
        name += "[" + parts[i] + "]";
    return name;
}

[[noreturn]] void conflict(const std::vector<std::string>& parts, std::size_t at) {
    throw errors::invalid_request("Invalid hash: the parameter " + display_name(parts, at) +
                                      " is given both as a value and as a hash or array",
                                  display_name(parts, at));
}

void insert(nlohmann::json& node, const std::vector<std::string>& parts, std::size_t index,
            const std::string& value) {
    if (index == parts.size()) {
        if (node.is_object() || node.is_array())
            conflict(parts, index - 1);
        node = value;  // the last of repeated scalars wins, as in Rack
        return;
    }
    const std::string& segment = parts[index];
    if (segment.empty()) {
        // "[]": append; "a[][b]" starts a new element when the last one already has b.
        if (node.is_null())
            node = nlohmann::json::array();
        if (!node.is_array())
            conflict(parts, index - 1);
        if (index + 1 == parts.size()) {
            node.push_back(value);
            return;
        }
        const std::string& next = parts[index + 1];
        if (node.empty() || !node.back().is_object() || node.back().contains(next))
            node.push_back(nlohmann::json::object());
        insert(node.back(), parts, index + 1, value);
        return;
    }
    if (node.is_null())
        node = nlohmann::json::object();
    if (!node.is_object())
        conflict(parts, index - 1);
    insert(node[segment], parts, index + 1, value);
}

}  // namespace

nlohmann::json decode_form_parameters(const ParameterMap& parameters) {
    nlohmann::json root = nlohmann::json::object();
    for (const auto& [key, value] : parameters) {
        if (key.empty())
            continue;
        const auto parts = split_key(key);
        nlohmann::json& top = root[parts[0]];
        if (parts.size() == 1) {
            if (top.is_object() || top.is_array())
                conflict(parts, 0);
            top = value;
        } else {
            insert(top, parts, 1, value);
        }
    }
    return root;
}

}  // namespace ledgersync::sandbox::stripe
