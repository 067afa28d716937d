#pragma once
/// Keeps the recent use of every connection's rate budgets in the store, so that a restarted
/// host knows what the API still counts in its windows. Without it, each restart began with
/// empty windows, sent into a window the API still counted as full, met a 429 and held the
/// connection for a minute.
///
/// Off the request path: a thread writes what changed every interval, in one transaction, and
/// stop() writes the last use. The use is stored as wall-clock instants (the limiter counts on
/// the steady clock, which does not survive a restart). A crash loses at most the last
/// interval's request starts.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "services/clock.hpp"
#include "services/http/poco_http_service.hpp"
#include "services/logger.hpp"
#include "store/store.hpp"

namespace ledgersync::services::http {

class RateBudgetJournal {
public:
    RateBudgetJournal(PocoHttpService& http, store::Store& store, const Clock& clock, Logger& logger,
                      std::chrono::milliseconds interval = std::chrono::seconds(1));
    ~RateBudgetJournal();
    RateBudgetJournal(const RateBudgetJournal&) = delete;
    RateBudgetJournal& operator=(const RateBudgetJournal&) = delete;

    /// Counts in `connection`'s budgets what they spent before the last stop. Call after the
    /// HTTP service configured the connection and before its plugin sends anything.
    void load(const std::string& connection);

    /// Starts writing every interval.
    void start();
    /// Writes the last use and stops writing; idempotent.
    void stop();
    /// Writes the use of every connection whose budgets changed since the last write.
    void flush();

private:
    void run();

    PocoHttpService& http_;
    store::Store& store_;
    const Clock& clock_;
    Logger& logger_;
    std::chrono::milliseconds interval_;
    /// The limiter's change count at the last write, by connection.
    std::map<std::string, std::uint64_t> written_;
    std::mutex flush_mutex_;

    std::mutex wake_mutex_;
    std::condition_variable wake_;
    bool running_ = false;
    std::thread thread_;
};

}  // namespace ledgersync::services::http
