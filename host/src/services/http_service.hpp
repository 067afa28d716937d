#pragma once
/// The HTTP client lent to connectors: one place for TLS settings, rate limits and API-call
/// metrics. Implementations throw sdk::Error (transient or fatal) when no response arrived.

#include <string_view>

#include <ledgersync/sdk/http.hpp>

namespace ledgersync::services {

class HttpService {
public:
    virtual ~HttpService() = default;
    /// Sends `request` on behalf of `connection`, spending its rate budget `request.budget`.
    virtual sdk::HttpResponse send(std::string_view connection, const sdk::HttpRequest& request) = 0;
};

}  // namespace ledgersync::services
