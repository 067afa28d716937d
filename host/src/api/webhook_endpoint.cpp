#include "api/webhook_endpoint.hpp"

#include <nlohmann/json.hpp>

namespace ledgersync::api {

namespace {

std::string error_body(const std::string& message) { return nlohmann::json{{"error", message}}.dump(); }

}  // namespace

WebhookEndpoint::WebhookEndpoint(std::set<std::string> connections, store::Store& store, const services::Clock& clock,
                                 std::int64_t inbox_limit, DeliveryStored stored, services::Logger& logger,
                                 services::MetricsRegistry& metrics)
    : connections_(std::move(connections)),
      store_(store),
      clock_(clock),
      inbox_limit_(inbox_limit),
      stored_(std::move(stored)),
      logger_(logger),
      metrics_(metrics) {}

void WebhookEndpoint::answer(Poco::Net::HTTPServerResponse& response, const std::string& connection, int status,
                             const std::string& body) {
    metrics_.add("ledgersync_webhooks_total", {{"connection", connection}, {"status", std::to_string(status)}}, 1,
                 "Webhook deliveries received, by answer");
    send_json(response, status, logger_.redact(body));
}

void WebhookEndpoint::handle(IncomingRequest& request, Poco::Net::HTTPServerResponse& response) {
    const std::string uri = request.http.getURI();
    const std::string path = uri.substr(0, uri.find('?'));
    const std::string connection = path.substr(std::string(kPrefix).size());
    if (connections_.count(connection) == 0) {
        // The same answer for a connection that exists but takes no webhooks here: a stranger
        // learns nothing of the configuration. The start log says why a connection is not served.
        answer(response, "unknown", 404, error_body("no connection named '" + connection + "' takes webhooks here"));
        return;
    }
    store::WebhookDelivery delivery;
    delivery.connection = connection;
    delivery.method = request.http.getMethod();
    delivery.url = uri;
    for (const auto& [name, value] : request.http) delivery.headers.emplace_back(name, value);
    delivery.body = std::move(request.body);
    delivery.received_at_ms = clock_.now_ms();
    delivery.next_attempt_at_ms = delivery.received_at_ms;

    bool full = false;
    try {
        store_.write([&](store::StoreTransaction& tx) {
            full = tx.webhook_backlog(connection) >= inbox_limit_;
            if (!full) tx.add_webhook_delivery(delivery);
        });
    } catch (const std::exception& e) {
        logger_.error("webhooks", connection + ": a delivery could not be stored: " + e.what());
        response.set("Retry-After", "30");
        answer(response, connection, 503, error_body("temporarily unable to store the delivery; retry later"));
        return;
    }
    if (full) {
        logger_.warning("webhooks", connection + ": the inbox holds " + std::to_string(inbox_limit_) +
                                        " unprocessed deliveries (server.webhook_inbox_limit); a new one was turned away");
        response.set("Retry-After", "60");
        answer(response, connection, 503, error_body("too many deliveries wait to be processed; retry later"));
        return;
    }
    if (stored_) stored_(connection);
    answer(response, connection, 200, R"({"accepted":true})");
}

}  // namespace ledgersync::api
