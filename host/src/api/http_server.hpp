#pragma once
/// The host's HTTP server (health, metrics, webhooks, admin API), on Poco's HTTPServer.

#include <cstdint>
#include <memory>
#include <string>

#include "api/http_router.hpp"

namespace Poco::Net {
class HTTPServer;
}

namespace ledgersync::api {

class HttpServer {
public:
    /// Binds host:port right away (port 0 picks a free one); throws with a clear message when
    /// the address is taken or not local to this machine. `router` must outlive the server.
    HttpServer(const std::string& host, std::uint16_t port, const HttpRouter& router, int threads = 8);
    ~HttpServer();

    void start();
    /// Stops accepting, lets in-flight requests finish (up to a few seconds).
    void stop();

    std::uint16_t port() const noexcept { return port_; }
    const std::string& host() const noexcept { return host_; }
    /// "http://host:port".
    std::string url() const;

private:
    std::string host_;
    std::uint16_t port_ = 0;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    bool running_ = false;
};

}  // namespace ledgersync::api
