#include "api/http_server.hpp"

#include <stdexcept>

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

namespace ledgersync::api {

HttpServer::HttpServer(const std::string& host, std::uint16_t port, const HttpRouter& router, int threads)
    : host_(host) {
    Poco::Net::ServerSocket socket;
    try {
        socket.bind(Poco::Net::SocketAddress(host, port), true);
        socket.listen(128);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + e.displayText() +
                                 "; choose another server.listen address or stop the process using it");
    }
    port_ = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams();
    params->setMaxThreads(threads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    server_ = std::make_unique<Poco::Net::HTTPServer>(router.make_factory(), socket, params);
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
    server_->start();
    running_ = true;
}

void HttpServer::stop() {
    if (!running_) return;
    running_ = false;
    server_->stopAll(false);
}

std::string HttpServer::url() const {
    const bool ipv6 = host_.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

}  // namespace ledgersync::api
