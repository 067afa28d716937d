#include "api/http_server.hpp"

#include <atomic>
#include <stdexcept>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Crypto/Crypto.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/ThreadPool.h>
#include <nlohmann/json.hpp>

namespace ledgersync::api {

namespace {

using Milliseconds = std::chrono::milliseconds;

Poco::Timespan timespan(Milliseconds duration) { return Poco::Timespan(duration.count() * 1000); }

/// Serves one request through the router. While the router works the connection has no read
/// deadline; afterwards the client has keep-alive plus header time to send its next request.
class RoutedHandler final : public Poco::Net::HTTPRequestHandler {
public:
    RoutedHandler(const HttpRouter& router, Milliseconds next_request) : router_(router), next_request_(next_request) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        ReadDeadlines::disarm();
        router_.dispatch(request, response);
        ReadDeadlines::arm(next_request_);
    }

private:
    const HttpRouter& router_;
    Milliseconds next_request_;
};

/// Answers a request that arrives while the server drains: the host behind it is stopping.
class StoppingHandler final : public Poco::Net::HTTPRequestHandler {
public:
    void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override {
        response.setKeepAlive(false);
        response.set("Retry-After", "5");
        send_json(response, 503, nlohmann::json{{"error", "the host is stopping; retry in a few seconds"}}.dump());
    }
};

/// Creates each request's handler. Poco's connections also listen to its serverStopped event:
/// firing it makes each finish the request it is serving and close.
class ServerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    ServerFactory(const HttpRouter& router, Milliseconds next_request) : router_(router), next_request_(next_request) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        if (stopping_) return new StoppingHandler();
        return new RoutedHandler(router_, next_request_);
    }
    void stopping() { stopping_ = true; }
    /// Each connection finishes the request it is serving (Poco holds the connection's lock for
    /// the whole request), then closes; idle kept-alive connections close at once.
    void stop_connections() {
        const bool abort_current = false;
        serverStopped(this, abort_current);
    }

private:
    const HttpRouter& router_;
    Milliseconds next_request_;
    std::atomic<bool> stopping_{false};
};

/// Poco's HTTP connection, watched by the read deadlines for as long as it is served.
class WatchedConnection final : public Poco::Net::HTTPServerConnection {
public:
    WatchedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                      Poco::Net::HTTPRequestHandlerFactory::Ptr factory, ReadDeadlines& deadlines, Milliseconds first)
        : HTTPServerConnection(socket, params, factory), deadlines_(deadlines), first_(first) {}
    void run() override {
        const ReadDeadlines::Watch watch(deadlines_, socket(), first_);
        HTTPServerConnection::run();
    }

private:
    ReadDeadlines& deadlines_;
    Milliseconds first_;
};

class WatchedConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
public:
    WatchedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                             ReadDeadlines& deadlines, Milliseconds first)
        : params_(std::move(params)), factory_(std::move(factory)), deadlines_(deadlines), first_(first) {}
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new WatchedConnection(socket, params_, factory_, deadlines_, first_);
    }

private:
    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
    ReadDeadlines& deadlines_;
    Milliseconds first_;
};

/// The server's TLS context: the certificate chain and key (PEM), TLS 1.2 or later, no client
/// certificates asked for.
Poco::Net::Context::Ptr server_tls_context(const std::filesystem::path& certificate, const std::filesystem::path& key) {
    for (const auto& [file, what] : {std::pair{certificate, "certificate"}, std::pair{key, "key"}}) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) {
            throw std::runtime_error(std::string("server.tls: the ") + what + " file " + file.string() +
                                     " does not exist or is not a file; check server.tls in the configuration");
        }
    }
    try {
        Poco::Net::Context::Params params;
        params.certificateFile = certificate.string();
        params.privateKeyFile = key.string();
        params.verificationMode = Poco::Net::Context::VERIFY_NONE;
        params.loadDefaultCAs = false;
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        return context;
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("server.tls: cannot use the certificate " + certificate.string() + " with the key " +
                                 key.string() + ": " + e.displayText() +
                                 "; both must be PEM, the key unencrypted and matching the certificate");
    }
}

}  // namespace

struct HttpServer::Parts {
    // Declared in the order they may be destroyed last: connections use the deadlines and the
    // factory until the pool's threads are joined.
    ReadDeadlines deadlines;
    Poco::ThreadPool threads;
    Poco::SharedPtr<ServerFactory> factory;
    std::unique_ptr<Poco::Net::TCPServer> server;

    Parts(services::MetricsRegistry* metrics, int thread_count, const HttpRouter& router, Milliseconds next_request)
        : deadlines(metrics), threads(1, thread_count), factory(new ServerFactory(router, next_request)) {}
};

HttpServer::HttpServer(const std::string& host, std::uint16_t port, const HttpRouter& router, HttpServerOptions options)
    : host_(host), options_(options), tls_(!options.tls_certificate_file.empty()) {
    Poco::Net::ServerSocket socket;
    if (tls_) {
        // Only OpenSSL itself, reference-counted (as the HTTP client does), released by ~HttpServer.
        Poco::Crypto::initializeCrypto();
        socket = Poco::Net::SecureServerSocket(server_tls_context(options_.tls_certificate_file, options_.tls_key_file));
    }
    try {
        socket.bind(Poco::Net::SocketAddress(host, port), true);
        socket.listen(128);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + e.displayText() +
                                 "; choose another server.listen address or stop the process using it");
    }
    port_ = socket.address().port();

    const bool keep_alive = options_.keep_alive.count() > 0;
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams();
    params->setMaxThreads(options_.threads);
    params->setMaxQueued(options_.max_queued);
    // Each socket read waits at most this long (the deadlines bound the whole request).
    params->setTimeout(timespan(options_.header_timeout));
    params->setKeepAlive(keep_alive);
    if (keep_alive) params->setKeepAliveTimeout(timespan(options_.keep_alive));
    // Idle threads go back to the pool soon, so that a drain does not wait for them.
    params->setThreadIdleTime(Poco::Timespan(1, 0));

    parts_ = std::make_unique<Parts>(options_.metrics, options_.threads, router, options_.keep_alive + options_.header_timeout);
    parts_->server = std::make_unique<Poco::Net::TCPServer>(
        new WatchedConnectionFactory(params, parts_->factory, parts_->deadlines, options_.header_timeout), parts_->threads,
        socket, params);
}

HttpServer::~HttpServer() {
    stop();
    parts_.reset();
    if (tls_) Poco::Crypto::uninitializeCrypto();
}

void HttpServer::start() {
    parts_->server->start();
    running_ = true;
}

void HttpServer::stop() {
    if (!running_) return;
    running_ = false;
    parts_->factory->stopping();
    // No new connection; those waiting for a thread are closed.
    parts_->server->stop();
    parts_->factory->stop_connections();
    parts_->threads.joinAll();
}

std::string HttpServer::url() const {
    const bool ipv6 = host_.find(':') != std::string::npos;
    return (tls_ ? "https://" : "http://") + (ipv6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

}  // namespace ledgersync::api
