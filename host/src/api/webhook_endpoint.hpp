#pragma once
/// POST /webhooks/<connection>: hands the raw request (method, path, headers, body bytes) to the
/// connection's connector, which verifies and decodes it; the records it returns are ingested
/// before the answer, so an acknowledged delivery is never lost.
///
/// Answers: the connector's status (200) once ingested; 404 for an unknown connection or one
/// that takes no webhooks; 413 for a body over the limit; 401 when the connector refuses the
/// delivery (bad signature, malformed payload: class data or auth); 503 when it could not be
/// processed now (the sender retries).

#include <cstdint>
#include <map>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "bus/ingestor.hpp"
#include "plugin/connector_instance.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"

namespace ledgersync::api {

class WebhookEndpoint {
public:
    WebhookEndpoint(std::map<std::string, plugin::ConnectorInstance*> connectors, bus::Ingestor& ingestor,
                    std::int64_t body_limit_bytes, services::Logger& logger, services::MetricsRegistry& metrics);

    /// The route prefix served.
    static constexpr const char* kPrefix = "/webhooks/";

    void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

private:
    void answer(Poco::Net::HTTPServerResponse& response, const std::string& connection, int status,
                const std::string& body, const std::string& content_type = "application/json");

    std::map<std::string, plugin::ConnectorInstance*> connectors_;
    bus::Ingestor& ingestor_;
    std::int64_t body_limit_bytes_;
    services::Logger& logger_;
    services::MetricsRegistry& metrics_;
};

}  // namespace ledgersync::api
