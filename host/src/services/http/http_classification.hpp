#pragma once
/// How the host classifies what came back from an HTTP request (docs/sdk.md, "Outcomes"): a
/// response by its status, and a failure to get any response by what went wrong. Connectors get
/// the classification as a default and may refine it from the body (a QBO fault code, a Stripe
/// error type).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <ledgersync/sdk/outcome.hpp>

namespace Poco {
class Exception;
}

namespace ledgersync::services::http {

/// The class of a response:
/// - 2xx, and 304 (a conditional request's "unchanged"): ok;
/// - 429, and 403 whose body carries QBO's "ThrottleExceeded" (QBO answered throttles with 403
///   before it used 429): rate_limited;
/// - 401: auth;
/// - 408, 423 (HubSpot: locked for ~2 s), 425, 5xx: transient;
/// - any other status that came with a readable Retry-After (HubSpot's 477 "migration in
///   progress"): transient, since the server says when to come back;
/// - every other 4xx, other 3xx (the host follows no redirects) and 1xx: data.
sdk::OutcomeClass classify_response(int status, std::string_view body, bool has_retry_after);

/// Names the request in messages: "GET https://api.example.com:443/v3/invoices for connection
/// 'qbo'". Never the query string (it may carry a token) nor headers or body.
struct RequestDescription {
    std::string connection;
    std::string method;
    std::string scheme;
    std::string host;
    std::uint16_t port = 0;
    std::string path;

    std::string origin() const;    ///< "https://host:port"
    std::string describe() const;  ///< "GET https://host:port/path for connection 'qbo'"
};

/// The error to throw when `failure` stopped a request before a complete response arrived:
/// - a TLS certificate the host does not trust (`certificate_rejection` names why; see
///   tls_settings.hpp), or any other TLS handshake failure: fatal, naming the host and reason;
/// - timeout, refused, reset, closed early, name resolution failure, malformed response:
///   transient;
/// - anything else Poco reports: fatal.
sdk::Error classify_transport_failure(const Poco::Exception& failure,
                                      const RequestDescription& request,
                                      std::string_view certificate_rejection,
                                      std::chrono::milliseconds timeout);

}  // namespace ledgersync::services::http
