#pragma once
/// Processes one connection's webhook inbox on a thread of its own: hands each stored delivery
/// to the connector's webhook(), which verifies and decodes it, and ingests the records it
/// returns in the same transaction that deletes the delivery, so that a delivery is ingested
/// exactly once whatever crashes.
///
/// What becomes of a delivery:
/// - decoded: its records are ingested (possibly none) and it is deleted;
/// - refused by the connector (class data: a bad signature, a malformed payload) or by a
///   connector that takes no webhooks: deleted, logged as a warning with the reason, counted in
///   ledgersync_webhook_deliveries_total{result="rejected"} and shown in /healthz;
/// - a fatal error (a bug in the connector, an exception it did not classify): tried again, and
///   rejected as above after 5 attempts;
/// - anything else (the API was unavailable, rate limited, credentials rejected, the store
///   failed): kept and tried again with exponential backoff up to 5 minutes, never dropped.
/// While the connection is paused (credentials rejected) its deliveries wait in the inbox.
/// With several hosts on one database any host stores deliveries, and only the host holding the
/// connection's lease (`leases`) processes them, under its fencing token.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "bus/connection_leases.hpp"
#include "bus/ingestor.hpp"
#include "plugin/connector_instance.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "store/store.hpp"

namespace ledgersync::app {

class WebhookProcessor {
public:
    WebhookProcessor(std::string connection, plugin::ConnectorInstance& connector, store::Store& store,
                     bus::Ingestor& ingestor, const services::Clock& clock, services::Logger& logger,
                     services::MetricsRegistry& metrics, std::chrono::milliseconds idle_poll = std::chrono::seconds(1),
                     const bus::ConnectionLeases* leases = nullptr);
    ~WebhookProcessor();
    WebhookProcessor(const WebhookProcessor&) = delete;
    WebhookProcessor& operator=(const WebhookProcessor&) = delete;

    void start();
    /// Lets the delivery being processed finish, then returns; idempotent.
    void stop();
    /// A delivery was stored: process it now.
    void notify();

    /// Processes the oldest due delivery on the calling thread; false when none is due.
    bool process_one();

    /// {"rejected": n, "last_rejection": {"at_ms", "reason"}, "last_error": ...} for /healthz.
    nlohmann::json status() const;

private:
    void run();
    void reject(const store::WebhookDelivery& delivery, const std::string& reason);
    void retry_later(const store::WebhookDelivery& delivery, const std::string& reason, std::int64_t retry_after_ms);
    void count(const char* result);

    std::string connection_;
    plugin::ConnectorInstance& connector_;
    store::Store& store_;
    bus::Ingestor& ingestor_;
    const services::Clock& clock_;
    services::Logger& logger_;
    services::MetricsRegistry& metrics_;
    std::chrono::milliseconds idle_poll_;
    const bus::ConnectionLeases* leases_;

    mutable std::mutex status_mutex_;
    std::int64_t rejected_ = 0;
    std::int64_t last_rejection_at_ms_ = 0;
    std::string last_rejection_;
    std::string last_error_;

    std::mutex wake_mutex_;
    std::condition_variable wake_;
    bool woken_ = false;
    std::atomic<bool> running_{false};
    std::thread thread_;
};

}  // namespace ledgersync::app
