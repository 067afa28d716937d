#pragma once
/// The host's HTTP server (health, metrics, webhooks, admin API), on Poco's TCP server and HTTP
/// connections, with a bounded thread pool and queue and a deadline on every read from a client
/// (read_deadlines.hpp), so that slow or stalled clients cannot make the host unreachable.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "api/http_router.hpp"
#include "api/read_deadlines.hpp"
#include "services/metrics.hpp"

namespace ledgersync::api {

struct HttpServerOptions {
    /// Threads serving connections; one connection holds one thread while it is served.
    int threads = 16;
    /// Accepted connections waiting for a thread; the next ones are closed at once.
    int max_queued = 64;
    /// Longest a client may take to send a request's headers (from connecting, or from the
    /// start of the keep-alive wait on a kept-alive connection, plus keep_alive).
    std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
    /// How long an idle kept-alive connection stays open; 0 closes each after one request.
    std::chrono::milliseconds keep_alive = std::chrono::seconds(5);
    /// Counts connections cut off at their deadline (may be null).
    services::MetricsRegistry* metrics = nullptr;
    /// With both (PEM files), the server speaks HTTPS (TLS 1.2 or later) only.
    std::filesystem::path tls_certificate_file = {};
    std::filesystem::path tls_key_file = {};
};

class HttpServer {
public:
    /// Binds host:port right away (port 0 picks a free one); throws with a clear message when
    /// the address is taken or not local to this machine, or the TLS certificate or key cannot
    /// be used. `router` must outlive the server.
    HttpServer(const std::string& host, std::uint16_t port, const HttpRouter& router, HttpServerOptions options = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    void start();
    /// Drains the server: stops accepting, closes the connections waiting for a thread, lets
    /// every request in flight finish and be answered, and returns once no thread of the server
    /// runs a handler any more. Requests that arrive on a kept-alive connection meanwhile get
    /// 503. Bounded by the read deadlines. Idempotent.
    void stop();

    std::uint16_t port() const noexcept { return port_; }
    const std::string& host() const noexcept { return host_; }
    /// "http://host:port", or "https://host:port" with TLS.
    std::string url() const;

private:
    std::string host_;
    std::uint16_t port_ = 0;
    HttpServerOptions options_;
    /// The Poco parts: deadlines, thread pool, handler factory, TCP server.
    struct Parts;
    std::unique_ptr<Parts> parts_;
    bool running_ = false;
    bool tls_ = false;
};

}  // namespace ledgersync::api
