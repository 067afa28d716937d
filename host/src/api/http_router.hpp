#pragma once
/// Routes HTTP requests of the host's server to handlers by method and path.

#include <functional>
#include <string>
#include <vector>

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace ledgersync::api {

using HttpHandler = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

class HttpRouter {
public:
    /// Serves `method` on exactly `path`.
    void add(std::string method, std::string path, HttpHandler handler);
    /// Serves `method` on every path starting with `prefix` (e.g. "/webhooks/").
    void add_prefix(std::string method, std::string prefix, HttpHandler handler);

    /// Dispatches; answers 404 or 405 with a JSON error body when nothing matches.
    void dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const;

    /// A factory for Poco's HTTPServer that dispatches through this router (which must outlive it).
    Poco::Net::HTTPRequestHandlerFactory* make_factory() const;

private:
    struct Route {
        std::string method;
        std::string path;
        bool prefix = false;
        HttpHandler handler;
    };
    std::vector<Route> routes_;
};

/// Writes a JSON body with the given status.
void send_json(Poco::Net::HTTPServerResponse& response, int status, const std::string& body);

}  // namespace ledgersync::api
