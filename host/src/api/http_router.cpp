#include "api/http_router.hpp"

#include <exception>

#include <Poco/Net/HTTPRequestHandler.h>
#include <nlohmann/json.hpp>

namespace ledgersync::api {

namespace {

class RouterHandler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit RouterHandler(const HttpRouter& router) : router_(router) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        try {
            router_.dispatch(request, response);
        } catch (const std::exception& e) {
            if (!response.sent()) send_json(response, 500, nlohmann::json{{"error", e.what()}}.dump());
        }
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

}  // namespace

void send_json(Poco::Net::HTTPServerResponse& response, int status, const std::string& body) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
}

void HttpRouter::add(std::string method, std::string path, HttpHandler handler) {
    routes_.push_back({std::move(method), std::move(path), false, std::move(handler)});
}

void HttpRouter::add_prefix(std::string method, std::string prefix, HttpHandler handler) {
    routes_.push_back({std::move(method), std::move(prefix), true, std::move(handler)});
}

void HttpRouter::dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const {
    const std::string path = path_of(request.getURI());
    bool path_known = false;
    for (const auto& route : routes_) {
        const bool matches = route.prefix ? path.rfind(route.path, 0) == 0 : path == route.path;
        if (!matches) continue;
        path_known = true;
        if (route.method == request.getMethod()) {
            route.handler(request, response);
            return;
        }
    }
    if (path_known) {
        send_json(response, 405, nlohmann::json{{"error", "method " + request.getMethod() + " not allowed on " + path}}.dump());
    } else {
        send_json(response, 404, nlohmann::json{{"error", "no such endpoint: " + path}}.dump());
    }
}

Poco::Net::HTTPRequestHandlerFactory* HttpRouter::make_factory() const { return new RouterFactory(*this); }

}  // namespace ledgersync::api
