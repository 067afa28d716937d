#pragma once
/// One API request as the sandbox observed it; the request log keeps these and the counters
/// are computed from them.

#include <cstdint>
#include <string>

namespace ledgersync::sandbox {

/// What became of a request.
enum class RequestOutcome {
    answered,              ///< the emulator's own response was sent
    replayed,              ///< a stored response was sent again (idempotent retry)
    throttled,             ///< refused by the rate limits (429)
    injected_error,        ///< fault injection answered with an error status
    dropped,               ///< fault injection closed the connection before processing
    dropped_after_commit,  ///< processed and committed, then the connection was closed unanswered
};

const char* to_string(RequestOutcome outcome);

struct RequestRecord {
    std::uint64_t seq = 0;     ///< assigned by the log, increasing
    std::int64_t time_ms = 0;  ///< sandbox clock when the request arrived
    std::string api;           ///< "qbo"
    std::string realm;         ///< the account the request addressed ("" when none)
    std::string method;
    std::string path;       ///< path and query as sent
    std::string endpoint;   ///< path template, e.g. "GET /v3/company/{realmId}/invoice/{id}"
    std::string requestid;  ///< the idempotency key the client sent, if any
    std::string family;     ///< API family of the endpoint ("search"), "" when ungrouped
    int status = 0;         ///< 0 when no response was sent
    RequestOutcome outcome = RequestOutcome::answered;
    std::int64_t duration_ms = 0;
    int batch_items = 0;  ///< items in a batch request, 0 otherwise
};

}  // namespace ledgersync::sandbox
