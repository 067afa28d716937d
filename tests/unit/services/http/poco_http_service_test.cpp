#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <sstream>
#include <thread>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include "local_http_server.hpp"
#include "services/http/poco_http_service.hpp"

namespace ledgersync::services::http {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::LocalHttpServer;
using ::testing::Not;
using testing::ObservedRequest;
using testing::Reply;
using Clock = std::chrono::steady_clock;

Reply ok(std::string body = "ok") {
    return Reply{200, std::move(body), {}, false};
}

HttpServiceOptions fast_options() {
    HttpServiceOptions options;
    options.default_timeout = 5s;
    options.limiter.window_margin = 100ms;
    options.limiter.max_wait = 20s;
    return options;
}

sdk::HttpRequest get(const std::string& url, std::string budget = {}) {
    sdk::HttpRequest request;
    request.method = "GET";
    request.url = url;
    request.budget = std::move(budget);
    return request;
}

/// The outcome class of the sdk::Error `send` throws; fails the test when it returns.
sdk::Outcome failure_of(PocoHttpService& service, const std::string& connection,
                        const sdk::HttpRequest& request) {
    try {
        const auto response = service.send(connection, request);
        ADD_FAILURE() << "expected sdk::Error, got status " << response.status;
    } catch (const sdk::Error& e) {
        return e.outcome();
    }
    return sdk::Outcome::ok("none");
}

std::uint16_t closed_port() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto port = socket.address().port();
    socket.close();
    return port;
}

/// Fails unless at most `limit` of `starts` fall in any window [t, t + window).
void expect_at_most_per_sliding_window(std::vector<Clock::time_point> starts, std::size_t limit,
                                       std::chrono::milliseconds window, const std::string& what) {
    std::sort(starts.begin(), starts.end());
    for (std::size_t i = 0; i < starts.size(); ++i) {
        const auto end = std::lower_bound(starts.begin() + static_cast<std::ptrdiff_t>(i),
                                          starts.end(), starts[i] + window);
        const auto in_window =
            static_cast<std::size_t>(end - (starts.begin() + static_cast<std::ptrdiff_t>(i)));
        EXPECT_LE(in_window, limit) << what << ": " << in_window << " requests started within "
                                    << window.count() << " ms of request " << i;
    }
}

std::vector<Clock::time_point> start_times(const std::vector<ObservedRequest>& requests,
                                           const std::string& uri_prefix = "/") {
    std::vector<Clock::time_point> starts;
    for (const auto& request : requests) {
        if (request.uri.rfind(uri_prefix, 0) == 0)
            starts.push_back(request.started);
    }
    return starts;
}

class PocoHttpServiceTest : public ::testing::Test {
protected:
    SystemClock clock_;
    MetricsRegistry metrics_;
};

TEST_F(PocoHttpServiceTest, returns_status_headers_and_body_of_any_response) {
    LocalHttpServer server([](const ObservedRequest&) {
        return Reply{404, R"({"message":"no such invoice"})", {{"X-Request-Id", "r-17"}}, false};
    });
    PocoHttpService service(fast_options(), clock_, &metrics_);
    service.configure_connection("qbo", {});

    sdk::HttpRequest request;
    request.method = "POST";
    request.url = server.url("/v3/invoice?minorversion=75");
    request.headers = {{"Content-Type", "application/json"}, {"X-Custom", "yes"}};
    request.body = R"({"Line":[]})";
    const auto response = service.send("qbo", request);

    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.classified, sdk::OutcomeClass::data);
    EXPECT_EQ(response.body, R"({"message":"no such invoice"})");
    EXPECT_EQ(response.header("x-request-id"), "r-17");
    ASSERT_EQ(server.requests().size(), 1u);
    const auto seen = server.requests().front();
    EXPECT_EQ(seen.method, "POST");
    EXPECT_EQ(seen.uri, "/v3/invoice?minorversion=75");
    EXPECT_EQ(seen.body, R"({"Line":[]})");
    EXPECT_EQ(seen.headers.get("X-Custom", ""), "yes");
    EXPECT_EQ(seen.headers.get("Content-Length", ""), "11");
}

TEST_F(PocoHttpServiceTest, reuses_one_kept_alive_connection_for_sequential_requests) {
    LocalHttpServer server([](const ObservedRequest&) { return ok(); });
    PocoHttpService service(fast_options(), clock_);
    service.configure_connection("qbo", {});
    for (int i = 0; i < 5; ++i)
        ASSERT_EQ(service.send("qbo", get(server.url("/ping"))).status, 200);

    std::set<std::string> connections;
    for (const auto& seen : server.requests())
        connections.insert(seen.client);
    EXPECT_EQ(server.requests().size(), 5u);
    EXPECT_EQ(connections.size(), 1u) << "every request should reuse the first connection";
}

TEST_F(PocoHttpServiceTest, reads_large_chunked_bodies_completely) {
    const std::string large(3 * 1024 * 1024 + 7, 'x');
    LocalHttpServer server([&](const ObservedRequest&) { return Reply{200, large, {}, true}; });
    PocoHttpService service(fast_options(), clock_);
    service.configure_connection("qbo", {});
    const auto response = service.send("qbo", get(server.url("/report")));
    EXPECT_EQ(response.body.size(), large.size());
    EXPECT_EQ(response.body, large);
}

TEST_F(PocoHttpServiceTest, refuses_a_response_larger_than_the_limit) {
    LocalHttpServer server([](const ObservedRequest&) { return ok(std::string(4096, 'x')); });
    auto options = fast_options();
    options.max_response_bytes = 1000;
    PocoHttpService service(options, clock_);
    service.configure_connection("qbo", {});
    const auto failure = failure_of(service, "qbo", get(server.url("/big")));
    EXPECT_EQ(failure.kind, sdk::OutcomeClass::data);
    EXPECT_THAT(failure.reason, HasSubstr("larger than 1000 bytes"));
}

TEST_F(PocoHttpServiceTest, a_slow_server_times_out_as_transient_within_the_request_timeout) {
    LocalHttpServer* server_ref = nullptr;
    LocalHttpServer server([&](const ObservedRequest&) {
        server_ref->pause(10s);
        return ok();
    });
    server_ref = &server;
    PocoHttpService service(fast_options(), clock_, &metrics_);
    service.configure_connection("qbo", {});
    auto request = get(server.url("/slow?token=query-secret"));
    request.timeout = 300ms;

    const auto started = Clock::now();
    const auto failure = failure_of(service, "qbo", request);
    const auto took = Clock::now() - started;
    server.release_handlers();

    EXPECT_EQ(failure.kind, sdk::OutcomeClass::transient);
    EXPECT_THAT(failure.reason, AllOf(HasSubstr("timed out"), HasSubstr("300 ms"),
                                      HasSubstr("/slow"), Not(HasSubstr("query-secret"))));
    EXPECT_GE(took, 290ms);
    EXPECT_EQ(
        metrics_.value(
            "ledgersync_http_requests_total",
            {{"connection", "qbo"}, {"host", "127.0.0.1"}, {"method", "GET"}, {"status", "error"}}),
        1);
}

TEST_F(PocoHttpServiceTest, a_refused_connection_is_transient) {
    PocoHttpService service(fast_options(), clock_);
    service.configure_connection("qbo", {});
    const auto failure = failure_of(
        service, "qbo", get("http://127.0.0.1:" + std::to_string(closed_port()) + "/v3/invoice"));
    EXPECT_EQ(failure.kind, sdk::OutcomeClass::transient);
    EXPECT_THAT(failure.reason, AllOf(HasSubstr("refused"), HasSubstr("connection 'qbo'")));
}

TEST_F(PocoHttpServiceTest, bad_urls_methods_headers_and_unknown_connections_are_fatal) {
    PocoHttpService service(fast_options(), clock_);
    service.configure_connection("qbo", {});
    EXPECT_EQ(failure_of(service, "qbo", get("ftp://example.com/file")).kind,
              sdk::OutcomeClass::fatal);
    EXPECT_EQ(failure_of(service, "qbo", get("/relative/path")).kind, sdk::OutcomeClass::fatal);
    EXPECT_EQ(failure_of(service, "qbo", get("http://exa mple.com:notaport/")).kind,
              sdk::OutcomeClass::fatal);

    auto bad_method = get("http://127.0.0.1:1/");
    bad_method.method = "GET /evil";
    EXPECT_EQ(failure_of(service, "qbo", bad_method).kind, sdk::OutcomeClass::fatal);

    auto injected = get("http://127.0.0.1:1/");
    injected.headers = {{"X-Note", "a\r\nX-Injected: 1"}};
    EXPECT_EQ(failure_of(service, "qbo", injected).kind, sdk::OutcomeClass::fatal);

    const auto unknown = failure_of(service, "stripe", get("http://127.0.0.1:1/"));
    EXPECT_EQ(unknown.kind, sdk::OutcomeClass::fatal);
    EXPECT_THAT(unknown.reason, HasSubstr("connection 'stripe' has no HTTP settings"));
}

TEST_F(PocoHttpServiceTest, a_429_holds_that_connection_until_retry_after_and_leaves_others_alone) {
    std::atomic<bool> limited_once{false};
    LocalHttpServer server([&](const ObservedRequest& seen) {
        if (seen.uri == "/limited" && !limited_once.exchange(true)) {
            return Reply{429, R"({"error":"rate limit"})", {{"Retry-After", "1"}}, false};
        }
        return ok();
    });
    PocoHttpService service(fast_options(), clock_, &metrics_);
    service.configure_connection("qbo-a", {});
    service.configure_connection("qbo-b", {});

    const auto limited = service.send("qbo-a", get(server.url("/limited")));
    const auto limited_at = Clock::now();
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.classified, sdk::OutcomeClass::rate_limited);
    EXPECT_EQ(limited.retry_after, 1000ms);
    EXPECT_EQ(metrics_.value("ledgersync_http_rate_limited_total", {{"connection", "qbo-a"}}), 1);

    // qbo-a's next request is held for the second; qbo-b's goes out meanwhile.
    auto held_request = std::async(std::launch::async, [&] { return service.send("qbo-a", get(server.url("/after"))); });
    service.send("qbo-b", get(server.url("/other")));
    EXPECT_EQ(held_request.wait_for(0ms), std::future_status::timeout)
        << "qbo-b waited for qbo-a's hold: another connection must not wait";

    EXPECT_EQ(held_request.get().status, 200);
    EXPECT_GE(Clock::now() - limited_at, 990ms) << "Retry-After: 1 must hold the connection for a second";
}

TEST_F(PocoHttpServiceTest,
       a_429_without_retry_after_holds_for_the_default_and_a_qbo_throttle_403_counts_too) {
    std::atomic<int> calls{0};
    LocalHttpServer server([&](const ObservedRequest&) {
        if (++calls == 1)
            return Reply{
                403, "message=ThrottleExceeded; errorCode=003001; statusCode=403", {}, false};
        return ok();
    });
    auto options = fast_options();
    options.default_rate_limit_hold = 400ms;
    options.rate_limit_hold_jitter = 0;
    PocoHttpService service(options, clock_, &metrics_);
    service.configure_connection("qbo", {});

    const auto throttled = service.send("qbo", get(server.url("/query")));
    const auto throttled_at = Clock::now();
    EXPECT_EQ(throttled.classified, sdk::OutcomeClass::rate_limited);
    EXPECT_EQ(throttled.retry_after, 0ms) << "the server did not say";
    service.send("qbo", get(server.url("/query")));
    EXPECT_GE(Clock::now() - throttled_at, 390ms);
    EXPECT_EQ(metrics_.value("ledgersync_http_rate_limited_total", {{"connection", "qbo"}}), 1);
}

TEST_F(PocoHttpServiceTest, never_starts_more_than_n_per_sliding_window_nor_more_than_c_at_once) {
    LocalHttpServer* server_ref = nullptr;
    LocalHttpServer server([&](const ObservedRequest&) {
        server_ref->pause(40ms);
        return ok();
    });
    server_ref = &server;
    PocoHttpService service(fast_options(), clock_, &metrics_);
    ConnectionHttpSettings settings;
    settings.budgets = {{"default", 8, 1, 3}};
    service.configure_connection("qbo", settings);

    std::atomic<int> failures{0};
    const auto send_from_threads = [&](int threads, int each) {
        std::vector<std::thread> senders;
        for (int t = 0; t < threads; ++t) {
            senders.emplace_back([&] {
                for (int i = 0; i < each; ++i) {
                    if (service.send("qbo", get(server.url("/query"))).status != 200)
                        ++failures;
                }
            });
        }
        for (auto& sender : senders)
            sender.join();
    };
    // A full window's worth, then more from mid-window on: whichever instant a fixed-bucket
    // limiter would reset at, it would let a second eight start within a second of the first.
    const auto started = Clock::now();
    send_from_threads(8, 1);
    std::this_thread::sleep_until(started + 500ms);
    send_from_threads(8, 2);
    const auto took = Clock::now() - started;

    EXPECT_EQ(failures, 0);
    ASSERT_EQ(server.requests().size(), 24u);
    expect_at_most_per_sliding_window(start_times(server.requests()), 8, 1000ms, "default budget");
    EXPECT_LE(server.max_in_flight(), 3);
    // 24 requests at 8 per window need two full windows before the last eight may start.
    EXPECT_GE(took, 2000ms);
    EXPECT_GT(metrics_.value("ledgersync_http_wait_milliseconds_total",
                             {{"connection", "qbo"}, {"budget", "default"}}),
              1000);
}

TEST_F(PocoHttpServiceTest, the_batch_budget_is_limited_on_its_own) {
    LocalHttpServer server([](const ObservedRequest&) { return ok(); });
    PocoHttpService service(fast_options(), clock_);
    ConnectionHttpSettings settings;
    settings.budgets = {{"default", 20, 1, 0}, {"batch", 2, 1, 0}};
    service.configure_connection("qbo", settings);

    const auto first = Clock::now();
    service.send("qbo", get(server.url("/batch/1"), "batch"));
    service.send("qbo", get(server.url("/batch/2"), "batch"));
    auto third = std::async(std::launch::async, [&] {
        return service.send("qbo", get(server.url("/batch/3"), "batch"));
    });
    service.send("qbo", get(server.url("/query")));
    EXPECT_EQ(third.wait_for(0ms), std::future_status::timeout)
        << "the default request waited as long as the third batch call: it must not wait for the batch budget";
    EXPECT_EQ(third.get().status, 200);
    EXPECT_GE(Clock::now() - first, 1000ms) << "the third batch call waits for the batch window";
    expect_at_most_per_sliding_window(start_times(server.requests(), "/batch"), 2, 1000ms,
                                      "batch budget");
}

TEST_F(PocoHttpServiceTest, batch_requests_also_spend_the_default_budget) {
    LocalHttpServer server([](const ObservedRequest&) { return ok(); });
    PocoHttpService service(fast_options(), clock_);
    ConnectionHttpSettings settings;
    settings.budgets = {{"default", 3, 1, 0}, {"batch", 10, 1, 0}};
    service.configure_connection("qbo", settings);

    const auto first = Clock::now();
    for (int i = 0; i < 3; ++i)
        service.send("qbo", get(server.url("/batch"), "batch"));
    service.send("qbo", get(server.url("/query")));
    EXPECT_GE(Clock::now() - first, 1000ms) << "three batch calls spent the default budget of 3";
    expect_at_most_per_sliding_window(start_times(server.requests()), 3, 1000ms, "default budget");
}

TEST_F(PocoHttpServiceTest, a_budget_mapped_to_no_also_spends_is_counted_apart) {
    LocalHttpServer server([](const ObservedRequest&) { return ok(); });
    PocoHttpService service(fast_options(), clock_);
    ConnectionHttpSettings settings;
    settings.budgets = {{"default", 3, 1, 0}, {"search", 10, 1, 0}, {"probe", 1, 1, 0}};
    settings.also_spends = {{"search", {}}, {"probe", {}}};
    service.configure_connection("hubspot", settings);

    // The probe waits one window: had the searches spent the default budget, the default
    // requests would wait a window too, and the probe, which started waiting first, would be done.
    service.send("hubspot", get(server.url("/probe"), "probe"));
    auto probe = std::async(std::launch::async, [&] { return service.send("hubspot", get(server.url("/probe"), "probe")); });
    for (int i = 0; i < 3; ++i)
        service.send("hubspot", get(server.url("/search"), "search"));
    for (int i = 0; i < 3; ++i)
        service.send("hubspot", get(server.url("/objects")));
    EXPECT_EQ(probe.wait_for(0ms), std::future_status::timeout) << "the default requests waited for a window";
    EXPECT_EQ(probe.get().status, 200);
}

TEST_F(PocoHttpServiceTest, an_undeclared_budget_is_fatal_and_bad_settings_are_refused) {
    PocoHttpService service(fast_options(), clock_);
    ConnectionHttpSettings settings;
    settings.budgets = {{"default", 3, 1, 0}};
    service.configure_connection("qbo", settings);
    const auto failure = failure_of(service, "qbo", get("http://127.0.0.1:1/", "reports"));
    EXPECT_EQ(failure.kind, sdk::OutcomeClass::fatal);
    EXPECT_THAT(failure.reason, HasSubstr("no rate budget 'reports'"));

    ConnectionHttpSettings unknown_spend;
    unknown_spend.budgets = {{"default", 3, 1, 0}};
    unknown_spend.also_spends = {{"batch", {"default"}}};
    EXPECT_THROW(service.configure_connection("qbo", unknown_spend), std::invalid_argument);
    ConnectionHttpSettings missing_ca;
    missing_ca.extra_ca_file = "/nonexistent/ca.pem";
    EXPECT_THROW(service.configure_connection("qbo", missing_ca), std::invalid_argument);
}

TEST_F(PocoHttpServiceTest, shutdown_wakes_requests_waiting_for_budget) {
    LocalHttpServer server([](const ObservedRequest&) { return ok(); });
    PocoHttpService service(fast_options(), clock_);
    ConnectionHttpSettings settings;
    // One per 10 s: the second request waits (10 s is within max_wait, so it does not fail fast).
    settings.budgets = {{"default", 1, 10, 0}};
    service.configure_connection("qbo", settings);
    service.send("qbo", get(server.url("/first")));

    auto waiting = std::async(
        std::launch::async, [&] { return failure_of(service, "qbo", get(server.url("/second"))); });
    EXPECT_EQ(waiting.wait_for(200ms), std::future_status::timeout)
        << "it should wait for the budget";
    service.shutdown();
    ASSERT_EQ(waiting.wait_for(2s), std::future_status::ready);
    const auto failure = waiting.get();
    EXPECT_EQ(failure.kind, sdk::OutcomeClass::transient);
    EXPECT_THAT(failure.reason, HasSubstr("shutting down"));
    EXPECT_EQ(server.requests().size(), 1u);
    EXPECT_EQ(failure_of(service, "qbo", get(server.url("/third"))).kind,
              sdk::OutcomeClass::transient);
}

TEST_F(PocoHttpServiceTest, counts_requests_by_status_and_tracks_requests_in_flight) {
    LocalHttpServer* server_ref = nullptr;
    LocalHttpServer server([&](const ObservedRequest& seen) {
        if (seen.uri == "/slow")
            server_ref->pause(5s);
        return seen.uri == "/missing" ? Reply{404, "", {}, false} : ok();
    });
    server_ref = &server;
    PocoHttpService service(fast_options(), clock_, &metrics_);
    service.configure_connection("qbo", {});
    service.send("qbo", get(server.url("/found")));
    service.send("qbo", get(server.url("/missing")));
    EXPECT_THROW(
        service.send("qbo", get("http://127.0.0.1:" + std::to_string(closed_port()) + "/")),
        sdk::Error);

    const auto series = [&](const std::string& status) {
        return metrics_.value(
            "ledgersync_http_requests_total",
            {{"connection", "qbo"}, {"host", "127.0.0.1"}, {"method", "GET"}, {"status", status}});
    };
    EXPECT_EQ(series("200"), 1);
    EXPECT_EQ(series("404"), 1);
    EXPECT_EQ(series("error"), 1);

    auto slow = std::async(std::launch::async,
                           [&] { return service.send("qbo", get(server.url("/slow"))); });
    const auto give_up = Clock::now() + 2s;
    while (metrics_.value("ledgersync_http_in_flight", {{"connection", "qbo"}}) != 1 &&
           Clock::now() < give_up) {
        std::this_thread::sleep_for(5ms);
    }
    EXPECT_EQ(metrics_.value("ledgersync_http_in_flight", {{"connection", "qbo"}}), 1);
    server.release_handlers();
    EXPECT_EQ(slow.get().status, 200);
    EXPECT_EQ(metrics_.value("ledgersync_http_in_flight", {{"connection", "qbo"}}), 0);
    EXPECT_THAT(
        metrics_.render_prometheus(),
        AllOf(
            HasSubstr("# TYPE ledgersync_http_requests_total counter"),
            HasSubstr("# TYPE ledgersync_http_in_flight gauge"),
            HasSubstr(
                "ledgersync_http_wait_milliseconds_total{budget=\"default\",connection=\"qbo\"}")));
}

TEST_F(PocoHttpServiceTest, never_logs_headers_bodies_or_query_strings) {
    LocalHttpServer server([](const ObservedRequest&) {
        return Reply{429, "response-secret", {}, false};
    });
    std::ostringstream log;
    Logger logger(log, LogLevel::debug);
    auto options = fast_options();
    options.default_rate_limit_hold = 1ms;
    PocoHttpService service(options, clock_, nullptr, &logger);
    service.configure_connection("qbo", {});
    sdk::HttpRequest request = get(server.url("/v3/query?access_token=query-secret"));
    request.method = "POST";
    request.headers = {{"Authorization", "Bearer header-secret"}};
    request.body = "body-secret";
    service.send("qbo", request);

    EXPECT_THAT(log.str(), AllOf(HasSubstr("POST http://127.0.0.1:"), HasSubstr("/v3/query -> 429"),
                                 HasSubstr("rate limited")));
    EXPECT_THAT(log.str(), AllOf(Not(HasSubstr("query-secret")), Not(HasSubstr("header-secret")),
                                 Not(HasSubstr("body-secret")), Not(HasSubstr("response-secret"))));
}

/// A server that answers each request on a connection, then closes the connection while
/// claiming keep-alive: the client's next request on it meets a closed socket.
class ClosingKeepAliveServer {
public:
    ClosingKeepAliveServer()
        : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), thread_([this] { run(); }) {}
    ~ClosingKeepAliveServer() {
        stopping_ = true;
        thread_.join();
    }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/";
    }
    int connections() const { return connections_; }

private:
    void run() {
        while (!stopping_) {
            if (!socket_.poll(Poco::Timespan(0, 20'000), Poco::Net::Socket::SELECT_READ))
                continue;
            Poco::Net::StreamSocket client = socket_.acceptConnection();
            ++connections_;
            std::string request;
            char buffer[4096];
            while (request.find("\r\n\r\n") == std::string::npos) {
                const int n = client.receiveBytes(buffer, sizeof(buffer));
                if (n <= 0)
                    break;
                request.append(buffer, static_cast<std::size_t>(n));
            }
            const std::string reply =
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok";
            client.sendBytes(reply.data(), static_cast<int>(reply.size()));
            client.close();
        }
    }

    Poco::Net::ServerSocket socket_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    std::thread thread_;
};

TEST_F(PocoHttpServiceTest,
       sends_an_idempotent_request_again_when_a_kept_alive_connection_was_closed) {
    ClosingKeepAliveServer server;
    PocoHttpService service(fast_options(), clock_, &metrics_);
    service.configure_connection("qbo", {});
    EXPECT_EQ(service.send("qbo", get(server.url())).status, 200);
    std::this_thread::sleep_for(50ms);  // let the server's close arrive
    EXPECT_EQ(service.send("qbo", get(server.url())).status, 200);
    EXPECT_EQ(server.connections(), 2);

    // A POST without an idempotency key is not sent twice: the caller decides.
    std::this_thread::sleep_for(50ms);
    sdk::HttpRequest post = get(server.url());
    post.method = "POST";
    post.body = "{}";
    EXPECT_EQ(failure_of(service, "qbo", post).kind, sdk::OutcomeClass::transient);
    EXPECT_EQ(server.connections(), 2);
}

}  // namespace
}  // namespace ledgersync::services::http
