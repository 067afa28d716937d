#pragma once
/// Routes /api/v1 requests to the admin API's endpoints by method and path pattern, after
/// authenticating the caller's bearer token (admin_tokens.hpp) and checking its scope: a read
/// token may GET, an admin token may also POST and DELETE. Every refusal is an ApiError body.
///
/// Patterns are paths whose segments in braces are variables ("/api/v1/failures/{id}/retry");
/// the first pattern added that matches wins, so fixed paths go before variable ones
/// ("/api/v1/failures/count" before "/api/v1/failures/{id}"). Endpoints of later features
/// (payments, reports) are added the same way.

#include <functional>
#include <string>
#include <vector>

#include <Poco/Net/HTTPServerResponse.h>
#include <nlohmann/json.hpp>

#include "api/admin/admin_tokens.hpp"
#include "api/http_router.hpp"

namespace ledgersync::api::admin {

/// A request as an endpoint sees it.
struct ApiRequest {
    IncomingRequest& incoming;
    /// The values of the pattern's variable segments, percent-decoded, in order.
    std::vector<std::string> params;
    /// The name of the token that authenticated the request ("" on public endpoints).
    std::string caller;

    const std::string& uri() const { return incoming.http.getURI(); }
};

using ApiHandler = std::function<void(ApiRequest&, Poco::Net::HTTPServerResponse&)>;

/// Who may call an endpoint.
enum class Access {
    anyone,  ///< no token (the OpenAPI document)
    read,    ///< a token of either scope
    admin,   ///< a token of scope admin
};

class AdminRouter {
public:
    static constexpr const char* kPrefix = "/api/v1/";

    AdminRouter(AdminTokens tokens, Redactor redact);

    void add(std::string method, const std::string& pattern, Access access, ApiHandler handler);
    /// Serves GET, POST and DELETE under kPrefix through `router` (this must outlive it).
    void attach(HttpRouter& router) const;
    void dispatch(IncomingRequest& request, Poco::Net::HTTPServerResponse& response) const;

private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;
        Access access = Access::read;
        ApiHandler handler;
    };
    /// The route matching `method` and `segments`, its variables in `params`; `path_known` tells
    /// whether another method matches the path.
    const Route* find(const std::string& method, const std::vector<std::string>& segments, std::vector<std::string>& params,
                      bool& path_known) const;
    /// The caller's token name; throws ApiError 401 or 403.
    std::string authenticate(const IncomingRequest& request, Access access) const;

    AdminTokens tokens_;
    Redactor redact_;
    std::vector<Route> routes_;
};

/// Writes `body` as a JSON response, its amounts exactly as they are held.
void send_api_json(Poco::Net::HTTPServerResponse& response, int status, const nlohmann::json& body);

}  // namespace ledgersync::api::admin
