#pragma once
/// One HTTP listener on 127.0.0.1 (Poco HTTPServer on its own thread pool) that turns Poco
/// requests into HttpRequest values, hands them to a handler, and writes the HttpResponse back,
/// or drops the connection when the response says so.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/http_message.hpp"

namespace Poco {
class ThreadPool;
}
namespace Poco::Net {
class HTTPServer;
}

namespace ledgersync::sandbox {

class ApiServer {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;

    /// Listens on 127.0.0.1:`port` right away (0 = any free port); throws std::runtime_error
    /// when the port is taken.
    ApiServer(std::uint16_t port, Handler handler, int max_threads = 64);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    void start();
    void stop();
    std::uint16_t port() const noexcept { return port_; }
    std::string url() const;

    /// Bodies larger than this are refused with 413 (QBO's own limit is far lower for JSON).
    static constexpr std::size_t kMaxBodyBytes = 16 * 1024 * 1024;
    /// How long one read of a request (headers or body) may wait, and how long a whole body may
    /// take: a body that stops arriving gets 408, a silent client loses its connection.
    static constexpr std::chrono::milliseconds kReadTimeout{10'000};

private:
    std::uint16_t port_ = 0;
    Handler handler_;
    std::unique_ptr<Poco::ThreadPool> threads_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    bool running_ = false;
};

}  // namespace ledgersync::sandbox
