#include "common/api_server.hpp"

#include <chrono>
#include <cstdint>
#include <istream>
#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

namespace ledgersync::sandbox {

namespace {

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit RequestHandler(const ApiServer::Handler& handler) : handler_(handler) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        HttpResponse answer;
        bool body_consumed = true;
        try {
            HttpRequest converted;
            switch (convert(request, converted)) {
                case BodyRead::complete:
                    answer = handler_(converted);
                    break;
                case BodyRead::too_large:
                    answer = HttpResponse::text(413, "request body too large\n");
                    body_consumed = false;
                    break;
                case BodyRead::too_slow:
                    answer = HttpResponse::text(
                        408, "the request body did not arrive within " +
                                 std::to_string(ApiServer::kReadTimeout.count()) + " ms\n");
                    body_consumed = false;
                    break;
                case BodyRead::incomplete:
                    answer = HttpResponse::text(
                        400, "the connection ended before the Content-Length bytes of the body\n");
                    body_consumed = false;
                    break;
            }
        } catch (const Poco::TimeoutException&) {
            answer = HttpResponse::text(408, "the request body stopped arriving\n");
            body_consumed = false;
        } catch (const std::exception& e) {
            // The handlers never throw by contract; this is the last line of defence.
            answer = HttpResponse::text(500, std::string("sandbox internal error: ") + e.what());
        }
        if (answer.drop_connection) {
            drop(request, response);
            return;
        }
        // Every status with its own reason phrase ("401 Unauthorized", not Poco's default "OK").
        response.setStatusAndReason(
            static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
        // What is left of an unread body would be taken for the next request: close instead.
        if (!body_consumed)
            response.setKeepAlive(false);
        for (const auto& [name, value] : answer.headers)
            response.set(name, value);
        if (!answer.content_type.empty())
            response.setContentType(answer.content_type);
        response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
        std::ostream& out = response.send();
        out.write(answer.body.data(), static_cast<std::streamsize>(answer.body.size()));
    }

private:
    enum class BodyRead { complete, too_large, too_slow, incomplete };

    static BodyRead convert(Poco::Net::HTTPServerRequest& request, HttpRequest& out) {
        out.method = request.getMethod();
        const std::string& uri = request.getURI();
        const std::size_t question = uri.find('?');
        std::string raw_path = uri.substr(0, question);
        try {
            Poco::URI::decode(raw_path, out.path);
        } catch (const Poco::Exception&) {
            out.path = raw_path;
        }
        if (question != std::string::npos) {
            out.raw_query = uri.substr(question + 1);
            out.query = parse_url_encoded(out.raw_query);
        }
        for (const auto& [name, value] : request)
            out.headers[name] = value;
        // RFC 9112 6.3: a request with neither Content-Length nor Transfer-Encoding has no body.
        // Poco would read until the client closes the connection (`curl -X POST` waited 60 s).
        if (!request.getChunkedTransferEncoding() && !request.hasContentLength())
            return BodyRead::complete;
        // Each read waits at most kReadTimeout (the server's socket timeout); the whole body
        // gets the same bound, so a client that trickles bytes cannot hold a thread forever.
        const auto deadline = std::chrono::steady_clock::now() + ApiServer::kReadTimeout;
        std::istream& in = request.stream();
        char buffer[8192];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            out.body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (out.body.size() > ApiServer::kMaxBodyBytes)
                return BodyRead::too_large;
            if (std::chrono::steady_clock::now() > deadline)
                return BodyRead::too_slow;
        }
        // A read that timed out leaves the stream bad (std::istream swallows Poco's exception).
        if (in.bad())
            return BodyRead::too_slow;
        if (request.hasContentLength() &&
            static_cast<std::int64_t>(out.body.size()) < request.getContentLength64())
            return BodyRead::incomplete;
        return BodyRead::complete;
    }

    // Closes the connection without a response: the client sees EOF / a reset.
    static void drop(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) {
        response.setKeepAlive(false);
        auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
        if (impl == nullptr)
            return;
        try {
            Poco::Net::StreamSocket& socket = impl->socket();
            socket.setLinger(true, 0);
            socket.shutdown();
        } catch (const Poco::Exception&) {
            // Already gone: that is the effect we wanted.
        }
    }

    const ApiServer::Handler& handler_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit HandlerFactory(const ApiServer::Handler& handler) : handler_(handler) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new RequestHandler(handler_);
    }

private:
    const ApiServer::Handler& handler_;
};

}  // namespace

ApiServer::ApiServer(std::uint16_t port, Handler handler, int max_threads)
    : handler_(std::move(handler)) {
    Poco::Net::ServerSocket socket;
    try {
        socket.bind(Poco::Net::SocketAddress("127.0.0.1", port), true);
        socket.listen(256);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " +
                                 e.displayText() + "; choose another port or 0 for any free one");
    }
    port_ = socket.address().port();
    // Our own pool: Poco's default pool holds 16 threads, fewer than a concurrency test needs.
    threads_ = std::make_unique<Poco::ThreadPool>(2, max_threads);
    auto* params = new Poco::Net::HTTPServerParams();
    params->setMaxThreads(max_threads);
    params->setMaxQueued(512);
    params->setKeepAlive(true);
    // A client that stops sending headers or body for this long loses the connection.
    params->setTimeout(Poco::Timespan(
        std::chrono::duration_cast<std::chrono::microseconds>(kReadTimeout).count()));
    server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(handler_), *threads_,
                                                      socket, params);
}

ApiServer::~ApiServer() {
    stop();
}

void ApiServer::start() {
    server_->start();
    running_ = true;
}

void ApiServer::stop() {
    if (!running_)
        return;
    running_ = false;
    server_->stopAll(true);
    threads_->joinAll();
}

std::string ApiServer::url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
}

}  // namespace ledgersync::sandbox
