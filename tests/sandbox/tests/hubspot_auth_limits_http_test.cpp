// Authentication (OAuth code and refresh grants, static tokens, 401, 403 MISSING_SCOPES), the
// 10-second and daily rate limits with their headers, injected 477 with Retry-After, and the
// per-family request counters.

#include <gtest/gtest.h>

#include <ledgersync/sdk/encoding.hpp>

#include "common/http_message.hpp"
#include "support/hubspot_client.hpp"

namespace ledgersync::sandbox::testing {
namespace {

class HubSpotAuthHttp : public ::testing::Test {
protected:
    ApiResult token(const std::string& form) {
        return hubspot_.raw("POST", "/oauth/v1/token", form,
                            {{"Content-Type", "application/x-www-form-urlencoded"}});
    }
    static std::string client() {
        return "client_id=ledgersync-hubspot-client&client_secret=ledgersync-hubspot-secret";
    }
    HubSpotSandbox hubspot_;
};

TEST_F(HubSpotAuthHttp, authorization_code_then_refresh_tokens_that_keep_working) {
    const std::string redirect = "http://localhost:3000/oauth-callback";
    const auto consent =
        hubspot_.raw("GET", "/oauth/authorize?client_id=ledgersync-hubspot-client&scope=" +
                                sdk::percent_encode("crm.objects.invoices.read crm.objects.contacts.read") +
                                "&state=s1&redirect_uri=" + sdk::percent_encode(redirect));
    ASSERT_EQ(consent.status, 302);
    const std::string location = consent.header("Location");
    ASSERT_EQ(location.rfind(redirect + "?code=", 0), 0u) << location;
    const auto params = parse_url_encoded(location.substr(location.find('?') + 1));
    EXPECT_EQ(params.find("state")->second, "s1");
    const std::string code = params.find("code")->second;

    const auto tokens = token("grant_type=authorization_code&" + client() + "&redirect_uri=" +
                              sdk::percent_encode(redirect) + "&code=" + sdk::percent_encode(code));
    ASSERT_EQ(tokens.status, 200) << tokens.body;
    EXPECT_EQ(tokens.json["expires_in"], 1800);
    EXPECT_EQ(tokens.json["token_type"], "bearer");
    EXPECT_EQ(tokens.json["hub_id"].get<std::int64_t>(), std::stoll(hubspot_.portal()));
    const std::string access = tokens.json["access_token"];
    const std::string refresh = tokens.json["refresh_token"];
    EXPECT_EQ(hubspot_.api_with(access, "GET", "/crm/v3/objects/invoices").status, 200);
    // Granted scopes only: invoices and contacts may be read, not written.
    const auto denied = hubspot_.api_with(access, "POST", "/crm/v3/objects/invoices",
                                          {{"properties", {{"hs_currency", "USD"}}}});
    ASSERT_EQ(denied.status, 403);
    EXPECT_EQ(denied.json["category"], "MISSING_SCOPES");
    EXPECT_EQ(denied.json["errors"][0]["context"]["requiredGranularScopes"][0],
              "crm.objects.invoices.write");
    // The code is single-use.
    EXPECT_EQ(token("grant_type=authorization_code&" + client() +
                    "&redirect_uri=" + sdk::percent_encode(redirect) + "&code=" + sdk::percent_encode(code))
                  .json["status"],
              "BAD_AUTH_CODE");

    // 30 minutes later the access token is expired; the refresh token still works, repeatedly.
    hubspot_.control("POST", "/__sandbox/clock", {{"advance_seconds", 1801}});
    const auto expired = hubspot_.api_with(access, "GET", "/crm/v3/objects/invoices");
    ASSERT_EQ(expired.status, 401);
    EXPECT_EQ(expired.json["category"], "EXPIRED_AUTHENTICATION");
    for (int i = 0; i < 2; ++i) {
        const auto refreshed =
            token("grant_type=refresh_token&" + client() + "&refresh_token=" + sdk::percent_encode(refresh));
        ASSERT_EQ(refreshed.status, 200) << refreshed.body;
        EXPECT_EQ(refreshed.json["refresh_token"], refresh);
        EXPECT_EQ(
            hubspot_.api_with(refreshed.json["access_token"], "GET", "/crm/v3/objects/invoices")
                .status,
            200);
    }
    const auto bad = token("grant_type=refresh_token&" + client() + "&refresh_token=na1-nope");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json["status"], "BAD_REFRESH_TOKEN");
    // Deleting the refresh token revokes it.
    EXPECT_EQ(hubspot_.raw("DELETE", "/oauth/v1/refresh-tokens/" + refresh).status, 204);
    EXPECT_EQ(
        token("grant_type=refresh_token&" + client() + "&refresh_token=" + sdk::percent_encode(refresh))
            .status,
        400);
}

TEST_F(HubSpotAuthHttp, missing_or_unknown_tokens_are_401) {
    const auto none = hubspot_.api_with("", "GET", "/crm/v3/objects/contacts");
    ASSERT_EQ(none.status, 401);
    EXPECT_EQ(none.json["category"], "INVALID_AUTHENTICATION");
    EXPECT_EQ(hubspot_.api_with("CNnot-a-token", "GET", "/crm/v3/objects/contacts").status, 401);
}

TEST_F(HubSpotAuthHttp, private_app_token_info_names_the_scopes_and_refuses_unknown_tokens) {
    const std::string pat = hubspot_.control("POST", "/__sandbox/hubspot/oauth/static-token",
                                             {{"scopes", {"crm.objects.invoices.read", "oauth"}}})["token"];
    const std::string json = "application/json";
    const auto info = hubspot_.raw("POST", "/oauth/v2/private-apps/get/access-token-info",
                                   nlohmann::json{{"tokenKey", pat}}.dump(), {{"Content-Type", json}});
    ASSERT_EQ(info.status, 200);
    EXPECT_EQ(info.json["scopes"], nlohmann::json({"crm.objects.invoices.read", "oauth"}));
    EXPECT_TRUE(info.json["hubId"].is_number_integer());
    EXPECT_TRUE(info.json["appId"].is_number_integer());
    EXPECT_TRUE(info.json["userId"].is_number_integer());
    const auto unknown = hubspot_.raw("POST", "/oauth/v2/private-apps/get/access-token-info",
                                      nlohmann::json{{"tokenKey", "pat-na1-unknown"}}.dump(), {{"Content-Type", json}});
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(unknown.json["category"], "INVALID_AUTHENTICATION");
    // An OAuth access token is not a private app's: its metadata is GET /oauth/v1/access-tokens/{token}.
    const std::string oauth = hubspot_.control("POST", "/__sandbox/hubspot/oauth/tokens", nlohmann::json::object())["access_token"];
    EXPECT_EQ(hubspot_.raw("POST", "/oauth/v2/private-apps/get/access-token-info",
                           nlohmann::json{{"tokenKey", oauth}}.dump(), {{"Content-Type", json}}).status, 401);
}

TEST_F(HubSpotAuthHttp, ten_second_window_refuses_with_policy_and_headers) {
    hubspot_.control("POST", "/__sandbox/clock", {{"freeze", true}});
    hubspot_.control("POST", "/__sandbox/hubspot/rate-limits", {{"ten_second", 3}});
    for (int i = 0; i < 3; ++i) {
        const auto ok = hubspot_.api("GET", "/crm/v3/objects/contacts?limit=1");
        ASSERT_EQ(ok.status, 200);
        EXPECT_EQ(ok.header("X-HubSpot-RateLimit-Max"), "3");
        EXPECT_EQ(ok.header("X-HubSpot-RateLimit-Remaining"), std::to_string(2 - i));
        EXPECT_EQ(ok.header("X-HubSpot-RateLimit-Interval-Milliseconds"), "10000");
        EXPECT_EQ(ok.header("X-HubSpot-RateLimit-Daily"), "");  // OAuth: no daily headers
    }
    const auto refused = hubspot_.api("GET", "/crm/v3/objects/contacts?limit=1");
    ASSERT_EQ(refused.status, 429);
    EXPECT_EQ(refused.json["policyName"], "TEN_SECONDLY_ROLLING");
    EXPECT_EQ(refused.json["message"], "You have reached your ten_secondly_rolling limit.");
    EXPECT_EQ(refused.header("X-HubSpot-RateLimit-Remaining"), "0");
    hubspot_.control("POST", "/__sandbox/clock", {{"advance_ms", 9999}});
    EXPECT_EQ(hubspot_.api("GET", "/crm/v3/objects/contacts?limit=1").status, 429);
    hubspot_.control("POST", "/__sandbox/clock", {{"advance_ms", 2}});
    EXPECT_EQ(hubspot_.api("GET", "/crm/v3/objects/contacts?limit=1").status, 200);
    const auto counters = hubspot_.control("GET", "/__sandbox/counters");
    EXPECT_EQ(counters["by_api"]["hubspot"]["throttled"], 2);
}

TEST_F(HubSpotAuthHttp, static_tokens_have_daily_limits_and_headers) {
    const std::string pat = hubspot_.control("POST", "/__sandbox/hubspot/oauth/static-token",
                                             nlohmann::json::object())["token"];
    hubspot_.control("POST", "/__sandbox/clock", {{"freeze", true}});
    hubspot_.control("POST", "/__sandbox/hubspot/rate-limits", {{"daily", 2}});
    const auto first = hubspot_.api_with(pat, "GET", "/crm/v3/objects/contacts");
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.header("X-HubSpot-RateLimit-Daily"), "2");
    EXPECT_EQ(first.header("X-HubSpot-RateLimit-Daily-Remaining"), "1");
    EXPECT_EQ(first.header("X-HubSpot-RateLimit-Max"), "100");
    EXPECT_EQ(hubspot_.api_with(pat, "GET", "/crm/v3/objects/contacts").status, 200);
    const auto refused = hubspot_.api_with(pat, "GET", "/crm/v3/objects/contacts");
    ASSERT_EQ(refused.status, 429);
    EXPECT_EQ(refused.json["policyName"], "DAILY");
    // The daily budget is the account's: the OAuth app is refused too, until midnight.
    EXPECT_EQ(hubspot_.api("GET", "/crm/v3/objects/contacts").status, 429);
    hubspot_.control("POST", "/__sandbox/clock", {{"advance_days", 1}});
    EXPECT_EQ(hubspot_.api_with(pat, "GET", "/crm/v3/objects/contacts").status, 200);
}

TEST_F(HubSpotAuthHttp, injected_477_carries_retry_after) {
    hubspot_.control("POST", "/__sandbox/hubspot/settings", {{"retry_after_s", 120}});
    hubspot_.control("POST", "/__sandbox/faults",
                     {{"error_rate", 1}, {"error_status", 477}, {"api", "hubspot"}});
    const auto r = hubspot_.api("GET", "/crm/v3/objects/invoices");
    ASSERT_EQ(r.status, 477);
    EXPECT_EQ(r.header("Retry-After"), "120");
    EXPECT_EQ(r.json["category"], "MIGRATION_IN_PROGRESS");
}

TEST_F(HubSpotAuthHttp, counters_count_calls_per_api_family) {
    hubspot_.control("POST", "/__sandbox/counters/reset");
    hubspot_.create("contacts", {{"email", "count@example.com"}});
    hubspot_.api("POST", "/crm/v3/objects/contacts/search", {{"limit", 1}});
    hubspot_.api("POST", "/crm/v3/objects/contacts/batch/read",
                 {{"inputs", nlohmann::json::array()}});
    hubspot_.api("GET", "/crm/v4/objects/contacts/1/associations/companies");
    hubspot_.api("GET", "/crm/v3/properties/contacts");
    hubspot_.raw("POST", "/oauth/v1/token", "grant_type=refresh_token");
    const auto counters = hubspot_.control("GET", "/__sandbox/counters");
    const auto& families = counters["by_api"]["hubspot"]["by_family"];
    EXPECT_EQ(families["objects"], 1);
    EXPECT_EQ(families["search"], 1);
    EXPECT_EQ(families["batch"], 1);
    EXPECT_EQ(families["associations"], 1);
    EXPECT_EQ(families["properties"], 1);
    EXPECT_EQ(families["oauth"], 1);
    EXPECT_EQ(counters["by_realm"][hubspot_.portal()]["total"], 5);
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
