#pragma once
/// The HTTP client the host lends to connectors (services::HttpService), over Poco Net/NetSSL:
/// HTTP/1.1 with keep-alive session reuse, TLS with certificate verification, a deadline per
/// request, each connection's rate budgets, response classification and request metrics.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/plugin_manifest.hpp"
#include "services/clock.hpp"
#include "services/http/rate_limiter.hpp"
#include "services/http/tls_settings.hpp"
#include "services/http_service.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"

namespace Poco::Net {
class HTTPClientSession;
}

namespace ledgersync::services::http {

struct Endpoint;
struct RequestDescription;

/// How the service behaves for every connection.
struct HttpServiceOptions {
    /// Deadline of a request whose sdk::HttpRequest::timeout is zero: connecting, sending and
    /// receiving the whole response must fit in it.
    std::chrono::milliseconds default_timeout = std::chrono::seconds(60);
    /// An idle keep-alive session older than this reconnects instead of being reused. Kept below
    /// the shortest idle timeout common servers use (5 s in Node.js) so that a reused connection
    /// is rarely one the server is closing at that moment.
    std::chrono::milliseconds keep_alive_idle = std::chrono::seconds(4);
    /// Idle sessions kept per (connection, scheme, host, port); the rest are closed.
    std::size_t max_idle_sessions_per_endpoint = 8;
    /// A larger response fails (data) rather than filling memory.
    std::size_t max_response_bytes = std::size_t{64} * 1024 * 1024;
    /// How long a connection holds its budget after a 429 without a readable Retry-After
    /// (QBO documents "wait 60 s").
    std::chrono::milliseconds default_rate_limit_hold = std::chrono::seconds(60);
    /// The hold after a 429 is lengthened by a random fraction of itself, up to this one, so
    /// that hosts and threads held together do not all resume at the same instant.
    double rate_limit_hold_jitter = 0.1;
    RateLimiterOptions limiter;
    /// Trusted roots for every connection (PEM bundle).
    std::filesystem::path ca_file = kSystemCaBundle;
};

/// One connection's settings: the rate budgets its plugin's manifest declares, and its TLS trust.
struct ConnectionHttpSettings {
    /// From PluginManifest::rate_budgets. None declared: the connection is not limited (but a 429
    /// still holds it).
    std::vector<plugin::RateBudget> budgets;
    /// Which budgets a request on a budget also spends. A budget missing here takes its
    /// RateBudget::also_spends (the manifest's), and without one follows the rule:
    /// every budget other than "default" also spends "default" (QBO counts batch calls in its
    /// 500 per minute), so the whole connection never exceeds its default budget. Map a budget
    /// to an empty list when it is counted apart (HubSpot's search limit).
    std::map<std::string, std::vector<std::string>> also_spends;
    /// Certificates trusted for this connection in addition to HttpServiceOptions::ca_file
    /// (PEM): a private CA, or a test server's self-signed certificate.
    std::filesystem::path extra_ca_file;
};

/// A connection's budgets as its RateLimiter takes them: each budget's also_spends from
/// `settings.also_spends`, else its own, else the "also spends default" rule. Throws
/// std::invalid_argument when settings.also_spends names an undeclared budget.
std::vector<BudgetLimits> budget_limits(const ConnectionHttpSettings& settings);

/// Thread-safe: send() may run on many threads at once, for the same or different connections.
///
/// send() returns every response that arrived, whatever its status, classified
/// (http_classification.hpp) with retry_after from Retry-After. It throws sdk::Error when no
/// complete response arrived: transient for timeouts and network failures, fatal for bad URLs
/// and untrusted certificates, rate_limited when the connection's budget stays spent for
/// longer than RateLimiterOptions::max_wait. A rate-limited response (429) holds the budgets
/// the request spent until Retry-After (else default_rate_limit_hold) plus jitter; other
/// connections are unaffected.
///
/// Metrics: ledgersync_http_requests_total{connection,host,method,status} (status is the code,
/// or "error" when no response arrived), ledgersync_http_rate_limited_total{connection},
/// ledgersync_http_wait_milliseconds_total{connection,budget} (time spent waiting for budget),
/// ledgersync_http_in_flight{connection}.
///
/// Never logged: headers, bodies, query strings.
class PocoHttpService final : public HttpService {
public:
    /// `clock` dates Retry-After HTTP-dates; `metrics` and `logger` may be null.
    PocoHttpService(HttpServiceOptions options, const Clock& clock,
                    MetricsRegistry* metrics = nullptr, Logger* logger = nullptr);
    ~PocoHttpService() override;
    PocoHttpService(const PocoHttpService&) = delete;
    PocoHttpService& operator=(const PocoHttpService&) = delete;

    /// Sets (or replaces) the settings of `connection`; send() refuses unconfigured connections.
    /// Requests already under way finish with the settings they started with. Throws
    /// std::invalid_argument naming the problem for an invalid budget set or a missing CA file.
    void configure_connection(const std::string& connection,
                              const ConnectionHttpSettings& settings);

    /// Sends `request` for `connection`, spending its budget `request.budget` ("" = "default").
    sdk::HttpResponse send(std::string_view connection, const sdk::HttpRequest& request) override;

    /// Wakes every request waiting for budget (they fail transient), refuses new ones and closes
    /// idle sessions. Requests already on the wire end by their own deadline. Idempotent.
    void shutdown();

    /// The connections configured so far.
    std::vector<std::string> connections() const;
    /// The recent use of `connection`'s rate budgets (RateLimiter::usage) and the limiter's
    /// change count, so that a caller persisting it writes only what changed.
    std::pair<std::uint64_t, std::vector<RateLimiter::BudgetUse>> budget_use(std::string_view connection) const;
    /// Counts use recorded before a restart in `connection`'s budgets (RateLimiter::restore).
    void restore_budget_use(std::string_view connection, const std::vector<RateLimiter::BudgetUse>& use);

private:
    struct Connection;

    std::shared_ptr<Connection> find_connection(std::string_view name) const;
    /// Blocks until `budget` admits a request of `connection` that counts `cost` times in the
    /// budgets `budget` also spends; counts the wait.
    RateLimiter::Permit wait_for_budget(Connection& connection, const std::string& budget,
                                        std::int64_t cost);
    /// A new session for `endpoint`, with the connection's TLS context for https.
    std::unique_ptr<Poco::Net::HTTPClientSession> open_session(Connection& connection,
                                                               const Endpoint& endpoint);
    /// The connection's TLS context for `host`, built on first use.
    Poco::Net::Context::Ptr tls_context(Connection& connection, const std::string& host);
    /// Classifies `response`, reads its Retry-After, and after a rate-limited one holds the
    /// budget the request spent.
    void finish_response(Connection& connection, const RequestDescription& request,
                         const std::string& budget, sdk::HttpResponse& response);
    std::chrono::milliseconds with_jitter(std::chrono::milliseconds hold);
    void count_request(const Connection& connection, const RequestDescription& request,
                       const std::string& status);
    void adjust_in_flight(Connection& connection, int delta);

    HttpServiceOptions options_;
    const Clock& clock_;
    MetricsRegistry* metrics_;
    Logger* logger_;

    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Connection>, std::less<>> connections_;
    std::atomic<bool> stopped_{false};

    std::mutex jitter_mutex_;
    std::mt19937_64 jitter_random_;
};

}  // namespace ledgersync::services::http
