#pragma once
/// Idle keep-alive HTTP sessions of one connection, kept for reuse per endpoint.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPClientSession;
}

namespace ledgersync::services::http {

/// Where a session is connected: sessions are reusable only for the same scheme, host and port.
struct Endpoint {
    std::string scheme;  ///< "http" or "https"
    std::string host;
    std::uint16_t port = 0;

    auto operator<=>(const Endpoint&) const = default;
};

/// Thread-safe. A session is used by one request at a time: take() hands it out, put() returns
/// it when its response was read completely and the server kept the connection open.
class SessionPool {
public:
    /// Keeps at most `max_idle_per_endpoint` idle sessions per endpoint; more are closed.
    explicit SessionPool(std::size_t max_idle_per_endpoint);
    ~SessionPool();
    SessionPool(const SessionPool&) = delete;
    SessionPool& operator=(const SessionPool&) = delete;

    /// The most recently used idle session for `endpoint`, or null when there is none.
    std::unique_ptr<Poco::Net::HTTPClientSession> take(const Endpoint& endpoint);
    /// Keeps `session` for reuse, or closes it when the endpoint already has enough idle ones
    /// or the pool was closed.
    void put(const Endpoint& endpoint, std::unique_ptr<Poco::Net::HTTPClientSession> session);
    /// Closes every idle session; later put()s close theirs at once.
    void close();

    std::size_t idle_count() const;

private:
    std::size_t max_idle_per_endpoint_;
    mutable std::mutex mutex_;
    bool closed_ = false;
    std::map<Endpoint, std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>>> idle_;
};

}  // namespace ledgersync::services::http
