#include "api/webhook_endpoint.hpp"

#include <istream>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::api {

namespace {

std::string error_body(const std::string& message) { return nlohmann::json{{"error", message}}.dump(); }

}  // namespace

WebhookEndpoint::WebhookEndpoint(std::map<std::string, plugin::ConnectorInstance*> connectors, bus::Ingestor& ingestor,
                                 std::int64_t body_limit_bytes, services::Logger& logger,
                                 services::MetricsRegistry& metrics)
    : connectors_(std::move(connectors)),
      ingestor_(ingestor),
      body_limit_bytes_(body_limit_bytes),
      logger_(logger),
      metrics_(metrics) {}

void WebhookEndpoint::answer(Poco::Net::HTTPServerResponse& response, const std::string& connection, int status,
                             const std::string& body, const std::string& content_type) {
    metrics_.add("ledgersync_webhooks_total", {{"connection", connection}, {"status", std::to_string(status)}}, 1,
                 "Webhook deliveries received, by answer");
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(content_type);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
}

void WebhookEndpoint::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const std::string uri = request.getURI();
    const std::string path = uri.substr(0, uri.find('?'));
    const std::string connection = path.substr(std::string(kPrefix).size());
    const auto found = connectors_.find(connection);
    if (found == connectors_.end()) {
        answer(response, "unknown", 404, error_body("no connection named '" + connection + "' takes webhooks here"));
        return;
    }
    if (request.hasContentLength() && request.getContentLength64() > body_limit_bytes_) {
        answer(response, connection, 413,
               error_body("body of " + std::to_string(request.getContentLength64()) + " bytes exceeds the limit of " +
                          std::to_string(body_limit_bytes_) + " (server.webhook_body_limit_bytes)"));
        return;
    }
    sdk::HttpRequest hook;
    hook.method = request.getMethod();
    hook.url = uri;
    for (const auto& [name, value] : request) hook.headers.emplace_back(name, value);
    // Read at most limit + 1 bytes: a chunked body over the limit is refused without storing it.
    std::istream& in = request.stream();
    char buffer[16 * 1024];
    while (in && static_cast<std::int64_t>(hook.body.size()) <= body_limit_bytes_) {
        in.read(buffer, sizeof buffer);
        hook.body.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    if (static_cast<std::int64_t>(hook.body.size()) > body_limit_bytes_) {
        answer(response, connection, 413, error_body("body exceeds the limit of " + std::to_string(body_limit_bytes_) +
                                                     " bytes (server.webhook_body_limit_bytes)"));
        return;
    }
    plugin::ConnectorInstance& connector = *found->second;
    try {
        sdk::WebhookResult result = connector.webhook(hook);
        const auto count = result.records.size();
        ingestor_.ingest_records(connection, connector.plugin().id(), std::move(result.records),
                                 std::move(result.untranslated));
        logger_.debug("webhooks", connection + ": " + std::to_string(count) + " record(s) ingested");
        answer(response, connection, result.response_status == 0 ? 200 : result.response_status,
               result.response_body.empty() ? std::string("{}") : result.response_body);
    } catch (const sdk::Unsupported& e) {
        answer(response, connection, 404, error_body(std::string("this connection takes no webhooks: ") + e.what()));
    } catch (const sdk::Error& e) {
        const auto kind = e.outcome().kind;
        if (kind == sdk::OutcomeClass::data || kind == sdk::OutcomeClass::auth) {
            logger_.warning("webhooks", connection + ": delivery refused: " + e.outcome().reason);
            answer(response, connection, 401, error_body(e.outcome().reason));
        } else {
            logger_.warning("webhooks", connection + ": delivery not processed now (" +
                                            std::string(sdk::to_string(kind)) + "): " + e.outcome().reason);
            answer(response, connection, 503, error_body(e.outcome().reason));
        }
    } catch (const std::exception& e) {
        // The records could not be stored: make the sender retry rather than lose them.
        logger_.error("webhooks", connection + ": " + e.what());
        answer(response, connection, 503, error_body("temporarily unable to store the delivery; retry later"));
    }
}

}  // namespace ledgersync::api
