#pragma once
/// One Stripe API request on its way through the emulator: the operation it addresses (method
/// and path template, from the spec or the sandbox's own table), the path's variables, and its
/// validated parameters.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

struct StripeCall {
    std::string method;
    std::string path;           ///< "/v1/charges/ch_1"
    std::string path_template;  ///< "/v1/charges/{charge}"
    std::map<std::string, std::string> path_values;  ///< {"charge": "ch_1"}
    nlohmann::json params = nlohmann::json::object();
    std::vector<std::string> expand;
    std::string request_id;
    std::string idempotency_key;
    bool livemode = false;
    int status = 200;

    /// "GET /v1/charges/{charge}".
    std::string operation() const { return method + " " + path_template; }
    const std::string& value(const std::string& name) const { return path_values.at(name); }
};

/// The path variables of `path` under `path_template`, or false when it does not match.
bool match_path_template(const std::string& path_template, const std::string& path,
                         std::map<std::string, std::string>& values);

}  // namespace ledgersync::sandbox::stripe
