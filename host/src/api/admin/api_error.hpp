#pragma once
/// What the admin API answers when it refuses a request: an HTTP status and the body
/// {"error": {"code", "message", "fix"}}: a stable code a program can test, what is wrong, and
/// what to do about it.

#include <stdexcept>
#include <string>

#include <Poco/Net/HTTPServerResponse.h>

namespace ledgersync::api::admin {

class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string& message, std::string fix)
        : std::runtime_error(message), status_(status), code_(std::move(code)), fix_(std::move(fix)) {}

    int status() const noexcept { return status_; }
    const std::string& code() const noexcept { return code_; }
    const std::string& fix() const noexcept { return fix_; }

    /// 400 bad_parameter: `parameter` has a value the endpoint cannot take.
    static ApiError bad_parameter(const std::string& parameter, const std::string& message, const std::string& fix) {
        return ApiError(400, "bad_parameter", "query parameter '" + parameter + "': " + message, fix);
    }
    /// 404 not_found.
    static ApiError not_found(const std::string& message, const std::string& fix) {
        return ApiError(404, "not_found", message, fix);
    }

private:
    int status_;
    std::string code_;
    std::string fix_;
};

/// Writes `error` as the response.
void send_api_error(Poco::Net::HTTPServerResponse& response, const ApiError& error);

}  // namespace ledgersync::api::admin
