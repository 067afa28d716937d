#pragma once
/// Reading HubSpot requests and writing HubSpot responses: the JSON body (parsed exactly, so
/// amounts keep their text), list parameters (repeated, as the official clients send them, or
/// comma-separated), bounded integers, and JSON answers.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/http_message.hpp"

namespace ledgersync::sandbox::hubspot {

/// The request body as JSON; a 400 VALIDATION_ERROR when it is not JSON.
nlohmann::json parse_body(const HttpRequest& request);
/// Every value of query parameter `name`, repeated or comma-separated, empty items dropped.
std::vector<std::string> list_param(const HttpRequest& request, const std::string& name);
/// An integer parameter within [minimum, maximum] or `fallback` when absent; a 400 naming the
/// bounds otherwise.
std::int64_t int_param(const HttpRequest& request, const std::string& name, std::int64_t fallback,
                       std::int64_t minimum, std::int64_t maximum);
bool bool_param(const HttpRequest& request, const std::string& name);
/// A list of strings from a JSON body member (absent = empty); a 400 when it is not one.
std::vector<std::string> string_list(const nlohmann::json& body, const std::string& member);
/// An id or value that may arrive as a JSON string or number.
std::string id_text(const nlohmann::json& value);

HttpResponse json_response(int status, const nlohmann::json& body);
HttpResponse no_content();

}  // namespace ledgersync::sandbox::hubspot
