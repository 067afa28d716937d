#pragma once
/// Reads a connection's streams: calls the connector's read() with the stored cursor, ingests
/// the page (and the objects it could not translate) with its new cursor in one transaction,
/// and repeats at the connection's poll interval (at once while the connector says it has
/// more). Before each round it reads again the objects whose read failures an operator
/// retried (ReadRetry); wake() starts a round at once.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bus/bus_context.hpp"
#include "bus/ingestor.hpp"
#include "bus/pause_book.hpp"
#include "bus/read_retry.hpp"
#include "plugin/connector_instance.hpp"

namespace ledgersync::bus {

class StreamPoller {
public:
    StreamPoller(BusContext& context, Ingestor& ingestor, PauseBook& pauses, std::string connection,
                 plugin::ConnectorInstance& connector, std::vector<std::string> streams, std::int64_t interval_ms);
    ~StreamPoller();

    void start();
    void stop();
    /// Starts a round now (an operator retried read failures of this connection).
    void wake();
    const std::string& connection() const noexcept { return connection_; }

    /// Reads every stream once (one page each); true when a connector said it has more.
    /// Throws nothing: errors are logged, counted and turned into pauses or waits.
    bool poll_once();

private:
    void run();
    /// Reads one page of `stream`; returns whether more is available and the wait the error
    /// handling asks for (0 when none).
    bool read_page(const std::string& stream, std::int64_t& wait_ms);
    /// Records the start of `stream`'s first read for each enabled route it feeds (kept when
    /// recorded before: a first page that failed, or a connector that keeps no cursor).
    void begin_first_read(const std::string& stream);
    /// Serves retried read failures; returns the wait the error handling asks for (0 when none).
    std::int64_t retry_reads();
    /// The wait after a failed read: doubling from a second up to ten poll intervals.
    std::int64_t back_off();

    BusContext& context_;
    Ingestor& ingestor_;
    PauseBook& pauses_;
    std::string connection_;
    plugin::ConnectorInstance& connector_;
    std::vector<std::string> streams_;
    std::int64_t interval_ms_;
    ReadRetry read_retry_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool wake_requested_ = false;
    std::atomic<bool> running_{false};
    std::thread thread_;
    std::int64_t error_backoff_ms_ = 0;
    /// The streams whose first read is over (the store had no walk of it going, or the last
    /// page ended it): their pages record no backfill progress. Read and changed by read_page
    /// only, on the poller's thread.
    std::set<std::string> first_read_over_;
};

}  // namespace ledgersync::bus
