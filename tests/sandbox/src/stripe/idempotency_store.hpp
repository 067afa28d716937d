#pragma once
/// Stripe's `Idempotency-Key` (stripe.md §1.3): the first POST with a key stores its status
/// and body once the endpoint begins executing, errors included, and every retry with the same
/// key gets that response again; the same key with other parameters is refused (400
/// idempotency_error), as is the same key on another endpoint; a retry while the first request
/// is still running gets 409. Keys are kept 24 hours (sandbox clock); a request refused before
/// execution (validation, rate limit) leaves no trace, so a corrected retry may reuse its key.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "common/http_message.hpp"

namespace ledgersync::sandbox::stripe {

class IdempotencyStore {
public:
    static constexpr std::int64_t kRetentionMs = 24LL * 3600 * 1000;

    /// What to do with a request carrying a key.
    struct Claim {
        enum class Kind { execute, replay };
        Kind kind = Kind::execute;
        HttpResponse stored;  ///< for replay
    };

    /// Claims `key` for a request to `path` with `fingerprint` (its canonical parameters) at
    /// `now_ms`; throws StripeError for a mismatch (400) or a request still in flight (409).
    Claim claim(const std::string& scope, const std::string& key, const std::string& path,
                const std::string& fingerprint, std::int64_t now_ms);
    /// Stores the response of an executed request.
    void complete(const std::string& scope, const std::string& key, const HttpResponse& response);
    /// Forgets a claim whose request was refused before execution.
    void release(const std::string& scope, const std::string& key);
    void clear();
    std::size_t size() const;

private:
    struct Entry {
        std::string path;
        std::string fingerprint;
        std::int64_t created_ms = 0;
        bool in_flight = true;
        HttpResponse response;
    };
    void prune(std::int64_t now_ms);

    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, Entry> entries_;
};

}  // namespace ledgersync::sandbox::stripe
