#pragma once
/// Cuts off clients that take too long to send a request. A socket timeout bounds each read,
/// not the whole request: a client that sends one byte of its headers every few seconds (the
/// slow-loris attack) would hold a server thread for as long as it likes. Each connection the
/// server serves is watched with a deadline for the part of the request it is waiting for
/// (headers, body, the next request on a kept-alive connection); a connection past its deadline
/// is shut down, which ends the blocked read at once and frees the thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <Poco/Net/StreamSocket.h>

#include "services/metrics.hpp"

namespace ledgersync::api {

class ReadDeadlines {
public:
    using Clock = std::chrono::steady_clock;

    /// `metrics` (may be null) counts the connections cut off.
    explicit ReadDeadlines(services::MetricsRegistry* metrics = nullptr);
    ~ReadDeadlines();
    ReadDeadlines(const ReadDeadlines&) = delete;
    ReadDeadlines& operator=(const ReadDeadlines&) = delete;

    /// Watches the connection the calling thread serves from construction to destruction, with
    /// a first deadline `first` from now. While it lives, arm() and disarm() on this thread act
    /// on that connection.
    class Watch {
    public:
        Watch(ReadDeadlines& deadlines, const Poco::Net::StreamSocket& socket, Clock::duration first);
        ~Watch();
        Watch(const Watch&) = delete;
        Watch& operator=(const Watch&) = delete;

    private:
        ReadDeadlines& deadlines_;
        std::uint64_t id_;
    };

    /// The connection this thread serves must deliver what it is waiting for within `from_now`.
    /// Does nothing on a thread that serves no watched connection (a handler called directly).
    static void arm(Clock::duration from_now);
    /// The connection this thread serves has no deadline (the host is working, not waiting).
    static void disarm();

    /// Connections shut down for missing their deadline so far.
    std::int64_t cut_off() const noexcept { return cut_off_; }

private:
    struct Entry {
        Poco::Net::StreamSocket socket;  ///< a reference: the descriptor stays open while watched
        std::optional<Clock::time_point> deadline;
    };

    std::uint64_t add(const Poco::Net::StreamSocket& socket, Clock::time_point deadline);
    void remove(std::uint64_t id);
    void set(std::uint64_t id, std::optional<Clock::time_point> deadline);
    void run();

    services::MetricsRegistry* metrics_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::uint64_t, Entry> entries_;
    std::uint64_t next_id_ = 1;
    bool stopping_ = false;
    std::atomic<std::int64_t> cut_off_{0};
    std::thread thread_;
};

}  // namespace ledgersync::api
