#include "api/http_router.hpp"

#include <exception>
#include <istream>

#include <Poco/Net/HTTPRequestHandler.h>
#include <nlohmann/json.hpp>

#include "api/read_deadlines.hpp"

namespace ledgersync::api {

namespace {

class RouterHandler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit RouterHandler(const HttpRouter& router) : router_(router) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        router_.dispatch(request, response);
    }

private:
    const HttpRouter& router_;
};

class RouterFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit RouterFactory(const HttpRouter& router) : router_(router) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new RouterHandler(router_);
    }

private:
    const HttpRouter& router_;
};

std::string path_of(const std::string& uri) { return uri.substr(0, uri.find('?')); }

bool has_body(const Poco::Net::HTTPServerRequest& request) {
    return request.getChunkedTransferEncoding() || (request.hasContentLength() && request.getContentLength64() > 0);
}

std::string error_body(const std::string& message) { return nlohmann::json{{"error", message}}.dump(); }

}  // namespace

void send_body(Poco::Net::HTTPServerResponse& response, int status, const std::string& content_type,
               const std::string& body) {
    // setStatus alone keeps the reason phrase "OK" whatever the code ("401 OK").
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(content_type);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
}

void send_json(Poco::Net::HTTPServerResponse& response, int status, const std::string& body) {
    send_body(response, status, "application/json", body);
}

HttpRouter::HttpRouter(HttpRouterOptions options) : options_(std::move(options)) {
    if (!options_.redact) options_.redact = [](std::string_view text) { return std::string(text); };
}

void HttpRouter::add(std::string method, std::string path, HttpHandler handler, std::int64_t body_limit_bytes) {
    routes_.push_back({std::move(method), std::move(path), false, std::move(handler), body_limit_bytes});
}

void HttpRouter::add_prefix(std::string method, std::string prefix, HttpHandler handler, std::int64_t body_limit_bytes) {
    routes_.push_back({std::move(method), std::move(prefix), true, std::move(handler), body_limit_bytes});
}

const HttpRouter::Route* HttpRouter::find(const std::string& method, const std::string& path, bool& path_known) const {
    path_known = false;
    for (const auto& route : routes_) {
        const bool matches = route.prefix ? path.rfind(route.path, 0) == 0 : path == route.path;
        if (!matches) continue;
        path_known = true;
        if (route.method == method) return &route;
    }
    return nullptr;
}

void HttpRouter::refuse(Poco::Net::HTTPServerResponse& response, int status, const std::string& message) const {
    if (options_.metrics != nullptr) {
        options_.metrics->add("ledgersync_http_server_refused_total", {{"status", std::to_string(status)}}, 1,
                              "Requests the host's server answered with an error before any handler ran");
    }
    send_json(response, status, options_.redact(error_body(message)));
}

void HttpRouter::dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const {
    try {
        const std::string path = path_of(request.getURI());
        bool path_known = false;
        const Route* route = find(request.getMethod(), path, path_known);
        if (route == nullptr) {
            // The body is not read: close the connection so that its bytes are never taken for
            // the next request.
            if (has_body(request)) response.setKeepAlive(false);
            if (path_known) {
                refuse(response, 405, "method " + request.getMethod() + " not allowed on " + path);
            } else {
                refuse(response, 404, "no such endpoint: " + path);
            }
            return;
        }
        IncomingRequest incoming{request, {}};
        if (!read_body(*route, request, response, incoming.body)) return;
        route->handler(incoming, response);
    } catch (const std::exception& e) {
        try {
            if (!response.sent()) refuse(response, 500, e.what());
        } catch (...) {
            // The client is gone (or was cut off at its deadline): nobody to answer.
        }
    }
}

bool HttpRouter::read_body(const Route& route, Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response, std::string& body) const {
    if (!has_body(request)) return true;
    if (route.body_limit_bytes == 0) {
        response.setKeepAlive(false);  // a body nobody reads: see dispatch()
        return true;
    }
    const std::int64_t limit = route.body_limit_bytes;
    if (request.hasContentLength() && request.getContentLength64() > limit) {
        response.setKeepAlive(false);
        refuse(response, 413, "body of " + std::to_string(request.getContentLength64()) + " bytes exceeds the limit of " +
                                  std::to_string(limit) + " (server.webhook_body_limit_bytes)");
        return false;
    }
    if (body_readers_.fetch_add(1) >= options_.body_readers) {
        --body_readers_;
        response.setKeepAlive(false);
        response.set("Retry-After", "5");
        refuse(response, 503, "the server is busy receiving other requests; retry in a few seconds");
        return false;
    }
    struct ReaderSlot {
        std::atomic<std::int64_t>& readers;
        ~ReaderSlot() { --readers; }
    } slot{body_readers_};

    // The client has body_timeout for all of it: a body trickled in byte by byte is cut off.
    ReadDeadlines::arm(options_.body_timeout);
    bool failed = false;
    try {
        // Read at most limit + 1 bytes: a chunked body over the limit is refused without storing it.
        std::istream& in = request.stream();
        char buffer[16 * 1024];
        while (in && static_cast<std::int64_t>(body.size()) <= limit) {
            in.read(buffer, sizeof buffer);
            body.append(buffer, static_cast<std::size_t>(in.gcount()));
        }
        failed = in.bad();
    } catch (const std::exception&) {
        failed = true;
    }
    ReadDeadlines::disarm();
    if (static_cast<std::int64_t>(body.size()) > limit) {
        response.setKeepAlive(false);
        refuse(response, 413, "body exceeds the limit of " + std::to_string(limit) + " bytes (server.webhook_body_limit_bytes)");
        return false;
    }
    const bool short_body = request.hasContentLength() && static_cast<std::int64_t>(body.size()) < request.getContentLength64();
    if (failed || short_body) {
        response.setKeepAlive(false);
        refuse(response, 400, "the body ended after " + std::to_string(body.size()) + " byte(s), before it was complete (sent "
                                  "too slowly, or cut short)");
        return false;
    }
    return true;
}

Poco::Net::HTTPRequestHandlerFactory* HttpRouter::make_factory() const { return new RouterFactory(*this); }

}  // namespace ledgersync::api
