#pragma once
/// An HTTP or HTTPS server on 127.0.0.1 (port chosen by the OS) for tests of the HTTP client:
/// a handler function answers, and the server records what it saw of each request (when it
/// started and ended, from which client connection) and the most requests it ran at once.
/// Header-only because the unit-test glob compiles only *_test.cpp files.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>

namespace ledgersync::testing {

/// What a handler answers.
struct Reply {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool chunked = false;  ///< send the body with chunked transfer encoding
};

/// What the server saw of one request.
struct ObservedRequest {
    std::string method;
    std::string uri;
    std::string body;
    std::string client;  ///< "address:port" of the client's connection
    Poco::Net::NameValueCollection headers;
    std::chrono::steady_clock::time_point started;
    std::chrono::steady_clock::time_point finished;
};

class LocalHttpServer {
public:
    /// Answers a request (its body already read into `seen.body`). The request counts as
    /// finished, and no longer in flight, before the reply is sent: the client can only start
    /// another request after it got this reply.
    using Handler = std::function<Reply(const ObservedRequest& seen)>;

    /// Plain HTTP.
    explicit LocalHttpServer(Handler handler) : handler_(std::move(handler)) {
        start(Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)));
    }

    /// HTTPS with the certificate and key in PEM files.
    LocalHttpServer(Handler handler, const std::filesystem::path& certificate,
                    const std::filesystem::path& key)
        : handler_(std::move(handler)) {
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, key.string(),
                                   certificate.string(), "", Poco::Net::Context::VERIFY_NONE);
        start(Poco::Net::SecureServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context));
    }

    ~LocalHttpServer() {
        release_handlers();
        server_->stopAll(true);
        threads_.joinAll();
    }

    LocalHttpServer(const LocalHttpServer&) = delete;
    LocalHttpServer& operator=(const LocalHttpServer&) = delete;

    std::uint16_t port() const { return port_; }

    /// "<scheme>://<host>:<port><path>"
    std::string url(const std::string& path, const std::string& host = "127.0.0.1") const {
        return std::string(secure_ ? "https" : "http") + "://" + host + ":" +
               std::to_string(port_) + path;
    }

    std::vector<ObservedRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

    int max_in_flight() const { return max_in_flight_.load(); }

    /// For handlers: waits up to `limit` or until the server shuts down (release_handlers()),
    /// so that a slow handler never holds a test's teardown.
    void pause(std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        released_cv_.wait_for(lock, limit, [&] { return released_; });
    }

    /// Ends every pause() now and later.
    void release_handlers() {
        {
            std::lock_guard lock(mutex_);
            released_ = true;
        }
        released_cv_.notify_all();
    }

private:
    class RequestHandler final : public Poco::Net::HTTPRequestHandler {
    public:
        explicit RequestHandler(LocalHttpServer& server) : server_(server) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response) override {
            ObservedRequest seen;
            seen.started = std::chrono::steady_clock::now();
            const int now_in_flight = ++server_.in_flight_;
            int previous = server_.max_in_flight_.load();
            while (previous < now_in_flight &&
                   !server_.max_in_flight_.compare_exchange_weak(previous, now_in_flight)) {
            }
            seen.method = request.getMethod();
            seen.uri = request.getURI();
            seen.client = request.clientAddress().toString();
            for (const auto& [name, value] : request)
                seen.headers.add(name, value);
            Poco::StreamCopier::copyToString(request.stream(), seen.body);
            const Reply reply = server_.handler_(seen);
            seen.finished = std::chrono::steady_clock::now();
            --server_.in_flight_;
            {
                std::lock_guard lock(server_.mutex_);
                server_.requests_.push_back(seen);
            }
            response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
            for (const auto& [name, value] : reply.headers)
                response.add(name, value);
            if (reply.chunked) {
                response.setChunkedTransferEncoding(true);
            } else {
                response.setContentLength(static_cast<std::streamsize>(reply.body.size()));
            }
            response.send() << reply.body;
        }

    private:
        LocalHttpServer& server_;
    };

    class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        explicit HandlerFactory(LocalHttpServer& server) : server_(server) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(
            const Poco::Net::HTTPServerRequest&) override {
            return new RequestHandler(server_);
        }

    private:
        LocalHttpServer& server_;
    };

    void start(const Poco::Net::ServerSocket& socket) {
        secure_ = socket.secure();
        port_ = socket.address().port();
        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        params->setKeepAlive(true);
        params->setMaxKeepAliveRequests(1000);
        params->setKeepAliveTimeout(Poco::Timespan(10, 0));
        params->setMaxThreads(48);
        params->setMaxQueued(128);
        server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(*this), threads_,
                                                          socket, params);
        server_->start();
    }

    Handler handler_;
    // Its own pool: Poco's default one is shared by the whole process and holds 16 threads.
    Poco::ThreadPool threads_{2, 64};
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    bool secure_ = false;
    std::uint16_t port_ = 0;

    std::atomic<int> in_flight_{0};
    std::atomic<int> max_in_flight_{0};
    mutable std::mutex mutex_;
    std::vector<ObservedRequest> requests_;
    std::condition_variable released_cv_;
    bool released_ = false;
};

}  // namespace ledgersync::testing
