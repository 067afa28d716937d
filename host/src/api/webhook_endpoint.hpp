#pragma once
/// POST /webhooks/<connection>: stores the delivery as received (method, URL, headers, body
/// bytes, time) in the connection's durable webhook inbox and answers 200 at once. Verifying and
/// decoding it is the connector's work, done later off the HTTP thread (app/webhook_processor),
/// so that a sender such as Intuit, which wants its answer within 3 s, never waits for an API
/// call or a rate limit; a stored delivery survives a crash.
///
/// Answers: 200 {"accepted": true} once stored, whatever the connector will say of it (a forged
/// delivery is rejected when processed: logged and counted, nothing is ingested); 404 for an
/// unknown connection or one whose webhooks are not served; 413 for a body over the limit (the
/// router); 503 with Retry-After when the inbox is full or the store failed (the sender retries).

#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include <Poco/Net/HTTPServerResponse.h>

#include "api/http_router.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "store/store.hpp"

namespace ledgersync::api {

class WebhookEndpoint {
public:
    /// Called after a delivery of `connection` was stored (wakes its processor).
    using DeliveryStored = std::function<void(const std::string& connection)>;

    /// Serves the `connections` named; `inbox_limit` deliveries may wait per connection.
    WebhookEndpoint(std::set<std::string> connections, store::Store& store, const services::Clock& clock,
                    std::int64_t inbox_limit, DeliveryStored stored, services::Logger& logger,
                    services::MetricsRegistry& metrics);

    /// The route prefix served.
    static constexpr const char* kPrefix = "/webhooks/";

    void handle(IncomingRequest& request, Poco::Net::HTTPServerResponse& response);

private:
    void answer(Poco::Net::HTTPServerResponse& response, const std::string& connection, int status,
                const std::string& body);

    std::set<std::string> connections_;
    store::Store& store_;
    const services::Clock& clock_;
    std::int64_t inbox_limit_;
    DeliveryStored stored_;
    services::Logger& logger_;
    services::MetricsRegistry& metrics_;
};

}  // namespace ledgersync::api
