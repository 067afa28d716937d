#include "stripe/expander.hpp"

#include <algorithm>

#include "stripe/stripe_error.hpp"
#include "stripe/stripe_spec.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

constexpr std::size_t kMaxDepth = 4;

std::vector<std::string> split_dots(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return parts;
}

StripeError cannot_expand(const std::string& field) {
    return errors::invalid_request("This property cannot be expanded (" + field + ").", "expand");
}

}  // namespace

std::vector<std::string> expand_paths(const nlohmann::json& parameters) {
    std::vector<std::string> paths;
    const auto it = parameters.find("expand");
    if (it == parameters.end() || !it->is_array())
        return paths;
    for (const auto& path : *it) {
        if (path.is_string() && !path.get<std::string>().empty())
            paths.push_back(path.get<std::string>());
    }
    return paths;
}

nlohmann::json Expander::expand(nlohmann::json object, const std::vector<std::string>& paths) const {
    for (const auto& path : paths) {
        const auto segments = split_dots(path);
        if (segments.size() > kMaxDepth) {
            throw errors::invalid_request(
                "You cannot expand more than 4 levels of a property. Property: " + path, "expand");
        }
        expand_path(object, segments, 0, path);
    }
    return object;
}

nlohmann::json Expander::expand_list(nlohmann::json data, const std::vector<std::string>& paths) const {
    std::vector<std::string> inner;
    for (const auto& path : paths) {
        if (path.rfind("data.", 0) != 0) {
            throw errors::invalid_request(
                "This property cannot be expanded (" + path + "). You may want to try expanding "
                "'data." + path + "' instead.",
                "expand");
        }
        inner.push_back(path.substr(5));
    }
    for (auto& element : data)
        element = expand(std::move(element), inner);
    return data;
}

void Expander::expand_path(nlohmann::json& object, const std::vector<std::string>& segments,
                           std::size_t index, const std::string& path) const {
    if (index >= segments.size() || !object.is_object())
        return;
    const std::string& field = segments[index];
    const std::string type = object.value("object", "");
    const auto& expandable = spec_.expandable_fields(type);
    if (std::find(expandable.begin(), expandable.end(), field) == expandable.end())
        throw cannot_expand(index == 0 ? field : path);
    auto member = object.find(field);
    if (member == object.end()) {
        auto computed = source_.expanded_only(object, field);
        if (!computed)
            return;
        object[field] = std::move(*computed);
        member = object.find(field);
    }
    if (member->is_string()) {
        if (auto target = source_.render_by_id(member->get<std::string>()))
            *member = std::move(*target);
    }
    if (index + 1 == segments.size())
        return;
    if (member->is_object() && member->value("object", "") == "list" && member->contains("data")) {
        for (auto& element : (*member)["data"])
            expand_path(element, segments, index + 1, path);
    } else if (member->is_array()) {
        for (auto& element : *member)
            expand_path(element, segments, index + 1, path);
    } else {
        expand_path(*member, segments, index + 1, path);
    }
}

}  // namespace ledgersync::sandbox::stripe
