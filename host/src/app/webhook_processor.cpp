#include "app/webhook_processor.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::app {

namespace {

constexpr std::int64_t kFirstRetryMs = 1000;
constexpr std::int64_t kLongestRetryMs = 5 * 60 * 1000;
// A connector that fails on a delivery with a fatal error (a bug, an exception it did not
// classify) is given this many attempts before the delivery is rejected: the same bytes will
// most likely fail the same way, while transient trouble and rejected credentials pass.
constexpr std::int64_t kFatalAttempts = 5;
// Handed to the connector with each delivery (docs/sdk.md, webhook()): when the host received
// it, epoch ms, so that a signature window is measured from the receipt, not the processing.
constexpr std::string_view kReceivedAtHeader = "X-Ledgersync-Received-At";

}  // namespace

WebhookProcessor::WebhookProcessor(std::string connection, plugin::ConnectorInstance& connector, store::Store& store,
                                   bus::Ingestor& ingestor, const services::Clock& clock, services::Logger& logger,
                                   services::MetricsRegistry& metrics, std::chrono::milliseconds idle_poll,
                                   const bus::ConnectionLeases* leases)
    : connection_(std::move(connection)),
      connector_(connector),
      store_(store),
      ingestor_(ingestor),
      clock_(clock),
      logger_(logger),
      metrics_(metrics),
      idle_poll_(idle_poll),
      leases_(leases) {}

WebhookProcessor::~WebhookProcessor() { stop(); }

void WebhookProcessor::start() {
    running_ = true;
    thread_ = std::thread([this] { run(); });
}

void WebhookProcessor::stop() {
    if (!running_.exchange(false)) return;
    notify();
    if (thread_.joinable()) thread_.join();
}

void WebhookProcessor::notify() {
    {
        std::lock_guard lock(wake_mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

void WebhookProcessor::run() {
    while (running_) {
        bool processed = false;
        try {
            processed = process_one();
        } catch (const std::exception& e) {
            // The store could not even be read; the next pass tries again.
            logger_.error("webhooks", connection_ + ": reading the webhook inbox failed: " + e.what());
        }
        if (processed) continue;
        std::unique_lock lock(wake_mutex_);
        wake_.wait_for(lock, idle_poll_, [&] { return woken_ || !running_; });
        woken_ = false;
    }
}

bool WebhookProcessor::process_one() {
    std::optional<std::int64_t> lease_token;
    if (leases_ != nullptr) {
        lease_token = leases_->token(connection_);
        if (!lease_token) return false;  // the host holding the connection's lease processes its inbox
    }
    std::optional<store::WebhookDelivery> next;
    store_.read([&](store::StoreTransaction& tx) {
        // A connection paused (its credentials were rejected) keeps its deliveries until resumed.
        for (const auto& pause : tx.pauses()) {
            if (pause.kind == "connection" && pause.name == connection_) return;
        }
        next = tx.next_webhook_delivery(connection_, clock_.now_ms());
    });
    if (!next) return false;
    const store::WebhookDelivery& delivery = *next;

    sdk::HttpRequest request;
    request.method = delivery.method;
    request.url = delivery.url;
    const auto is_receipt_header = [](const std::string& name) {
        const std::string_view receipt = kReceivedAtHeader;
        return name.size() == receipt.size() && std::equal(name.begin(), name.end(), receipt.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
               });
    };
    for (const auto& header : delivery.headers) {
        if (!is_receipt_header(header.first)) request.headers.push_back(header);  // only the host says when it received it
    }
    request.headers.emplace_back(std::string(kReceivedAtHeader), std::to_string(delivery.received_at_ms));
    request.body = delivery.body;
    try {
        sdk::WebhookResult result = connector_.webhook(request);
        const auto count = result.records.size();
        ingestor_.ingest_records(connection_, connector_.plugin().id(), std::move(result.records),
                                 std::move(result.untranslated), [&](store::StoreTransaction& tx) {
                                     if (lease_token) leases_->check(tx, connection_, *lease_token);
                                     tx.delete_webhook_delivery(delivery.id);
                                 });
        logger_.debug("webhooks", connection_ + ": delivery " + std::to_string(delivery.id) + ": " +
                                      std::to_string(count) + " record(s) ingested");
        this->count("ingested");
    } catch (const bus::LeaseLost& e) {
        logger_.info("webhooks", connection_ + ": delivery " + std::to_string(delivery.id) + " left to the host now " +
                                     "holding the connection: " + e.what());
        return false;
    } catch (const sdk::Unsupported& e) {
        reject(delivery, std::string("the connector takes no webhooks: ") + e.what());
    } catch (const sdk::Error& e) {
        const sdk::Outcome& outcome = e.outcome();
        if (outcome.kind == sdk::OutcomeClass::data) {
            reject(delivery, outcome.reason);
        } else if (outcome.kind == sdk::OutcomeClass::fatal && delivery.attempts + 1 >= kFatalAttempts) {
            reject(delivery, "gave up after " + std::to_string(kFatalAttempts) + " attempts: " + outcome.reason);
        } else {
            retry_later(delivery, std::string(sdk::to_string(outcome.kind)) + ": " + outcome.reason,
                        outcome.retry_after.count());
        }
    } catch (const std::exception& e) {
        retry_later(delivery, e.what(), 0);
    }
    return true;
}

void WebhookProcessor::reject(const store::WebhookDelivery& delivery, const std::string& reason) {
    store_.write([&](store::StoreTransaction& tx) { tx.delete_webhook_delivery(delivery.id); });
    const std::string text = logger_.redact(reason);
    logger_.warning("webhooks", connection_ + ": delivery " + std::to_string(delivery.id) + " received at " +
                                    std::to_string(delivery.received_at_ms) + " was rejected, nothing was ingested: " + text);
    {
        std::lock_guard lock(status_mutex_);
        ++rejected_;
        last_rejection_at_ms_ = clock_.now_ms();
        last_rejection_ = text;
    }
    count("rejected");
}

void WebhookProcessor::retry_later(const store::WebhookDelivery& delivery, const std::string& reason,
                                   std::int64_t retry_after_ms) {
    const std::int64_t attempts = delivery.attempts + 1;
    const std::int64_t backoff = std::min(kLongestRetryMs, kFirstRetryMs << std::min<std::int64_t>(attempts - 1, 20));
    const std::int64_t wait = std::max(backoff, retry_after_ms);
    const std::string text = logger_.redact(reason);
    store_.write([&](store::StoreTransaction& tx) {
        tx.reschedule_webhook_delivery(delivery.id, attempts, clock_.now_ms() + wait, text);
    });
    logger_.warning("webhooks", connection_ + ": delivery " + std::to_string(delivery.id) + " could not be processed (" +
                                    text + "); attempt " + std::to_string(attempts + 1) + " in " +
                                    std::to_string(wait / 1000) + " s");
    {
        std::lock_guard lock(status_mutex_);
        last_error_ = text;
    }
    count("retry");
}

void WebhookProcessor::count(const char* result) {
    metrics_.add("ledgersync_webhook_deliveries_total", {{"connection", connection_}, {"result", result}}, 1,
                 "Stored webhook deliveries processed, by result (ingested, rejected, retry)");
}

nlohmann::json WebhookProcessor::status() const {
    std::lock_guard lock(status_mutex_);
    nlohmann::json status = {{"rejected", rejected_}};
    if (!last_rejection_.empty()) status["last_rejection"] = {{"at_ms", last_rejection_at_ms_}, {"reason", last_rejection_}};
    if (!last_error_.empty()) status["last_error"] = last_error_;
    return status;
}

}  // namespace ledgersync::app
