#pragma once
/// Routes HTTP requests of the host's server to handlers by method and path, after reading each
/// request's body within its route's size limit and the server's body deadline: handlers get the
/// whole body and never wait on a client.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "services/metrics.hpp"

namespace ledgersync::api {

/// A request as handlers see it: method, URI and headers from Poco, and its whole body.
struct IncomingRequest {
    Poco::Net::HTTPServerRequest& http;
    std::string body;
};

using HttpHandler = std::function<void(IncomingRequest&, Poco::Net::HTTPServerResponse&)>;

/// Masks secrets in a text the host is about to serve.
using Redactor = std::function<std::string(std::string_view)>;

struct HttpRouterOptions {
    /// Longest a client may take to send a body once its headers arrived.
    std::chrono::milliseconds body_timeout = std::chrono::seconds(10);
    /// Requests reading a body at the same time; the next one gets 503 at once. Below the
    /// server's thread count, so that stalled uploads never take every thread.
    std::int64_t body_readers = 8;
    /// Masks secrets in the error bodies the router writes (it may quote a handler's exception).
    Redactor redact;
    /// Counts requests turned away (may be null).
    services::MetricsRegistry* metrics = nullptr;
};

class HttpRouter {
public:
    explicit HttpRouter(HttpRouterOptions options = {});

    /// Serves `method` on exactly `path`. `body_limit_bytes` is the largest body read for it
    /// (larger ones get 413); 0 reads none.
    void add(std::string method, std::string path, HttpHandler handler, std::int64_t body_limit_bytes = 0);
    /// Serves `method` on every path starting with `prefix` (e.g. "/webhooks/").
    void add_prefix(std::string method, std::string prefix, HttpHandler handler, std::int64_t body_limit_bytes = 0);

    /// Reads the body and dispatches; answers 404 or 405 with a JSON error body when nothing
    /// matches, 413 for a body over the route's limit, 503 when every body reader is busy.
    void dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const;

    /// A factory for Poco's HTTP connections that dispatches through this router (which must
    /// outlive it).
    Poco::Net::HTTPRequestHandlerFactory* make_factory() const;

private:
    struct Route {
        std::string method;
        std::string path;
        bool prefix = false;
        HttpHandler handler;
        std::int64_t body_limit_bytes = 0;
    };
    const Route* find(const std::string& method, const std::string& path, bool& path_known) const;
    /// Reads the body of `request` for `route` into `body`; false when it answered instead.
    bool read_body(const Route& route, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                   std::string& body) const;
    void refuse(Poco::Net::HTTPServerResponse& response, int status, const std::string& message) const;

    HttpRouterOptions options_;
    std::vector<Route> routes_;
    mutable std::atomic<std::int64_t> body_readers_{0};
};

/// Writes `body` with the given status, its standard reason phrase and content type.
void send_body(Poco::Net::HTTPServerResponse& response, int status, const std::string& content_type,
               const std::string& body);
/// Writes a JSON body with the given status.
void send_json(Poco::Net::HTTPServerResponse& response, int status, const std::string& body);

}  // namespace ledgersync::api
