#include "hubspot/hubspot_http.hpp"

#include <ledgersync/sdk/json.hpp>

#include "hubspot/hubspot_error.hpp"

namespace ledgersync::sandbox::hubspot {

nlohmann::json parse_body(const HttpRequest& request) {
    if (request.body.find_first_not_of(" \t\r\n") == std::string::npos)
        throw errors::validation("The request needs a JSON body");
    try {
        return sdk::parse_json_exact(request.body);
    } catch (const std::exception& e) {
        throw errors::validation(std::string("Invalid input JSON: ") + e.what());
    }
}

std::vector<std::string> list_param(const HttpRequest& request, const std::string& name) {
    std::vector<std::string> out;
    const auto range = request.query.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) {
        std::size_t start = 0;
        const std::string& text = it->second;
        while (start <= text.size()) {
            std::size_t end = text.find(',', start);
            if (end == std::string::npos)
                end = text.size();
            if (end > start)
                out.push_back(text.substr(start, end - start));
            start = end + 1;
        }
    }
    return out;
}

std::int64_t int_param(const HttpRequest& request, const std::string& name, std::int64_t fallback,
                       std::int64_t minimum, std::int64_t maximum) {
    const auto text = request.query_param(name);
    if (!text || text->empty())
        return fallback;
    std::int64_t value = 0;
    bool valid = text->size() <= 12;
    for (const char c : *text) {
        valid = valid && c >= '0' && c <= '9';
        if (valid)
            value = value * 10 + (c - '0');
    }
    if (!valid || value < minimum || value > maximum) {
        throw errors::validation("Query parameter " + name + "=" + *text +
                                 " must be an integer from " + std::to_string(minimum) + " to " +
                                 std::to_string(maximum));
    }
    return value;
}

bool bool_param(const HttpRequest& request, const std::string& name) {
    return request.query_param(name).value_or("false") == "true";
}

std::vector<std::string> string_list(const nlohmann::json& body, const std::string& member) {
    std::vector<std::string> out;
    if (!body.is_object() || !body.contains(member) || body.at(member).is_null())
        return out;
    const auto& list = body.at(member);
    if (!list.is_array())
        throw errors::validation("\"" + member + "\" must be an array of strings");
    for (const auto& item : list) {
        if (!item.is_string())
            throw errors::validation("\"" + member + "\" must be an array of strings");
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::string id_text(const nlohmann::json& value) {
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number_integer() || value.is_number_unsigned())
        return value.dump();
    return std::string();
}

HttpResponse json_response(int status, const nlohmann::json& body) {
    return HttpResponse::json(status,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

HttpResponse no_content() {
    HttpResponse r = HttpResponse::json(204, "");
    r.content_type.clear();
    return r;
}

}  // namespace ledgersync::sandbox::hubspot
