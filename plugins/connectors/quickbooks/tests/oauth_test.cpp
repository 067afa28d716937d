// OAuth tokens: the token endpoint fixtures of ../shared/specs/qbo/samples/oauth/, refreshing
// (before expiry, after a 401, once for many threads), persisting rotated refresh tokens as
// secrets before use, and invalid_grant handling.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <ledgersync/sdk.hpp>

#include "connector.hpp"
#include "fake_host.hpp"
#include "oauth_tokens.hpp"
#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>

namespace ledgersync::connectors::quickbooks {
namespace {

using nlohmann::json;
using testing::FakeHost;
using testing::connector_config;
using testing::json_response;
using testing::sample;
using testing::url_path;

const std::string kTokenPath = "/oauth2/v1/tokens/bearer";
const std::string kCompanyInfo = "/v3/company/123/companyinfo/123";

std::string token_body(const std::string& access, const std::string& refresh, int expires_in = 3600) {
    return json{{"token_type", "bearer"}, {"access_token", access}, {"refresh_token", refresh}, {"expires_in", expires_in},
                {"x_refresh_token_expires_in", 8726400}}
        .dump();
}

sdk::HttpResponse company_info() {
    return json_response(200, R"({"CompanyInfo":{"CompanyName":"Sandbox Company_US_1","Id":"1"},"time":"2026-11-18T10:00:00-08:00"})");
}

std::string seed(const std::string& refresh_token) { return sdk::hex_encode(sdk::sha256(refresh_token)); }

TEST(OAuthFixtures, token_endpoint_bodies_parse) {
    const TokenResponse tokens = parse_token_response(sample("oauth/success_token_response.json"));
    EXPECT_EQ(tokens.access_token, "access_token");
    EXPECT_EQ(tokens.refresh_token, "refresh_token");
    EXPECT_EQ(tokens.expires_in_seconds, 3600);
    EXPECT_EQ(tokens.refresh_expires_in_seconds, 15552000);
    EXPECT_EQ(token_error(sample("oauth/failure_token_response.json")), "error");
    EXPECT_EQ(token_error(sample("oauth/failure_token_revocation_response.json")), "error");
    EXPECT_EQ(token_error(R"({"error":"invalid_grant"})"), "invalid_grant");
    EXPECT_THROW(parse_token_response(sample("oauth/failure_token_response.json")), std::invalid_argument);
    const json discovery = sdk::parse_json_exact(sample("oauth/discovery.json"));
    EXPECT_EQ(discovery["token_endpoint"], "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");
}

TEST(OAuthTokens, the_first_call_refreshes_and_stores_the_rotated_token_as_a_secret_before_using_it) {
    FakeHost host;
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            EXPECT_EQ(r.method, "POST");
            EXPECT_EQ(r.header("Authorization"), "Basic Y2lkOmNzZWNyZXQ=");  // cid:csecret
            EXPECT_EQ(r.header("Content-Type"), "application/x-www-form-urlencoded");
            EXPECT_EQ(r.body, "grant_type=refresh_token&refresh_token=rt-0");
            return json_response(200, token_body("at-1", "rt-1"));
        }
        EXPECT_EQ(url_path(r.url), kCompanyInfo);
        EXPECT_EQ(r.header("Authorization"), "Bearer at-1");
        EXPECT_EQ(testing::query_parameter(r.url, "minorversion"), "75");
        // The rotated refresh token was stored before the new access token was used.
        EXPECT_EQ(host.puts.at(0), "oauth/refresh_token");
        return company_info();
    });
    QuickBooksConnector connector(host.services(), connector_config());
    const sdk::CheckResult result = connector.check();
    EXPECT_TRUE(result.ok) << result.details;
    EXPECT_NE(result.details.find("Sandbox Company_US_1"), std::string::npos) << result.details;
    ASSERT_TRUE(host.state.count("oauth/refresh_token"));
    EXPECT_TRUE(host.state["oauth/refresh_token"].secret);
    EXPECT_NE(host.state["oauth/refresh_token"].value.find("rt-1"), std::string::npos);
    EXPECT_TRUE(host.state["oauth/access_token"].secret);
    EXPECT_EQ(host.counter("qbo_token_refreshes_total", "result=ok"), 1);

    // A second instance (a restart) uses the stored tokens: no refresh.
    QuickBooksConnector restarted(host.services(), connector_config());
    EXPECT_TRUE(restarted.check().ok);
    EXPECT_EQ(host.counter("qbo_token_refreshes_total", "result=ok"), 1);
}

TEST(OAuthTokens, a_refused_access_token_is_refreshed_once_and_the_call_sent_again) {
    FakeHost host;
    host.state["oauth/refresh_token"] = {json{{"refresh_token", "rt-5"}, {"seed", seed("rt-0")}}.dump(), true};
    host.state["oauth/access_token"] = {
        json{{"access_token", "at-expired"}, {"expires_at_ms", host.now_ms + 3'000'000}, {"seed", seed("rt-0")}}.dump(), true};
    int refreshes = 0;
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            ++refreshes;
            EXPECT_EQ(r.body, "grant_type=refresh_token&refresh_token=rt-5");
            return json_response(200, token_body("at-6", "rt-6"));
        }
        if (r.header("Authorization") == "Bearer at-expired") {
            return json_response(401, R"({"Fault":{"Error":[{"Message":"message=AuthenticationFailed; errorCode=003200; statusCode=401","Detail":"Token expired","code":"3200"}],"type":"AUTHENTICATION"}})");
        }
        return company_info();
    });
    QuickBooksConnector connector(host.services(), connector_config());
    EXPECT_TRUE(connector.check().ok);
    EXPECT_EQ(refreshes, 1);
    EXPECT_NE(host.state["oauth/refresh_token"].value.find("rt-6"), std::string::npos);
    const auto requests = host.requests();
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(requests[2].header("Authorization"), "Bearer at-6");
}

TEST(OAuthTokens, a_token_about_to_expire_is_refreshed_before_use) {
    FakeHost host;
    host.state["oauth/refresh_token"] = {json{{"refresh_token", "rt-5"}, {"seed", seed("rt-0")}}.dump(), true};
    host.state["oauth/access_token"] = {
        json{{"access_token", "at-old"}, {"expires_at_ms", host.now_ms + 120'000}, {"seed", seed("rt-0")}}.dump(), true};
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) return json_response(200, token_body("at-new", "rt-6"));
        EXPECT_EQ(r.header("Authorization"), "Bearer at-new");
        return company_info();
    });
    QuickBooksConnector connector(host.services(), connector_config());
    EXPECT_TRUE(connector.check().ok);
}

TEST(OAuthTokens, many_threads_needing_a_token_cause_one_refresh) {
    FakeHost host;
    std::atomic<int> refreshes{0};
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            ++refreshes;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            return json_response(200, token_body("at-1", "rt-1"));
        }
        return company_info();
    });
    QuickBooksConnector connector(host.services(), connector_config());
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < 8; ++i) threads.emplace_back([&] { ok += connector.check().ok ? 1 : 0; });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 8);
    EXPECT_EQ(refreshes.load(), 1);
}

TEST(OAuthTokens, invalid_grant_reads_the_state_again_once) {
    FakeHost host;
    int refreshes = 0;
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            ++refreshes;
            if (r.body.find("rt-0") != std::string::npos) {
                // Another process rotated the token meanwhile and stored its successor.
                host.state["oauth/refresh_token"] = {json{{"refresh_token", "rt-7"}, {"seed", seed("rt-0")}}.dump(), true};
                return json_response(400, R"({"error":"invalid_grant"})");
            }
            EXPECT_EQ(r.body, "grant_type=refresh_token&refresh_token=rt-7");
            return json_response(200, token_body("at-8", "rt-8"));
        }
        return company_info();
    });
    QuickBooksConnector connector(host.services(), connector_config());
    EXPECT_TRUE(connector.check().ok);
    EXPECT_EQ(refreshes, 2);
}

TEST(OAuthTokens, a_refused_refresh_token_is_an_auth_failure_saying_to_reconnect) {
    FakeHost host;
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) return json_response(400, R"({"error":"invalid_grant"})");
        return company_info();
    });
    QuickBooksConnector connector(host.services(), connector_config());
    const sdk::CheckResult result = connector.check();
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.details.find("QuickBooks refused the refresh token (invalid_grant)"), std::string::npos) << result.details;
    EXPECT_NE(result.details.find("reconnect the app"), std::string::npos) << result.details;
    try {
        connector.read({"invoice", std::nullopt});
        FAIL() << "expected an auth error";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::auth);
    }
}

TEST(OAuthTokens, bad_client_credentials_are_an_auth_failure_naming_them) {
    FakeHost host;
    host.on_http([&](const sdk::HttpRequest&) { return json_response(401, R"({"error":"invalid_client"})"); });
    QuickBooksConnector connector(host.services(), connector_config());
    const sdk::CheckResult result = connector.check();
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.details.find("client_id and client_secret"), std::string::npos) << result.details;
}

TEST(OAuthTokens, a_new_refresh_token_in_the_configuration_replaces_the_stored_one) {
    FakeHost host;
    host.state["oauth/refresh_token"] = {json{{"refresh_token", "rt-stale"}, {"seed", seed("rt-old")}}.dump(), true};
    host.state["oauth/access_token"] = {
        json{{"access_token", "at-stale"}, {"expires_at_ms", host.now_ms + 3'000'000}, {"seed", seed("rt-old")}}.dump(), true};
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            EXPECT_EQ(r.body, "grant_type=refresh_token&refresh_token=rt-0");
            return json_response(200, token_body("at-1", "rt-1"));
        }
        EXPECT_EQ(r.header("Authorization"), "Bearer at-1");
        return company_info();
    });
    QuickBooksConnector connector(host.services(), connector_config());
    EXPECT_TRUE(connector.check().ok);
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
