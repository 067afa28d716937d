#include "services/http/session_pool.hpp"

#include <Poco/Net/HTTPClientSession.h>

namespace ledgersync::services::http {

SessionPool::SessionPool(std::size_t max_idle_per_endpoint)
    : max_idle_per_endpoint_(max_idle_per_endpoint) {}

SessionPool::~SessionPool() = default;

std::unique_ptr<Poco::Net::HTTPClientSession> SessionPool::take(const Endpoint& endpoint) {
    std::lock_guard lock(mutex_);
    auto found = idle_.find(endpoint);
    if (found == idle_.end() || found->second.empty())
        return nullptr;
    // Most recently used first: it is the least likely to have been closed by the server.
    auto session = std::move(found->second.back());
    found->second.pop_back();
    return session;
}

void SessionPool::put(const Endpoint& endpoint,
                      std::unique_ptr<Poco::Net::HTTPClientSession> session) {
    std::unique_ptr<Poco::Net::HTTPClientSession> surplus;
    {
        std::lock_guard lock(mutex_);
        auto& sessions = idle_[endpoint];
        if (closed_ || sessions.size() >= max_idle_per_endpoint_) {
            surplus = std::move(session);  // closed outside the lock
        } else {
            sessions.push_back(std::move(session));
        }
    }
}

void SessionPool::close() {
    std::map<Endpoint, std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>>> closing;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        closing.swap(idle_);
    }
}

std::size_t SessionPool::idle_count() const {
    std::lock_guard lock(mutex_);
    std::size_t count = 0;
    for (const auto& [endpoint, sessions] : idle_)
        count += sessions.size();
    return count;
}

}  // namespace ledgersync::services::http
