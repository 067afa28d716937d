#include "hubspot/hubspot_error.hpp"

#include "common/random_token.hpp"

namespace ledgersync::sandbox::hubspot {

HubSpotError::HubSpotError(int status, std::string category, const std::string& message)
    : std::runtime_error(message), status_(status), category_(std::move(category)) {}

HubSpotError& HubSpotError::sub_category(std::string value) {
    sub_category_ = std::move(value);
    return *this;
}

HubSpotError& HubSpotError::context(nlohmann::json value) {
    context_ = std::move(value);
    return *this;
}

HubSpotError& HubSpotError::detail(nlohmann::json value) {
    errors_.push_back(std::move(value));
    return *this;
}

HubSpotError& HubSpotError::links(nlohmann::json value) {
    links_ = std::move(value);
    return *this;
}

HubSpotError& HubSpotError::header(const std::string& name, const std::string& value) {
    headers_[name] = value;
    return *this;
}

nlohmann::json HubSpotError::body() const {
    nlohmann::json out = {{"status", "error"},
                          {"message", what()},
                          {"correlationId", random_uuid()},
                          {"category", category_}};
    if (!sub_category_.empty())
        out["subCategory"] = sub_category_;
    if (!errors_.empty())
        out["errors"] = errors_;
    if (!context_.empty())
        out["context"] = context_;
    if (!links_.empty())
        out["links"] = links_;
    return out;
}

nlohmann::json HubSpotError::standard_error() const {
    nlohmann::json out = {{"status", "error"}, {"category", category_}, {"message", what()},
                          {"errors", errors_}, {"context", context_},   {"links", links_}};
    if (!sub_category_.empty())
        out["subCategory"] = sub_category_;
    return out;
}

HttpResponse HubSpotError::response() const {
    HttpResponse r = HttpResponse::json(status_, body().dump());
    for (const auto& [name, value] : headers_)
        r.headers[name] = value;
    return r;
}

namespace errors {

HubSpotError validation(const std::string& message) {
    return HubSpotError(400, "VALIDATION_ERROR", message);
}

HubSpotError invalid_properties(const std::vector<InvalidProperty>& problems,
                                const std::string& portal_id) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : problems) {
        nlohmann::json entry = {{"isValid", false},
                                {"message", p.message},
                                {"error", p.error},
                                {"name", p.name},
                                {"localizedErrorMessage", p.message}};
        if (!portal_id.empty())
            entry["portalId"] = std::stoll(portal_id);
        list.push_back(entry);
    }
    HubSpotError out(400, "VALIDATION_ERROR", "Property values were not valid: " + list.dump());
    for (const auto& p : problems) {
        out.detail(
            {{"message", p.message}, {"code", p.error}, {"context", {{"propertyName", {p.name}}}}});
    }
    return out;
}

HubSpotError object_not_found(const std::string& message) {
    return HubSpotError(404, "OBJECT_NOT_FOUND", message);
}

HubSpotError conflict(const std::string& message, const std::string& existing_id) {
    HubSpotError error(409, "CONFLICT", message);
    error.context({{"id", {existing_id}}});
    return error;
}

HubSpotError no_route(const std::string& method, const std::string& path) {
    return HubSpotError(404, "OBJECT_NOT_FOUND",
                        "The sandbox's HubSpot emulator has no endpoint " + method + " " + path +
                            "; see tests/sandbox/README.md (HubSpot) for what it serves");
}

}  // namespace errors

}  // namespace ledgersync::sandbox::hubspot
