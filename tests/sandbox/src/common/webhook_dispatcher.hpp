#pragma once
/// Delivers webhook messages to subscriber URLs on a background thread, retrying each message
/// that is not answered with 200 after increasing delays. Messages for one URL go out in order
/// and a failing message holds back the ones behind it, as Intuit documents ("you may not
/// receive subsequent events until you acknowledge the first"). The emulators build and sign
/// the bodies; this class only moves bytes and keeps a delivery log.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/http_message.hpp"
#include "common/sandbox_clock.hpp"

namespace ledgersync::sandbox {

struct WebhookMessage {
    std::string api;  ///< which emulator sent it ("qbo")
    std::string url;  ///< http://host:port/path (https is not supported by the sandbox)
    std::string body;
    HeaderMap headers;
    std::string summary;  ///< what it announces, for the log ("Invoice 130 Create")
    /// Called on a copy of the message before each attempt (0 = the first), for APIs that
    /// number attempts or sign with the time of sending (HubSpot's attemptNumber and
    /// X-HubSpot-Request-Timestamp).
    std::function<void(WebhookMessage&, int attempt)> prepare;
};

struct WebhookRetryPolicy {
    /// Delay before each retry; the message is abandoned when they are used up. The real QBO
    /// schedule (10 s, 20 s, 30 s, 5 min, ...) is far too slow for tests, so the default is a
    /// compressed one; configure it per emulator.
    std::vector<std::int64_t> delays_ms{500, 1000, 2000, 5000, 10000};
    /// A subscriber that does not answer within this time failed (QBO allows 3 s).
    std::int64_t timeout_ms = 3000;
    /// Any 2xx acknowledges (HubSpot); otherwise only 200 does (QBO).
    bool any_2xx_acknowledges = false;
};

class WebhookDispatcher {
public:
    explicit WebhookDispatcher(const SandboxClock& clock);
    ~WebhookDispatcher();
    WebhookDispatcher(const WebhookDispatcher&) = delete;
    WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

    void start();
    void stop();

    void set_retry_policy(const std::string& api, WebhookRetryPolicy policy);
    void enqueue(WebhookMessage message);
    /// The log of delivery attempts of `api` (newest last) and what is still queued.
    nlohmann::json to_json(const std::string& api) const;
    /// Forgets queued messages and the log of `api` ("" = every API).
    void clear(const std::string& api);

private:
    struct Pending {
        std::uint64_t id = 0;
        WebhookMessage message;
        int attempts = 0;
        std::chrono::steady_clock::time_point next_attempt;
        std::int64_t enqueued_ms = 0;
    };
    struct AttemptResult {
        int status = 0;
        std::string error;
    };

    void run();
    AttemptResult attempt(const WebhookMessage& message, std::int64_t timeout_ms) const;
    WebhookRetryPolicy policy_for(const std::string& api) const;
    void log_attempt(const Pending& pending, const AttemptResult& result, const std::string& state);

    static constexpr std::size_t kLogCapacity = 10'000;

    const SandboxClock& clock_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::string, std::deque<Pending>> queues_;  // by URL
    std::map<std::string, WebhookRetryPolicy> policies_;
    std::deque<nlohmann::json> log_;
    std::uint64_t next_id_ = 1;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace ledgersync::sandbox
