// The control plane: seeding, counters, the request log, the clock, reset.

#include <chrono>
#include <thread>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/sandbox_process.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using ::testing::HasSubstr;

// An HTTP exchange over a plain socket, to see the bytes of the status line. Sends `head` (and
// then `body` after `pause`), and reads the answer until the server closes the connection or
// the headers and Content-Length bytes of the body have arrived. Gives up after a generous 30 s
// (the hang this guards against lasted 60 s).
std::string socket_exchange(const SandboxProcess& sandbox, const std::string& head,
                            const std::string& body = {},
                            std::chrono::milliseconds pause = std::chrono::milliseconds(0)) {
    const std::string host_port = sandbox.url().substr(std::string("http://").size());
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress{host_port});
    socket.setReceiveTimeout(Poco::Timespan(30, 0));
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    if (pause.count() > 0)
        std::this_thread::sleep_for(pause);
    if (!body.empty())
        socket.sendBytes(body.data(), static_cast<int>(body.size()));
    std::string answer;
    char buffer[4096];
    while (true) {
        const auto end_of_head = answer.find("\r\n\r\n");
        if (end_of_head != std::string::npos) {
            const auto length_at = answer.find("Content-Length: ");
            if (length_at != std::string::npos && length_at < end_of_head) {
                const auto length = std::stoul(answer.substr(length_at + 16));
                if (answer.size() >= end_of_head + 4 + length)
                    return answer;
            }
        }
        const int n = socket.receiveBytes(buffer, sizeof buffer);
        if (n <= 0)
            return answer;
        answer.append(buffer, static_cast<std::size_t>(n));
    }
}

std::string status_line(const std::string& answer) {
    return answer.substr(0, answer.find("\r\n"));
}

TEST(SandboxHttp, every_status_line_carries_the_reason_phrase_of_its_status) {
    SandboxProcess sandbox;
    const std::string realm = sandbox.realm();
    const auto get = [&](const std::string& path, const std::string& headers = {}) {
        return status_line(socket_exchange(
            sandbox, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n"));
    };
    EXPECT_EQ(get("/__sandbox/health"), "HTTP/1.1 200 OK");
    EXPECT_EQ(get("/v3/company/" + realm + "/customer/1"), "HTTP/1.1 401 Unauthorized");
    EXPECT_EQ(get("/__sandbox/nothing-here"), "HTTP/1.1 404 Not Found");
    const std::string token = sandbox.mint_tokens(realm)["access_token"];
    EXPECT_EQ(
        get("/v3/company/" + realm + "/customer/999", "Authorization: Bearer " + token + "\r\n"),
        "HTTP/1.1 400 Bad Request");
    const std::string other_company = sandbox.control(
        "POST", "/__sandbox/qbo/seed",
        {{"realm_id", "4620816365000000001"}, {"tokens", true}})["tokens"]["access_token"];
    EXPECT_EQ(get("/v3/company/" + realm + "/customer/1",
                  "Authorization: Bearer " + other_company + "\r\n"),
              "HTTP/1.1 403 Forbidden");
    EXPECT_EQ(
        get("/connect/oauth2?client_id=ledgersync-sandbox-client&response_type=code"
            "&scope=com.intuit.quickbooks.accounting&redirect_uri=http%3A%2F%2Flocalhost%2Fcb"),
        "HTTP/1.1 302 Found");
    sandbox.control("POST", "/__sandbox/faults", {{"error_rate", 1.0}, {"error_status", 503}});
    EXPECT_EQ(get("/v3/company/" + realm + "/customer/1"), "HTTP/1.1 503 Service Unavailable");
    sandbox.control("POST", "/__sandbox/faults", {{"throttle", {{"qbo", {{"per_minute", 1}}}}}});
    get("/v3/company/" + realm + "/customer/1", "Authorization: Bearer " + token + "\r\n");
    EXPECT_EQ(
        get("/v3/company/" + realm + "/customer/1", "Authorization: Bearer " + token + "\r\n"),
        "HTTP/1.1 429 Too Many Requests");
}

TEST(SandboxHttp, a_post_without_a_body_is_answered_at_once_with_400_where_a_body_is_required) {
    SandboxProcess sandbox;
    // No Content-Length, no Transfer-Encoding: no body (RFC 9112), as `curl -X POST` sends it.
    const auto clock =
        socket_exchange(sandbox, "POST /__sandbox/clock HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(status_line(clock), "HTTP/1.1 400 Bad Request");
    EXPECT_THAT(clock, HasSubstr("needs a JSON object body"));
    const auto rates =
        socket_exchange(sandbox, "POST /__sandbox/qbo/exchangerates HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(status_line(rates), "HTTP/1.1 400 Bad Request");
    const auto clients =
        socket_exchange(sandbox, "POST /__sandbox/qbo/oauth/clients HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(status_line(clients), "HTTP/1.1 400 Bad Request");
    // Where no body is needed, the request is carried out.
    const auto reset =
        socket_exchange(sandbox, "POST /__sandbox/reset HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(status_line(reset), "HTTP/1.1 200 OK");
    const auto tokens =
        socket_exchange(sandbox, "POST /__sandbox/qbo/oauth/tokens HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(status_line(tokens), "HTTP/1.1 200 OK");
    EXPECT_THAT(tokens, HasSubstr("access_token"));
}

TEST(SandboxHttp, a_body_that_stops_arriving_is_answered_408_and_the_connection_closed) {
    SandboxProcess sandbox;
    const auto answer = socket_exchange(
        sandbox,
        "POST /__sandbox/clock HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n{\"advance_", {});
    EXPECT_EQ(status_line(answer), "HTTP/1.1 408 Request Time-out");  // Poco's phrase
    EXPECT_THAT(answer, HasSubstr("Connection: Close"));
    // The sandbox still serves.
    EXPECT_EQ(sandbox.control("GET", "/__sandbox/health")["status"], "ok");
}

TEST(SandboxControlPlane, counts_requests_per_endpoint_realm_and_status) {
    SandboxProcess sandbox;
    sandbox.authorize();
    sandbox.create("Customer", {{"DisplayName", "Counted"}});
    sandbox.api("GET", "customer/1");
    sandbox.api("GET", "customer/2");                                      // 610
    sandbox.raw("GET", "/v3/company/" + sandbox.realm() + "/customer/1");  // 401
    const auto counters = sandbox.control("GET", "/__sandbox/counters");
    EXPECT_EQ(counters["total"], 4);
    EXPECT_EQ(counters["by_endpoint"]["GET /v3/company/{realmId}/customer/{id}"], 3);
    EXPECT_EQ(counters["by_endpoint"]["POST /v3/company/{realmId}/customer"], 1);
    EXPECT_EQ(counters["by_status"]["200"], 2);
    EXPECT_EQ(counters["by_status"]["400"], 1);
    EXPECT_EQ(counters["by_status"]["401"], 1);
    EXPECT_EQ(counters["by_realm"][sandbox.realm()]["total"], 4);
    EXPECT_EQ(counters["by_api"]["qbo"]["total"], 4);
    sandbox.control("POST", "/__sandbox/counters/reset");
    EXPECT_EQ(sandbox.control("GET", "/__sandbox/counters")["total"], 0);
}

TEST(SandboxControlPlane, request_log_lists_time_realm_path_requestid_and_status) {
    SandboxProcess sandbox;
    sandbox.authorize();
    sandbox.api("GET", "customer/1?minorversion=75&requestid=r-9");
    const auto log = sandbox.control("GET", "/__sandbox/requests");
    ASSERT_EQ(log["requests"].size(), 1u);
    const auto& r = log["requests"][0];
    EXPECT_EQ(r["realm"], sandbox.realm());
    EXPECT_EQ(r["method"], "GET");
    EXPECT_EQ(r["path"],
              "/v3/company/" + sandbox.realm() + "/customer/1?minorversion=75&requestid=r-9");
    EXPECT_EQ(r["requestid"], "r-9");
    EXPECT_EQ(r["status"], 400);
    EXPECT_TRUE(r.contains("time"));
    const auto after =
        sandbox.control("GET", "/__sandbox/requests?after=" + std::to_string(r["seq"].get<int>()));
    EXPECT_TRUE(after["requests"].empty());
}

TEST(SandboxControlPlane, seed_creates_a_company_with_entities_and_tokens) {
    SandboxProcess sandbox({"--seed", "none"});
    EXPECT_EQ(sandbox.realm(), "");
    const auto seeded = sandbox.control("POST", "/__sandbox/qbo/seed",
                                        {{"realm_id", "4620816365000000001"},
                                         {"customers", true},
                                         {"tokens", true},
                                         {"entities",
                                          {{"Customer", {{{"DisplayName", "Seeded Customer"}}}},
                                           {"Item",
                                            {{{"Name", "Widget"},
                                              {"Type", "Service"},
                                              {"IncomeAccountRef", {{"value", "1"}}}}}}}}});
    EXPECT_EQ(seeded["realm_id"], "4620816365000000001");
    const std::string token = seeded["tokens"]["access_token"];
    const auto accounts = sandbox.api_for("4620816365000000001", token, "GET",
                                          "query?query=select%20*%20from%20Account%20where%"
                                          "20AccountSubType%20%3D%20%27UndepositedFunds%27");
    EXPECT_EQ(accounts.json["QueryResponse"]["Account"][0]["Name"], "Undeposited Funds");
    const auto customers = sandbox.api_for("4620816365000000001", token, "GET",
                                           "query?query=select%20count(*)%20from%20Customer");
    EXPECT_EQ(customers.json["QueryResponse"]["totalCount"], 4);
    const auto bad =
        sandbox.raw("POST", "/__sandbox/qbo/seed", R"({"entities":{"Customer":[{"Title":""}]}})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(sandbox.raw("POST", "/__sandbox/qbo/seed", R"({"typo":1})").status, 400);
}

TEST(SandboxControlPlane, clock_sets_the_time_every_timestamp_uses) {
    SandboxProcess sandbox;
    sandbox.control("POST", "/__sandbox/clock",
                    {{"set", "2015-07-24T17:33:39Z"}, {"freeze", true}});
    sandbox.authorize();
    const auto customer = sandbox.create("Customer", {{"DisplayName", "Timed"}});
    EXPECT_EQ(customer["MetaData"]["CreateTime"], "2015-07-24T10:33:39-07:00");
    EXPECT_EQ(sandbox.control("GET", "/__sandbox/clock")["now"], "2015-07-24T17:33:39.000Z");
}

TEST(SandboxControlPlane, reset_restores_the_start_up_state) {
    SandboxProcess sandbox;
    sandbox.authorize();
    sandbox.create("Customer", {{"DisplayName", "Forgotten"}});
    sandbox.control("POST", "/__sandbox/faults", {{"latency_ms", 5}});
    sandbox.control("POST", "/__sandbox/reset");
    EXPECT_EQ(sandbox.api("GET", "customer/1").status, 401);  // tokens are gone too
    sandbox.authorize();
    EXPECT_EQ(sandbox.api("GET", "query?query=select%20count(*)%20from%20Customer")
                  .json["QueryResponse"]["totalCount"],
              0);
    EXPECT_EQ(sandbox.control("GET", "/__sandbox/faults")["latency_ms"], 0);
}

TEST(SandboxControlPlane, bad_control_requests_say_what_is_wrong) {
    SandboxProcess sandbox;
    const auto bad = sandbox.raw("POST", "/__sandbox/faults", R"({"error_rate": 2})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_THAT(bad.json["error"].get<std::string>(), ::testing::HasSubstr("error_rate"));
    EXPECT_EQ(sandbox.raw("POST", "/__sandbox/faults", "{not json").status, 400);
    EXPECT_EQ(sandbox.raw("GET", "/__sandbox/nothing").status, 404);
}

TEST(SandboxControlPlane, stops_cleanly_on_sigterm) {
    SandboxProcess sandbox;
    sandbox.process().signal(SIGTERM);
    EXPECT_EQ(sandbox.process().wait(std::chrono::seconds(10)), 0);
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
