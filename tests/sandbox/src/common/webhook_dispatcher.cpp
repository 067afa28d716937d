#include "common/webhook_dispatcher.hpp"

#include <sstream>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "common/iso_time.hpp"

namespace ledgersync::sandbox {

WebhookDispatcher::WebhookDispatcher(const SandboxClock& clock) : clock_(clock) {}

WebhookDispatcher::~WebhookDispatcher() {
    stop();
}

void WebhookDispatcher::start() {
    std::lock_guard lock(mutex_);
    if (worker_.joinable())
        return;
    stopping_ = false;
    worker_ = std::thread([this] { run(); });
}

void WebhookDispatcher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable())
        worker_.join();
}

void WebhookDispatcher::set_retry_policy(const std::string& api, WebhookRetryPolicy policy) {
    std::lock_guard lock(mutex_);
    policies_[api] = std::move(policy);
}

WebhookRetryPolicy WebhookDispatcher::policy_for(const std::string& api) const {
    const auto it = policies_.find(api);
    return it == policies_.end() ? WebhookRetryPolicy{} : it->second;
}

void WebhookDispatcher::enqueue(WebhookMessage message) {
    {
        std::lock_guard lock(mutex_);
        Pending pending;
        pending.id = next_id_++;
        pending.next_attempt = std::chrono::steady_clock::now();
        pending.enqueued_ms = clock_.now_ms();
        const std::string url = message.url;
        pending.message = std::move(message);
        queues_[url].push_back(std::move(pending));
    }
    wake_.notify_all();
}

void WebhookDispatcher::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        // The earliest due head of any URL's queue.
        Pending* due = nullptr;
        auto earliest = std::chrono::steady_clock::time_point::max();
        for (auto& [url, queue] : queues_) {
            if (queue.empty())
                continue;
            if (queue.front().next_attempt < earliest) {
                earliest = queue.front().next_attempt;
                due = &queue.front();
            }
        }
        if (due == nullptr) {
            wake_.wait(lock);
            continue;
        }
        if (earliest > std::chrono::steady_clock::now()) {
            wake_.wait_until(lock, earliest);
            continue;
        }
        const Pending snapshot = *due;
        const WebhookRetryPolicy policy = policy_for(snapshot.message.api);
        lock.unlock();
        WebhookMessage sent = snapshot.message;
        if (sent.prepare)
            sent.prepare(sent, snapshot.attempts);
        const AttemptResult result = attempt(sent, policy.timeout_ms);
        lock.lock();
        // The queue may have been cleared while we were sending.
        auto queue_it = queues_.find(snapshot.message.url);
        if (queue_it == queues_.end() || queue_it->second.empty() ||
            queue_it->second.front().id != snapshot.id)
            continue;
        Pending& head = queue_it->second.front();
        ++head.attempts;
        const bool acknowledged = result.status == 200 || (policy.any_2xx_acknowledges &&
                                                           result.status >= 200 &&
                                                           result.status < 300);
        if (acknowledged) {
            log_attempt(head, result, "delivered");
            queue_it->second.pop_front();
        } else if (static_cast<std::size_t>(head.attempts) > policy.delays_ms.size()) {
            log_attempt(head, result, "abandoned");
            queue_it->second.pop_front();
        } else {
            log_attempt(head, result, "retrying");
            head.next_attempt = std::chrono::steady_clock::now() +
                                std::chrono::milliseconds(
                                    policy.delays_ms[static_cast<std::size_t>(head.attempts - 1)]);
        }
    }
}

WebhookDispatcher::AttemptResult WebhookDispatcher::attempt(const WebhookMessage& message,
                                                            std::int64_t timeout_ms) const {
    AttemptResult result;
    try {
        const Poco::URI uri(message.url);
        if (uri.getScheme() != "http") {
            result.error = "only http:// subscriber URLs are supported by the sandbox";
            return result;
        }
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        session.setTimeout(
            Poco::Timespan(timeout_ms / 1000, static_cast<long>(timeout_ms % 1000) * 1000));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : message.headers)
            request.set(name, value);
        request.setContentLength(static_cast<std::streamsize>(message.body.size()));
        session.sendRequest(request) << message.body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        std::ostringstream ignored;
        Poco::StreamCopier::copyStream(in, ignored);
        result.status = static_cast<int>(response.getStatus());
    } catch (const Poco::Exception& e) {
        result.error = e.displayText();
    } catch (const std::exception& e) {
        result.error = e.what();
    }
    return result;
}

void WebhookDispatcher::log_attempt(const Pending& pending, const AttemptResult& result,
                                    const std::string& state) {
    log_.push_back({{"message_id", pending.id},
                    {"api", pending.message.api},
                    {"url", pending.message.url},
                    {"summary", pending.message.summary},
                    {"attempt", pending.attempts},
                    {"status", result.status},
                    {"error", result.error},
                    {"state", state},
                    {"time", format_iso_datetime(clock_.now_ms(), 0, true, true)},
                    {"enqueued", format_iso_datetime(pending.enqueued_ms, 0, true, true)},
                    {"body", pending.message.body}});
    while (log_.size() > kLogCapacity)
        log_.pop_front();
}

nlohmann::json WebhookDispatcher::to_json(const std::string& api) const {
    std::lock_guard lock(mutex_);
    nlohmann::json attempts = nlohmann::json::array();
    for (const auto& entry : log_) {
        if (api.empty() || entry["api"] == api)
            attempts.push_back(entry);
    }
    nlohmann::json queued = nlohmann::json::array();
    for (const auto& [url, queue] : queues_) {
        for (const auto& pending : queue) {
            if (!api.empty() && pending.message.api != api)
                continue;
            queued.push_back({{"message_id", pending.id},
                              {"url", url},
                              {"summary", pending.message.summary},
                              {"attempts", pending.attempts}});
        }
    }
    return {{"deliveries", std::move(attempts)}, {"queued", std::move(queued)}};
}

void WebhookDispatcher::clear(const std::string& api) {
    std::lock_guard lock(mutex_);
    for (auto& [url, queue] : queues_) {
        std::erase_if(queue, [&](const Pending& p) { return api.empty() || p.message.api == api; });
    }
    std::erase_if(log_,
                  [&](const nlohmann::json& entry) { return api.empty() || entry["api"] == api; });
}

}  // namespace ledgersync::sandbox
