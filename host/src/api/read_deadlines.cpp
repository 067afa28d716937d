#include "api/read_deadlines.hpp"

#include <Poco/Exception.h>

namespace ledgersync::api {

namespace {

/// The connection the calling thread serves, if any.
struct CurrentConnection {
    ReadDeadlines* deadlines = nullptr;
    std::uint64_t id = 0;
};
thread_local CurrentConnection current;

}  // namespace

ReadDeadlines::ReadDeadlines(services::MetricsRegistry* metrics) : metrics_(metrics), thread_([this] { run(); }) {}

ReadDeadlines::~ReadDeadlines() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

ReadDeadlines::Watch::Watch(ReadDeadlines& deadlines, const Poco::Net::StreamSocket& socket, Clock::duration first)
    : deadlines_(deadlines), id_(deadlines.add(socket, Clock::now() + first)) {
    current = {&deadlines_, id_};
}

ReadDeadlines::Watch::~Watch() {
    current = {};
    deadlines_.remove(id_);
}

void ReadDeadlines::arm(Clock::duration from_now) {
    if (current.deadlines != nullptr) current.deadlines->set(current.id, Clock::now() + from_now);
}

void ReadDeadlines::disarm() {
    if (current.deadlines != nullptr) current.deadlines->set(current.id, std::nullopt);
}

std::uint64_t ReadDeadlines::add(const Poco::Net::StreamSocket& socket, Clock::time_point deadline) {
    std::uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = next_id_++;
        entries_.emplace(id, Entry{socket, deadline});
    }
    changed_.notify_all();
    return id;
}

void ReadDeadlines::remove(std::uint64_t id) {
    // Under the lock: the watcher never shuts down a socket that its connection is closing.
    std::lock_guard lock(mutex_);
    entries_.erase(id);
}

void ReadDeadlines::set(std::uint64_t id, std::optional<Clock::time_point> deadline) {
    {
        std::lock_guard lock(mutex_);
        const auto found = entries_.find(id);
        if (found == entries_.end()) return;
        found->second.deadline = deadline;
    }
    changed_.notify_all();
}

void ReadDeadlines::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        const auto now = Clock::now();
        std::optional<Clock::time_point> next;
        for (auto& [id, entry] : entries_) {
            if (!entry.deadline) continue;
            if (*entry.deadline <= now) {
                // Ends the read the serving thread is blocked in; it then closes the connection.
                try {
                    entry.socket.shutdown();
                } catch (const Poco::Exception&) {
                    // Already closed by the client: nothing is waiting on it any more.
                }
                entry.deadline.reset();
                ++cut_off_;
                if (metrics_ != nullptr) {
                    metrics_->add("ledgersync_http_server_cut_off_total", {}, 1,
                                  "Connections closed because the client sent its request too slowly");
                }
                continue;
            }
            if (!next || *entry.deadline < *next) next = entry.deadline;
        }
        if (next) {
            changed_.wait_until(lock, *next);
        } else {
            changed_.wait(lock);
        }
    }
}

}  // namespace ledgersync::api
