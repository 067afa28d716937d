#include "api/admin/admin_router.hpp"

#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json_writer.hpp>

#include "api/admin/api_error.hpp"

namespace ledgersync::api::admin {

namespace {

/// Request bodies the admin API reads at most (its endpoints take their input in the query).
constexpr std::int64_t kBodyLimitBytes = 64 * 1024;

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        segments.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return segments;
}

bool is_variable(const std::string& segment) { return segment.size() > 2 && segment.front() == '{' && segment.back() == '}'; }

const char* kTokenFix = "send the header 'Authorization: Bearer <token>' with a token listed (as its SHA-256) in the host's "
                        "admin_api.tokens; `ledgersync keys token NAME` makes one";

}  // namespace

void send_api_json(Poco::Net::HTTPServerResponse& response, int status, const nlohmann::json& body) {
    sdk::JsonWriteOptions options;
    options.invalid_utf8 = sdk::InvalidUtf8::replace;
    send_json(response, status, sdk::write_json_exact(body, options));
}

AdminRouter::AdminRouter(AdminTokens tokens, Redactor redact) : tokens_(std::move(tokens)), redact_(std::move(redact)) {
    if (!redact_) redact_ = [](std::string_view text) { return std::string(text); };
}

void AdminRouter::add(std::string method, const std::string& pattern, Access access, ApiHandler handler) {
    routes_.push_back({std::move(method), split_path(pattern), access, std::move(handler)});
}

void AdminRouter::attach(HttpRouter& router) const {
    for (const char* method : {"GET", "POST", "DELETE"}) {
        router.add_prefix(
            method, kPrefix, [this](IncomingRequest& request, auto& response) { dispatch(request, response); },
            kBodyLimitBytes);
    }
}

const AdminRouter::Route* AdminRouter::find(const std::string& method, const std::vector<std::string>& segments,
                                            std::vector<std::string>& params, bool& path_known) const {
    path_known = false;
    for (const auto& route : routes_) {
        if (route.segments.size() != segments.size()) continue;
        std::vector<std::string> values;
        bool matches = true;
        for (std::size_t i = 0; i < segments.size() && matches; ++i) {
            if (is_variable(route.segments[i])) {
                matches = !segments[i].empty();
                values.push_back(sdk::percent_decode(segments[i]));
            } else {
                matches = route.segments[i] == segments[i];
            }
        }
        if (!matches) continue;
        path_known = true;
        if (route.method == method) {
            params = std::move(values);
            return &route;
        }
    }
    return nullptr;
}

std::string AdminRouter::authenticate(const IncomingRequest& request, Access access) const {
    if (access == Access::anyone) return "";
    const std::string header = request.http.get("Authorization", "");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.empty()) throw ApiError(401, "unauthenticated", "the request carries no bearer token", kTokenFix);
    if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) {
        throw ApiError(401, "unauthenticated", "the Authorization header is not 'Bearer <token>'", kTokenFix);
    }
    if (tokens_.empty()) {
        throw ApiError(401, "invalid_token", "this host accepts no token: admin_api.tokens is empty", kTokenFix);
    }
    const auto token = tokens_.find(std::string_view(header).substr(kBearer.size()));
    if (!token) throw ApiError(401, "invalid_token", "the bearer token is not one of this host's tokens", kTokenFix);
    if (access == Access::admin && token->scope != config::AdminApiConfig::Scope::admin) {
        throw ApiError(403, "forbidden", "token '" + token->name + "' has scope read; this action needs scope admin",
                       "use a token whose admin_api.tokens entry has \"scope\": \"admin\"");
    }
    return token->name;
}

void AdminRouter::dispatch(IncomingRequest& request, Poco::Net::HTTPServerResponse& response) const {
    try {
        const std::string& uri = request.http.getURI();
        const std::string path = uri.substr(0, uri.find('?'));
        std::vector<std::string> params;
        bool path_known = false;
        const Route* route = find(request.http.getMethod(), split_path(path), params, path_known);
        if (route == nullptr) {
            // Unknown paths are told apart only to callers with a valid token.
            authenticate(request, Access::read);
            if (path_known) {
                throw ApiError(405, "method_not_allowed", "method " + request.http.getMethod() + " is not allowed on " + path,
                               "see /api/v1/openapi.json for the methods of each endpoint");
            }
            throw ApiError::not_found("no such endpoint: " + path, "see /api/v1/openapi.json for the endpoints");
        }
        ApiRequest api{request, std::move(params), authenticate(request, route->access)};
        route->handler(api, response);
    } catch (const ApiError& e) {
        if (e.status() == 401) response.set("WWW-Authenticate", "Bearer realm=\"ledgersync\"");
        if (!response.sent()) send_api_error(response, e);
    } catch (const std::exception& e) {
        if (!response.sent()) {
            send_api_error(response, ApiError(500, "internal", redact_(e.what()), "see the host's log; retry later"));
        }
    }
}

}  // namespace ledgersync::api::admin
