#include "services/http/poco_http_service.hpp"

#include <algorithm>
#include <cctype>
#include <istream>
#include <ostream>
#include <stdexcept>

#include <Poco/Crypto/Crypto.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/URI.h>

#include "services/http/http_classification.hpp"
#include "services/http/retry_after.hpp"
#include "services/http/session_pool.hpp"

namespace ledgersync::services::http {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view kDefaultBudget = "default";

constexpr const char* kRequestsTotal = "ledgersync_http_requests_total";
constexpr const char* kRateLimitedTotal = "ledgersync_http_rate_limited_total";
constexpr const char* kWaitMillisecondsTotal = "ledgersync_http_wait_milliseconds_total";
constexpr const char* kInFlight = "ledgersync_http_in_flight";

/// Headers the service owns: framing and connection management follow from the body it sends
/// and from its session pool, never from the plugin.
bool is_managed_header(std::string_view name) {
    static constexpr std::string_view kManaged[] = {
        "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te",
        "trailer"};
    return std::any_of(std::begin(kManaged), std::end(kManaged), [&](std::string_view managed) {
        return managed.size() == name.size() &&
               std::equal(managed.begin(), managed.end(), name.begin(), [](char a, char b) {
                   return a == std::tolower(static_cast<unsigned char>(b));
               });
    });
}

bool is_token(std::string_view text) {
    static constexpr std::string_view kTokenSymbols = "!#$%&'*+-.^_`|~";
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               kTokenSymbols.find(c) != std::string_view::npos;
    });
}

/// A request that may be sent twice without a second effect (RFC 9110 §9.2.2), or that carries
/// an idempotency key the server deduplicates on (Stripe).
bool is_idempotent(const sdk::HttpRequest& request) {
    static constexpr std::string_view kIdempotent[] = {"GET",   "HEAD", "OPTIONS",
                                                       "TRACE", "PUT",  "DELETE"};
    const bool by_method = std::find(std::begin(kIdempotent), std::end(kIdempotent),
                                     request.method) != std::end(kIdempotent);
    return by_method || !request.header("Idempotency-Key").empty();
}

/// How a kept-alive connection fails when the server closed it while it sat idle in the pool.
/// The same failures can cut off a request the server did receive, so only idempotent requests
/// are sent again after one.
bool is_stale_connection_failure(const Poco::Exception& failure) {
    return dynamic_cast<const Poco::Net::NoMessageException*>(&failure) != nullptr ||
           dynamic_cast<const Poco::Net::ConnectionResetException*>(&failure) != nullptr ||
           dynamic_cast<const Poco::Net::ConnectionAbortedException*>(&failure) != nullptr ||
           dynamic_cast<const Poco::Net::SSLConnectionUnexpectedlyClosedException*>(&failure) !=
               nullptr;
}

std::string without_query(std::string_view url) {
    return std::string(url.substr(0, url.find_first_of("?#")));
}

sdk::Error bad_request(std::string reason, std::string fix) {
    return sdk::Error(sdk::Outcome::fatal(std::move(reason), std::move(fix)));
}

std::string milliseconds_text(SteadyClock::duration duration) {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count()) +
           " ms";
}

/// Sets the socket timeouts of `session` to what is left until `deadline`, so that connecting,
/// each write and each read all end by the request's deadline.
void arm_timeouts(Poco::Net::HTTPClientSession& session, SteadyClock::time_point deadline) {
    const auto remaining =
        std::chrono::duration_cast<std::chrono::microseconds>(deadline - SteadyClock::now());
    // A zero socket timeout means "wait forever": never arm one.
    if (remaining.count() <= 0)
        throw Poco::TimeoutException("the request's deadline passed");
    const Poco::Timespan span(remaining.count());
    session.setTimeout(span);  // used when the session (re)connects
    if (session.connected()) {
        session.socket().setSendTimeout(span);
        session.socket().setReceiveTimeout(span);
    }
}

/// Where a request is in its exchange: a reused connection failing before any response arrived
/// is the only case worth one more attempt.
enum class Stage { sending, awaiting_response, reading_body };

}  // namespace

// --- internal types --------------------------------------------------------------------------

struct PocoHttpService::Connection {
    Connection(std::string connection_name, std::vector<BudgetLimits> budgets,
               const HttpServiceOptions& options, TlsSettings tls_settings)
        : name(std::move(connection_name)),
          limiter(name, std::move(budgets), options.limiter),
          pool(options.max_idle_sessions_per_endpoint),
          tls(std::move(tls_settings)) {}

    const std::string name;
    RateLimiter limiter;
    SessionPool pool;
    const TlsSettings tls;

    std::mutex tls_mutex;
    std::map<std::string, Poco::Net::Context::Ptr> tls_contexts;  ///< by host name

    std::mutex in_flight_mutex;
    std::int64_t in_flight = 0;
};

namespace {

/// Where a request goes, checked.
struct Target {
    Endpoint endpoint;
    std::string path_and_query;
    RequestDescription description;
};

/// Checks `request` and says where it goes. Throws sdk::Error (fatal): every problem found here
/// is the plugin's, and sending again will not help.
Target resolve_target(const std::string& connection, const sdk::HttpRequest& request) {
    Target target;
    target.description.connection = connection;
    target.description.method = request.method;
    if (!is_token(request.method)) {
        throw bad_request("connection '" + connection +
                              "' sent a request with the invalid method '" + request.method + "'",
                          "Use an HTTP method such as GET or POST.");
    }
    Poco::URI uri;
    try {
        uri = Poco::URI(request.url);
    } catch (const Poco::Exception& e) {
        throw bad_request("connection '" + connection + "' sent a request to an invalid URL '" +
                              without_query(request.url) + "': " + e.displayText(),
                          "Check the base URL in the connection's config.");
    }
    if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty()) {
        throw bad_request("connection '" + connection + "' sent a request to '" +
                              without_query(request.url) +
                              "', which is not an absolute http:// or https:// URL",
                          "Check the base URL in the connection's config.");
    }
    target.endpoint = Endpoint{uri.getScheme(), uri.getHost(), uri.getPort()};
    target.path_and_query = uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery();
    target.description.scheme = target.endpoint.scheme;
    target.description.host = target.endpoint.host;
    target.description.port = target.endpoint.port;
    target.description.path = uri.getPath().empty() ? "/" : uri.getPath();
    for (const auto& [name, value] : request.headers) {
        if (!is_token(name) || value.find_first_of("\r\n") != std::string::npos) {
            throw bad_request(
                target.description.describe() + " has an invalid header '" + name +
                    "' (a name must be a token, a value must not contain line breaks)",
                "Fix the header in the plugin.");
        }
    }
    return target;
}

/// A response read completely, and whether its connection may carry another request.
struct Exchange {
    sdk::HttpResponse response;
    bool keep_alive = false;
};

/// Sends `request` on `session` and reads the whole response by `deadline`, updating `stage` as it
/// goes. Throws Poco::Exception when the network fails (a response cut short included), and
/// sdk::Error (data) for a body over `max_response_bytes`.
Exchange exchange(Poco::Net::HTTPClientSession& session, const sdk::HttpRequest& request,
                  const Target& target, SteadyClock::time_point deadline,
                  std::size_t max_response_bytes, Stage& stage) {
    Poco::Net::HTTPRequest wire(request.method, target.path_and_query,
                                Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : request.headers) {
        if (!is_managed_header(name))
            wire.add(name, value);
    }
    wire.setKeepAlive(true);
    const bool has_body = !request.body.empty() || request.method == "POST" ||
                          request.method == "PUT" || request.method == "PATCH";
    if (has_body)
        wire.setContentLength(static_cast<std::streamsize>(request.body.size()));

    stage = Stage::sending;
    arm_timeouts(session, deadline);
    std::ostream& body_out = session.sendRequest(wire);
    // Without this, a failed write only sets badbit and the request would go out short.
    body_out.exceptions(std::ios::badbit);
    body_out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));

    stage = Stage::awaiting_response;
    arm_timeouts(session, deadline);
    Poco::Net::HTTPResponse reply;
    std::istream& body_in = session.receiveResponse(reply);
    // Likewise: a failed read must throw, not look like the end of the body.
    body_in.exceptions(std::ios::badbit);

    stage = Stage::reading_body;
    Exchange result;
    sdk::HttpResponse& response = result.response;
    response.status = static_cast<int>(reply.getStatus());
    for (const auto& [name, value] : reply)
        response.headers.emplace_back(name, value);
    // One socket read per loop: peek() blocks for the next bytes, readsome() takes what arrived.
    // The deadline then bounds the whole body, not each read.
    char buffer[16384];
    for (;;) {
        arm_timeouts(session, deadline);
        if (body_in.peek() == std::char_traits<char>::eof())
            break;
        const std::streamsize got = body_in.readsome(buffer, sizeof(buffer));
        response.body.append(buffer, static_cast<std::size_t>(got));
        if (response.body.size() > max_response_bytes) {
            throw sdk::Error(sdk::Outcome::data(
                target.description.describe() + " received a response larger than " +
                    std::to_string(max_response_bytes) + " bytes, which the host does not read",
                "Request smaller pages, or raise the host's response size limit."));
        }
    }
    const bool expects_body = request.method != "HEAD" && response.status >= 200 &&
                              response.status != 204 && response.status != 304;
    const auto declared_length = reply.getContentLength64();
    if (expects_body && declared_length != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH &&
        static_cast<std::int64_t>(response.body.size()) < declared_length) {
        throw Poco::Net::ConnectionResetException("the response ended after " +
                                                  std::to_string(response.body.size()) + " of " +
                                                  std::to_string(declared_length) + " bytes");
    }
    result.keep_alive = reply.getKeepAlive();
    return result;
}

}  // namespace

std::vector<BudgetLimits> budget_limits(const ConnectionHttpSettings& settings) {
    const bool has_default =
        std::any_of(settings.budgets.begin(), settings.budgets.end(),
                    [](const plugin::RateBudget& b) { return b.name == kDefaultBudget; });
    std::vector<BudgetLimits> limits;
    for (const auto& budget : settings.budgets) {
        BudgetLimits entry{budget.name,
                           budget.requests,
                           std::chrono::seconds(budget.window_seconds),
                           budget.concurrency,
                           {}};
        const auto explicit_rule = settings.also_spends.find(budget.name);
        if (explicit_rule != settings.also_spends.end()) {
            entry.also_spends = explicit_rule->second;
        } else if (budget.also_spends) {
            entry.also_spends = *budget.also_spends;
        } else if (budget.name != kDefaultBudget && has_default) {
            entry.also_spends = {std::string(kDefaultBudget)};
        }
        limits.push_back(std::move(entry));
    }
    for (const auto& [name, spends] : settings.also_spends) {
        const bool declared =
            std::any_of(settings.budgets.begin(), settings.budgets.end(),
                        [&](const plugin::RateBudget& b) { return b.name == name; });
        if (!declared) {
            throw std::invalid_argument("also_spends names the rate budget '" + name +
                                        "', which is not declared");
        }
    }
    return limits;
}

// --- PocoHttpService -------------------------------------------------------------------------

PocoHttpService::PocoHttpService(HttpServiceOptions options, const Clock& clock,
                                 MetricsRegistry* metrics, Logger* logger)
    : options_(std::move(options)),
      clock_(clock),
      metrics_(metrics),
      logger_(logger),
      jitter_random_(std::random_device{}()) {
    // Only OpenSSL itself, reference-counted. Not Poco::Net::initializeSSL(): its counterpart
    // shuts down the process-wide SSLManager, which other parts of the host may be using.
    Poco::Crypto::initializeCrypto();
}

PocoHttpService::~PocoHttpService() {
    shutdown();
    {
        std::lock_guard lock(mutex_);
        connections_.clear();
    }
    Poco::Crypto::uninitializeCrypto();
}

void PocoHttpService::configure_connection(const std::string& connection,
                                           const ConnectionHttpSettings& settings) {
    std::vector<BudgetLimits> budgets;
    try {
        budgets = budget_limits(settings);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("HTTP settings of connection '" + connection +
                                    "': " + e.what());
    }
    if (!settings.extra_ca_file.empty() &&
        !std::filesystem::is_regular_file(settings.extra_ca_file)) {
        throw std::invalid_argument("HTTP settings of connection '" + connection +
                                    "': the TLS CA file " + settings.extra_ca_file.string() +
                                    " does not exist or is not a file");
    }
    auto entry =
        std::make_shared<Connection>(connection, std::move(budgets), options_,
                                     TlsSettings{options_.ca_file, settings.extra_ca_file});
    std::lock_guard lock(mutex_);
    connections_[connection] = std::move(entry);
}

void PocoHttpService::shutdown() {
    stopped_ = true;
    std::vector<std::shared_ptr<Connection>> connections;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, connection] : connections_)
            connections.push_back(connection);
    }
    for (const auto& connection : connections) {
        connection->limiter.stop();
        connection->pool.close();
    }
}

std::vector<std::string> PocoHttpService::connections() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    for (const auto& [name, connection] : connections_) names.push_back(name);
    return names;
}

std::pair<std::uint64_t, std::vector<RateLimiter::BudgetUse>> PocoHttpService::budget_use(
    std::string_view connection) const {
    const auto found = find_connection(connection);
    const std::uint64_t changes = found->limiter.changes();  // before reading: a change meanwhile shows next time
    return {changes, found->limiter.usage(SteadyClock::now())};
}

void PocoHttpService::restore_budget_use(std::string_view connection,
                                         const std::vector<RateLimiter::BudgetUse>& use) {
    find_connection(connection)->limiter.restore(use, SteadyClock::now());
}

std::shared_ptr<PocoHttpService::Connection> PocoHttpService::find_connection(
    std::string_view name) const {
    std::lock_guard lock(mutex_);
    const auto found = connections_.find(name);
    if (found == connections_.end()) {
        throw bad_request(
            "connection '" + std::string(name) +
                "' has no HTTP settings, so its request was not sent",
            "The host must call PocoHttpService::configure_connection for every connection before "
            "its plugin runs; this is a bug in the host.");
    }
    return found->second;
}

sdk::HttpResponse PocoHttpService::send(std::string_view connection_name,
                                        const sdk::HttpRequest& request) {
    if (stopped_) {
        throw sdk::Error(sdk::Outcome::transient(
            "the HTTP service is shutting down; the request of connection '" +
            std::string(connection_name) + "' was not sent"));
    }
    const std::shared_ptr<Connection> connection = find_connection(connection_name);
    const Target target = resolve_target(connection->name, request);
    const std::string budget =
        request.budget.empty() ? std::string(kDefaultBudget) : request.budget;
    const std::chrono::milliseconds timeout =
        request.timeout.count() > 0 ? request.timeout : options_.default_timeout;
    const std::string component = "http[" + connection->name + "]";

    for (int attempt = 1;; ++attempt) {
        // A second attempt spends budget again: the server may have counted the first.
        RateLimiter::Permit permit = wait_for_budget(*connection, budget, request.cost);
        adjust_in_flight(*connection, +1);
        struct InFlightRelease {
            PocoHttpService& service;
            Connection& connection;
            ~InFlightRelease() { service.adjust_in_flight(connection, -1); }
        } in_flight_release{*this, *connection};

        const auto started = SteadyClock::now();
        std::unique_ptr<Poco::Net::HTTPClientSession> session =
            connection->pool.take(target.endpoint);
        const bool reused = session != nullptr;
        Stage stage = Stage::sending;
        clear_certificate_rejection_on_this_thread();
        try {
            if (!session)
                session = open_session(*connection, target.endpoint);
            Exchange result = exchange(*session, request, target, started + timeout,
                                       options_.max_response_bytes, stage);
            if (result.keep_alive)
                connection->pool.put(target.endpoint, std::move(session));
            count_request(*connection, target.description, std::to_string(result.response.status));
            finish_response(*connection, target.description, budget, result.response);
            if (logger_ != nullptr && logger_->enabled(LogLevel::debug)) {
                logger_->debug(component, request.method + " " + target.description.origin() +
                                              target.description.path + " -> " +
                                              std::to_string(result.response.status) + " in " +
                                              milliseconds_text(SteadyClock::now() - started));
            }
            return std::move(result.response);
        } catch (const Poco::Exception& failure) {
            session.reset();  // its state is unknown: never reuse it
            if (attempt == 1 && reused && stage != Stage::reading_body &&
                is_stale_connection_failure(failure) && is_idempotent(request)) {
                if (logger_ != nullptr) {
                    logger_->debug(component, "the server closed a kept-alive connection to " +
                                                  target.description.origin() +
                                                  "; sending again on a new one");
                }
                continue;
            }
            count_request(*connection, target.description, "error");
            throw classify_transport_failure(failure, target.description,
                                             certificate_rejection_on_this_thread(), timeout);
        } catch (const sdk::Error&) {
            count_request(*connection, target.description, "error");
            throw;
        } catch (const std::exception& failure) {
            // An unreadable CA file met when the TLS context was built, or anything else not
            // from Poco: not a network problem, so not worth retrying.
            count_request(*connection, target.description, "error");
            throw sdk::Error(
                sdk::Outcome::fatal(target.description.describe() + " failed: " + failure.what()));
        }
    }
}

RateLimiter::Permit PocoHttpService::wait_for_budget(Connection& connection,
                                                     const std::string& budget, std::int64_t cost) {
    const auto started = SteadyClock::now();
    const auto record_wait = [&] {
        if (metrics_ == nullptr)
            return;
        const auto waited =
            std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
        metrics_->add(kWaitMillisecondsTotal, {{"connection", connection.name}, {"budget", budget}},
                      waited.count(),
                      "Milliseconds requests waited for their connection's rate budget");
    };
    try {
        RateLimiter::Permit permit = connection.limiter.acquire(budget, cost);
        record_wait();
        return permit;
    } catch (...) {
        record_wait();
        throw;
    }
}

Poco::Net::Context::Ptr PocoHttpService::tls_context(Connection& connection,
                                                     const std::string& host) {
    std::lock_guard lock(connection.tls_mutex);
    auto found = connection.tls_contexts.find(host);
    if (found != connection.tls_contexts.end())
        return found->second;
    Poco::Net::Context::Ptr context = make_tls_client_context(connection.tls, host);
    connection.tls_contexts.emplace(host, context);
    return context;
}

std::unique_ptr<Poco::Net::HTTPClientSession> PocoHttpService::open_session(
    Connection& connection, const Endpoint& endpoint) {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (endpoint.scheme == "https") {
        // Always with an explicit context: the constructors without one use the SSLManager's
        // process-wide default context and its certificate handler.
        session = std::make_unique<Poco::Net::HTTPSClientSession>(
            endpoint.host, endpoint.port, tls_context(connection, endpoint.host));
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(endpoint.host, endpoint.port);
    }
    session->setKeepAlive(true);
    session->setKeepAliveTimeout(Poco::Timespan(
        std::chrono::duration_cast<std::chrono::microseconds>(options_.keep_alive_idle).count()));
    return session;
}

void PocoHttpService::finish_response(Connection& connection, const RequestDescription& request,
                                      const std::string& budget, sdk::HttpResponse& response) {
    std::optional<std::chrono::milliseconds> retry_after;
    const std::string retry_after_text = response.header("Retry-After");
    if (response.status >= 400 && !retry_after_text.empty()) {
        retry_after = parse_retry_after(retry_after_text, clock_.now_ms());
    }
    response.retry_after = retry_after.value_or(std::chrono::milliseconds(0));
    response.classified =
        classify_response(response.status, response.body, retry_after.has_value());
    if (response.classified != sdk::OutcomeClass::rate_limited)
        return;

    if (metrics_ != nullptr) {
        metrics_->add(kRateLimitedTotal, {{"connection", connection.name}}, 1,
                      "Responses that said the connection is rate limited (429)");
    }
    const auto hold = with_jitter(retry_after.value_or(options_.default_rate_limit_hold));
    connection.limiter.hold(budget, SteadyClock::now() + hold);
    if (logger_ != nullptr) {
        logger_->warning(
            "http[" + connection.name + "]",
            std::to_string(response.status) + " from " + request.origin() +
                ": rate limited; holding the connection's requests on budget '" + budget +
                "' for " + std::to_string(hold.count()) + " ms" +
                (retry_after ? " (Retry-After " + std::to_string(retry_after->count()) + " ms)"
                             : " (no Retry-After; default hold)"));
    }
}

std::chrono::milliseconds PocoHttpService::with_jitter(std::chrono::milliseconds hold) {
    if (options_.rate_limit_hold_jitter <= 0 || hold.count() <= 0)
        return hold;
    std::uniform_real_distribution<double> fraction(0.0, options_.rate_limit_hold_jitter);
    std::lock_guard lock(jitter_mutex_);
    return hold + std::chrono::milliseconds(static_cast<std::int64_t>(
                      static_cast<double>(hold.count()) * fraction(jitter_random_)));
}

void PocoHttpService::count_request(const Connection& connection, const RequestDescription& request,
                                    const std::string& status) {
    if (metrics_ == nullptr)
        return;
    metrics_->add(
        kRequestsTotal,
        {{"connection", connection.name},
         {"host", request.host},
         {"method", request.method},
         {"status", status}},
        1, "HTTP requests sent for connections, by response status (\"error\": no response)");
}

void PocoHttpService::adjust_in_flight(Connection& connection, int delta) {
    // Under the lock so that the gauge is set in the same order the count changes.
    std::lock_guard lock(connection.in_flight_mutex);
    connection.in_flight += delta;
    if (metrics_ != nullptr) {
        metrics_->set(kInFlight, {{"connection", connection.name}}, connection.in_flight,
                      "HTTP requests of a connection currently in flight");
    }
}

}  // namespace ledgersync::services::http
