// The host's HTTP server with clients that are slow, stalled or careless, and while the host
// stops. Raw sockets: these tests control every byte the client sends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include "bus_scenario.hpp"
#include "http_request.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using nlohmann::json;
using testing::BusScenario;
using testing::envelope;
using namespace std::chrono_literals;

/// A client connection that sends exactly the bytes it is given.
class RawClient {
public:
    explicit RawClient(const std::string& url) {
        const Poco::URI uri(url);
        socket_.connect(Poco::Net::SocketAddress(uri.getHost(), uri.getPort()), Poco::Timespan(10, 0));
        socket_.setReceiveTimeout(Poco::Timespan(30, 0));
    }

    /// False once the server closed the connection.
    bool send(const std::string& bytes) {
        try {
            return socket_.sendBytes(bytes.data(), static_cast<int>(bytes.size())) == static_cast<int>(bytes.size());
        } catch (const Poco::Exception&) {
            return false;
        }
    }

    /// The next line the server sends, without its CRLF; empty when the connection ended.
    std::string line() {
        std::string text;
        char c = 0;
        while (receive(c)) {
            if (c == '\n') break;
            if (c != '\r') text += c;
        }
        return text;
    }

    /// Reads one whole response (status line, headers, a Content-Length body); its status line.
    std::string response() {
        const std::string status = line();
        std::size_t length = 0;
        for (std::string header = line(); !header.empty(); header = line()) {
            if (header.rfind("Content-Length: ", 0) == 0) length = std::stoul(header.substr(16));
        }
        char c = 0;
        for (std::size_t i = 0; i < length && receive(c); ++i) {
        }
        return status;
    }

    /// True when the server closed the connection (end of stream or reset) within `limit`.
    bool closed_within(std::chrono::milliseconds limit) {
        socket_.setReceiveTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(limit).count()));
        char c = 0;
        try {
            while (socket_.receiveBytes(&c, 1) == 1) {
            }
            return true;
        } catch (const Poco::TimeoutException&) {
            return false;
        } catch (const Poco::Exception&) {
            return true;  // reset
        }
    }

    /// Whether the server closed the connection, without waiting.
    bool closed_now() {
        try {
            if (!socket_.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) return false;
            char c = 0;
            return socket_.receiveBytes(&c, 1) <= 0;
        } catch (const Poco::Exception&) {
            return true;
        }
    }

private:
    bool receive(char& c) {
        try {
            return socket_.receiveBytes(&c, 1) == 1;
        } catch (const Poco::Exception&) {
            return false;
        }
    }

    Poco::Net::StreamSocket socket_;
};

std::string post_headers(const std::string& path, std::size_t length, const std::string& extra = {}) {
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(length) + "\r\n" + extra + "\r\n";
}

class HttpServerTest : public ::testing::Test {
protected:
    void start(const json& server = json::object()) {
        s_.add_ledger("src");
        s_.config()["connections"]["src"]["webhooks"] = {{"allow_unsigned", true}};
        s_.config()["server"].update(server);
        s_.config()["server"]["webhook_body_limit_bytes"] = 4096;
        s_.start();
        url_ = s_.url();
    }
    BusScenario s_;
    std::string url_;
};

TEST_F(HttpServerTest, every_answer_carries_the_reason_phrase_of_its_status) {
    start();
    const auto status_of = [&](const std::string& request) {
        RawClient client(url_);
        client.send(request);
        return client.response();
    };
    EXPECT_EQ(status_of("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"), "HTTP/1.1 200 OK");
    EXPECT_EQ(status_of("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"), "HTTP/1.1 200 OK");
    EXPECT_EQ(status_of("GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n"), "HTTP/1.1 404 Not Found");
    EXPECT_EQ(status_of("POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"),
              "HTTP/1.1 405 Method Not Allowed");
    EXPECT_EQ(status_of(post_headers("/webhooks/nobody", 2) + "{}"), "HTTP/1.1 404 Not Found");
    EXPECT_EQ(status_of(post_headers("/webhooks/src", 5000)), "HTTP/1.1 413 Request Entity Too Large");
    EXPECT_EQ(status_of(post_headers("/webhooks/src", 2) + "{}"), "HTTP/1.1 200 OK");
}

TEST_F(HttpServerTest, clients_that_send_headers_and_no_body_cannot_make_healthz_unreachable) {
    // Four threads, of which two may wait for bodies; the body deadline is long, so only the
    // bound on body readers keeps the host reachable here.
    start({{"threads", 4}, {"body_timeout_seconds", 120}, {"header_timeout_seconds", 120}});
    std::vector<std::unique_ptr<RawClient>> stalled;
    for (int i = 0; i < 16; ++i) {
        stalled.push_back(std::make_unique<RawClient>(url_));
        stalled.back()->send(post_headers("/webhooks/src", 100));
    }
    // Answered at all (the client gives up after 30 s; before the fix it waited a minute per
    // round of stalled clients).
    const auto health = testing::http_request("GET", url_ + "/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(json::parse(health.body)["status"], "ok");
    const std::string metrics = testing::http_request("GET", url_ + "/metrics").body;
    EXPECT_THAT(metrics, HasSubstr(R"(ledgersync_http_server_refused_total{status="503"})"));
}

TEST_F(HttpServerTest, a_client_trickling_its_headers_is_cut_off_at_the_header_deadline) {
    start({{"header_timeout_seconds", 1}});
    RawClient slow(url_);
    slow.send("POST /webhooks/src HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
    // One byte every 100 ms: each read succeeds, so only a deadline on the whole header ends it.
    bool closed = false;
    const auto give_up = std::chrono::steady_clock::now() + 30s;
    while (!closed && std::chrono::steady_clock::now() < give_up) {
        closed = !slow.send("x") || slow.closed_now();
        if (!closed) std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(closed) << "the server still waits for headers trickled in for 30 s";
    const std::string metrics = testing::http_request("GET", url_ + "/metrics").body;
    EXPECT_THAT(metrics, HasSubstr("ledgersync_http_server_cut_off_total 1"));
}

TEST_F(HttpServerTest, stopping_the_host_answers_the_request_in_flight_before_the_bus_and_connectors_go) {
    start({{"keep_alive_seconds", 120}, {"body_timeout_seconds", 120}});
    // An idle kept-alive connection: the server closes it as soon as it starts draining.
    RawClient idle(url_);
    idle.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    ASSERT_EQ(idle.response(), "HTTP/1.1 200 OK");

    const std::string body = envelope("invoice", "D1", "1", {{"number", "D-1"}}).dump();
    RawClient uploading(url_);
    uploading.send(post_headers("/webhooks/src", body.size(), "Expect: 100-continue\r\n"));
    ASSERT_EQ(uploading.response(), "HTTP/1.1 100 Continue");  // its handler runs
    uploading.send(body.substr(0, body.size() / 2));

    std::atomic<bool> stopped{false};
    std::thread stopper([&] {
        s_.runtime().stop();
        stopped = true;
    });
    EXPECT_TRUE(idle.closed_within(30s)) << "the server did not start draining";
    EXPECT_FALSE(stopped) << "stop() returned while a request was still being received";
    uploading.send(body.substr(body.size() / 2));
    EXPECT_EQ(uploading.response(), "HTTP/1.1 200 OK");
    stopper.join();

    // Acknowledged, so never lost: still in the inbox, or ingested before the processors stopped.
    std::int64_t waiting = 0;
    std::vector<store::TimelineEntry> timeline;
    s_.store().read([&](store::StoreTransaction& tx) {
        waiting = tx.webhook_backlog("src");
        timeline = tx.timeline({"src", "invoice", "D1"}, 10);
    });
    EXPECT_EQ(waiting + (timeline.empty() ? 0 : 1), 1);
}

}  // namespace
}  // namespace ledgersync
