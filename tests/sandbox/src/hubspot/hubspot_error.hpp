#pragma once
/// An API error in HubSpot's shape (hubspot.md §2.10): {"status":"error", "message",
/// "correlationId", "category", "subCategory"?, "errors":[{message, code, context, in?,
/// subCategory?}]?, "context"?, "links"?}. Thrown by the emulator's rules and turned into the
/// response (or, inside a batch, into one StandardError of its `errors`).

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/http_message.hpp"

namespace ledgersync::sandbox::hubspot {

class HubSpotError : public std::runtime_error {
public:
    HubSpotError(int status, std::string category, const std::string& message);

    HubSpotError& sub_category(std::string value);
    HubSpotError& context(nlohmann::json value);
    /// Appends one ErrorDetail to errors[].
    HubSpotError& detail(nlohmann::json value);
    HubSpotError& links(nlohmann::json value);
    HubSpotError& header(const std::string& name, const std::string& value);

    int status() const { return status_; }
    const std::string& category() const { return category_; }
    const nlohmann::json& context_json() const { return context_; }

    /// The response body (the `Error` schema) with a fresh correlationId.
    nlohmann::json body() const;
    /// The batch form (`StandardError`): {status:"error", category, message, errors, context,
    /// links, subCategory?}.
    nlohmann::json standard_error() const;
    HttpResponse response() const;

private:
    int status_;
    std::string category_;
    std::string sub_category_;
    nlohmann::json context_ = nlohmann::json::object();
    nlohmann::json errors_ = nlohmann::json::array();
    nlohmann::json links_ = nlohmann::json::object();
    HeaderMap headers_;
};

/// The errors the emulator raises, written once with HubSpot's categories and wording.
namespace errors {
HubSpotError validation(const std::string& message);
/// 400 "Property values were not valid: [...]" with one entry per refused property, as HubSpot
/// writes it (each entry: isValid, message, error, name, localizedErrorMessage, portalId).
struct InvalidProperty {
    std::string name;
    std::string error;  ///< PROPERTY_DOESNT_EXIST, INVALID_OPTION, READ_ONLY_VALUE, ...
    std::string message;
};
HubSpotError invalid_properties(const std::vector<InvalidProperty>& problems,
                                const std::string& portal_id);
HubSpotError object_not_found(const std::string& message);
HubSpotError conflict(const std::string& message, const std::string& existing_id);
HubSpotError no_route(const std::string& method, const std::string& path);
}  // namespace errors

}  // namespace ledgersync::sandbox::hubspot
