#pragma once
/// HTTP request and response as plugins see them. Plugins never open sockets themselves: they
/// ask the host (HostServices::http), which applies TLS settings, rate limits and metrics.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledgersync/abi.h"
#include "ledgersync/sdk/bytes.hpp"
#include "ledgersync/sdk/outcome.hpp"

namespace ledgersync::sdk {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// Case-insensitive header lookup; empty when absent.
inline std::string find_header(const HttpHeaders& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size() &&
            std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            })) {
            return value;
        }
    }
    return {};
}

/// An outgoing request, or an incoming webhook (then `url` is the path and query).
struct HttpRequest {
    std::string method = "GET";
    std::string url;
    HttpHeaders headers;
    std::string body;
    /// Zero means the host's default timeout.
    std::chrono::milliseconds timeout{0};
    /// Rate-limit budget to spend (declared in the manifest); empty means the default one.
    std::string budget;
    /// How many requests this call counts as in the budgets `budget` also spends (a batch: its
    /// item count); `budget` itself counts it once. ABI 1.2; older hosts count 1.
    std::uint32_t cost = 1;

    std::string header(std::string_view name) const { return find_header(headers, name); }
};

/// A response received by the host's HTTP service.
struct HttpResponse {
    int status = 0;
    /// The host's classification of the status (ok, transient, rate_limited, auth, data).
    OutcomeClass classified = OutcomeClass::ok;
    /// From Retry-After when the host could read it.
    std::chrono::milliseconds retry_after{0};
    HttpHeaders headers;
    std::string body;

    std::string header(std::string_view name) const { return find_header(headers, name); }
};

/// An HttpRequest laid out as the ABI's ls_http_request. Borrows from `request`, which must
/// outlive it.
class WireHttpRequest {
public:
    explicit WireHttpRequest(const HttpRequest& request) {
        headers_.reserve(request.headers.size());
        for (const auto& [name, value] : request.headers) headers_.push_back({to_bytes(name), to_bytes(value)});
        wire_.struct_size = sizeof(ls_http_request);
        wire_.method = to_bytes(request.method);
        wire_.url = to_bytes(request.url);
        wire_.headers = headers_.data();
        wire_.header_count = headers_.size();
        wire_.body = to_bytes(request.body);
        wire_.timeout_ms = static_cast<std::uint32_t>(request.timeout.count());
        wire_.budget = to_bytes(request.budget);
        wire_.cost = request.cost;
    }
    WireHttpRequest(const WireHttpRequest&) = delete;
    WireHttpRequest& operator=(const WireHttpRequest&) = delete;

    const ls_http_request* get() const noexcept { return &wire_; }

private:
    std::vector<ls_header> headers_;
    ls_http_request wire_{};
};

/// Copies an ls_http_request (of any ABI minor) into an HttpRequest.
inline HttpRequest from_wire(const ls_http_request& wire) {
    HttpRequest request;
    request.method.assign(to_view(wire.method));
    request.url.assign(to_view(wire.url));
    for (std::size_t i = 0; i < wire.header_count; ++i) {
        request.headers.emplace_back(std::string(to_view(wire.headers[i].name)),
                                     std::string(to_view(wire.headers[i].value)));
    }
    request.body.assign(to_view(wire.body));
    if (LS_SIZE_COVERS(wire.struct_size, ls_http_request, timeout_ms)) request.timeout = std::chrono::milliseconds(wire.timeout_ms);
    if (LS_SIZE_COVERS(wire.struct_size, ls_http_request, budget)) request.budget.assign(to_view(wire.budget));
    if (LS_SIZE_COVERS(wire.struct_size, ls_http_request, cost) && wire.cost > 0) request.cost = wire.cost;
    return request;
}

}  // namespace ledgersync::sdk
