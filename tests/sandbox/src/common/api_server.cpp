#include "common/api_server.hpp"

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
#include <Poco/URI.h>

namespace ledgersync::sandbox {

namespace {

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit RequestHandler(const ApiServer::Handler& handler) : handler_(handler) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        HttpResponse answer;
        try {
            HttpRequest converted;
            if (!convert(request, converted)) {
                answer = HttpResponse::text(413, "request body too large");
            } else {
                answer = handler_(converted);
            }
        } catch (const std::exception& e) {
            // The handlers never throw by contract; this is the last line of defence.
            answer = HttpResponse::text(500, std::string("sandbox internal error: ") + e.what());
        }
        if (answer.drop_connection) {
            drop(request, response);
            return;
        }
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
        for (const auto& [name, value] : answer.headers)
            response.set(name, value);
        if (!answer.content_type.empty())
            response.setContentType(answer.content_type);
        response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
        std::ostream& out = response.send();
        out.write(answer.body.data(), static_cast<std::streamsize>(answer.body.size()));
    }

private:
    static bool convert(Poco::Net::HTTPServerRequest& request, HttpRequest& out) {
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
        std::istream& in = request.stream();
        char buffer[8192];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            out.body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (out.body.size() > ApiServer::kMaxBodyBytes)
                return false;
        }
        return true;
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
