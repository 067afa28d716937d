#include "bus/stream_poller.hpp"

#include <algorithm>

#include "bus/connection_leases.hpp"

namespace ledgersync::bus {

StreamPoller::StreamPoller(BusContext& context, Ingestor& ingestor, PauseBook& pauses, std::string connection,
                           plugin::ConnectorInstance& connector, std::vector<std::string> streams,
                           std::int64_t interval_ms)
    : context_(context),
      ingestor_(ingestor),
      pauses_(pauses),
      connection_(std::move(connection)),
      connector_(connector),
      streams_(std::move(streams)),
      interval_ms_(interval_ms),
      read_retry_(context, ingestor, connection_, connector) {}

StreamPoller::~StreamPoller() { stop(); }

void StreamPoller::start() {
    running_ = true;
    thread_ = std::thread([this] { run(); });
}

void StreamPoller::stop() {
    if (!running_.exchange(false)) return;
    { std::lock_guard lock(mutex_); }  // a run() between its check and its wait sees the change
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void StreamPoller::wake() {
    {
        std::lock_guard lock(mutex_);
        wake_requested_ = true;
    }
    wake_.notify_all();
}

void StreamPoller::run() {
    while (running_) {
        std::int64_t wait_ms = interval_ms_;
        // Another host runs the connection while this one does not hold its lease: the poller
        // idles until a round of the leases gives it here (and wakes it).
        const bool held_here = context_.leases == nullptr || context_.leases->token(connection_).has_value();
        if (held_here && !pauses_.connection_paused(connection_)) {
            std::int64_t error_wait = retry_reads();
            bool more = false;
            for (const auto& stream : std::vector<std::string>(streams_)) {
                if (!running_) break;
                std::int64_t stream_wait = 0;
                more = read_page(stream, stream_wait) || more;
                error_wait = std::max(error_wait, stream_wait);
            }
            if (more) wait_ms = 0;
            if (error_wait > 0) wait_ms = error_wait;
        }
        std::unique_lock lock(mutex_);
        if (wait_ms > 0 && running_) {
            wake_.wait_for(lock, std::chrono::milliseconds(wait_ms), [&] { return !running_ || wake_requested_; });
        }
        wake_requested_ = false;
    }
}

std::int64_t StreamPoller::back_off() {
    error_backoff_ms_ = std::min(std::max<std::int64_t>(error_backoff_ms_ * 2, 1000), interval_ms_ * 10);
    return error_backoff_ms_;
}

std::int64_t StreamPoller::retry_reads() {
    try {
        read_retry_.run_once();
        return 0;
    } catch (const sdk::Error& e) {
        const std::int64_t wait_ms = std::max<std::int64_t>(back_off(), e.outcome().retry_after.count());
        context_.logger.warning("bus", "reading again the objects of " + connection_ + " whose failures were retried: " +
                                           e.outcome().reason + "; trying again in " + std::to_string(wait_ms / 1000) + " s");
        return wait_ms;
    } catch (const std::exception& e) {
        context_.logger.error("bus", "reading again the objects of " + connection_ + " whose failures were retried: " + e.what());
        return back_off();
    }
}

bool StreamPoller::poll_once() {
    bool more = false;
    for (const auto& stream : std::vector<std::string>(streams_)) {
        std::int64_t ignored = 0;
        more = read_page(stream, ignored) || more;
    }
    return more;
}

void StreamPoller::begin_first_read(const std::string& stream) {
    const std::int64_t now = context_.clock.now_ms();
    context_.store.write([&](store::StoreTransaction& tx) {
        for (const auto& route : context_.routes) {
            if (!route.config.enabled) continue;
            for (const auto& from : route.config.from) {
                if (from.connection != connection_ || from.type != stream) continue;
                tx.begin_backfill(route.config.name, connection_, stream, store::BackfillRecord::kFirstRead, now, false);
            }
        }
    });
}

bool StreamPoller::read_page(const std::string& stream, std::int64_t& wait_ms) {
    const std::string where = "reading " + connection_ + "." + stream;
    std::optional<std::int64_t> lease_token;
    if (context_.leases != nullptr) {
        lease_token = context_.leases->token(connection_);
        if (!lease_token) return false;
    }
    try {
        std::optional<std::string> cursor;
        context_.store.read([&](store::StoreTransaction& tx) { cursor = tx.cursor(connection_, stream); });
        if (!cursor) {
            begin_first_read(stream);
            first_read_over_.erase(stream);
        }
        sdk::ReadResult page = connector_.read({stream, cursor});
        const std::size_t count = page.records.size() + page.untranslated.size();
        const bool last_page = !page.has_more;
        // The page and its cursor commit only while this host still holds the connection's lease;
        // with them, while the stream's first read goes on, what it has done so far (backfill
        // progress). Once it is over, the page needs no such UPDATE any more.
        const bool first_read_going = !first_read_over_.contains(stream);
        bool first_read_ends = false;
        const store::Store::Body within = [&](store::StoreTransaction& tx) {
            if (lease_token) context_.leases->check(tx, connection_, *lease_token);
            if (!first_read_going) return;
            const std::int64_t walks = tx.advance_backfills("", connection_, stream, store::BackfillRecord::kFirstRead,
                                                            static_cast<std::int64_t>(count), last_page, context_.clock.now_ms());
            first_read_ends = walks == 0 || last_page;
        };
        ingestor_.ingest_page(connection_, connector_.plugin().id(), stream, std::move(page.records), page.cursor,
                              std::move(page.untranslated), within);
        // Remembered once committed: a page rolled back (lease lost, an error) leaves the walk open.
        if (first_read_ends) first_read_over_.insert(stream);
        error_backoff_ms_ = 0;
        if (count > 0) context_.logger.debug("bus", where + ": " + std::to_string(count) + " record(s)");
        return page.has_more;
    } catch (const LeaseLost& e) {
        context_.logger.info("bus", where + ": page dropped, " + e.what() + " (it reads the page again)");
    } catch (const sdk::Unsupported& e) {
        context_.logger.warning("bus", where + ": the connector does not serve this stream (" + e.what() +
                                           "); it is no longer polled");
        streams_.erase(std::remove(streams_.begin(), streams_.end(), stream), streams_.end());
    } catch (const sdk::Error& e) {
        const auto& o = e.outcome();
        context_.metrics.add("ledgersync_read_errors_total", {{"connection", connection_}, {"class", std::string(sdk::to_string(o.kind))}},
                             1, "Failed reads by outcome class");
        if (o.kind == sdk::OutcomeClass::auth) {
            const std::int64_t now = context_.clock.now_ms();
            const std::string reason = o.reason + (o.fix_hint.empty() ? "" : " (" + o.fix_hint + ")");
            const store::Pause pause{"connection", connection_, reason, now};
            context_.store.write([&](store::StoreTransaction& tx) { tx.set_pause(pause); });
            pauses_.remember(pause);
            context_.logger.error("bus", where + ": credentials rejected, connection paused: " + reason +
                                             "; resume with `ledgersync connections resume " + connection_ + "` once fixed");
            return false;
        }
        // Transient trouble: back off exponentially up to ten poll intervals, or as the API asks.
        wait_ms = std::max<std::int64_t>(back_off(), o.retry_after.count());
        context_.logger.warning("bus", where + " failed (" + std::string(sdk::to_string(o.kind)) + "): " + o.reason +
                                           "; trying again in " + std::to_string(wait_ms / 1000) + " s");
    } catch (const std::exception& e) {
        wait_ms = back_off();
        context_.logger.error("bus", where + " failed: " + e.what());
    }
    return false;
}

}  // namespace ledgersync::bus
