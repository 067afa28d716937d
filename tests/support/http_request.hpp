#pragma once
/// Minimal HTTP calls for tests, over real sockets (Poco).

#include <map>
#include <string>

namespace ledgersync::testing {

struct HttpResult {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
};

/// Sends `method` `url` with `body`; `url` is "http://host:port/path?query".
HttpResult http_request(const std::string& method, const std::string& url, const std::string& body = {},
                        const std::map<std::string, std::string>& headers = {});

}  // namespace ledgersync::testing
