// The control plane: seeding, counters, the request log, the clock, reset.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/sandbox_process.hpp"

namespace ledgersync::sandbox::testing {
namespace {

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
