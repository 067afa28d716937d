// OAuth 2.0 (authorization code, refresh rotation, revocation) and signed webhook deliveries.

#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

#include "common/http_message.hpp"
#include "support/sandbox_process.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using ::testing::HasSubstr;

const std::string kBasic =
    "Basic " + sdk::base64_encode("ledgersync-sandbox-client:ledgersync-sandbox-secret");

class QboOAuthHttp : public ::testing::Test {
protected:
    QboResult token(const std::string& form, const std::string& authorization = kBasic) {
        return sandbox_.raw("POST", "/oauth2/v1/tokens/bearer", form,
                            {{"Authorization", authorization},
                             {"Content-Type", "application/x-www-form-urlencoded"},
                             {"Accept", "application/json"}});
    }
    QboResult refresh(const std::string& refresh_token) {
        return token("grant_type=refresh_token&refresh_token=" +
                     sdk::percent_encode(refresh_token));
    }
    SandboxProcess sandbox_;
};

TEST_F(QboOAuthHttp, authorization_code_flow_without_a_browser) {
    const std::string redirect = "http://localhost:8080/callback";
    const auto consent =
        sandbox_.raw("GET",
                     "/connect/oauth2?client_id=ledgersync-sandbox-client&response_type=code"
                     "&scope=com.intuit.quickbooks.accounting&state=xyz&redirect_uri=" +
                         sdk::percent_encode(redirect));
    ASSERT_EQ(consent.status, 302);
    const std::string location = consent.header("Location");
    EXPECT_EQ(location.rfind(redirect + "?code=", 0), 0u);
    EXPECT_THAT(location, HasSubstr("&state=xyz"));
    EXPECT_THAT(location, HasSubstr("&realmId=" + sandbox_.realm()));
    const auto params = parse_url_encoded(location.substr(location.find('?') + 1));
    const std::string code = params.find("code")->second;

    const auto tokens = token("grant_type=authorization_code&code=" + sdk::percent_encode(code) +
                              "&redirect_uri=" + sdk::percent_encode(redirect));
    ASSERT_EQ(tokens.status, 200) << tokens.body;
    EXPECT_EQ(tokens.json["token_type"], "bearer");
    EXPECT_EQ(tokens.json["expires_in"], 3600);
    EXPECT_EQ(tokens.json["x_refresh_token_expires_in"], 8726400);
    EXPECT_EQ(
        sandbox_.api_for(sandbox_.realm(), tokens.json["access_token"], "GET", "companyinfo/1")
            .status,
        200);

    const auto reused = token("grant_type=authorization_code&code=" + sdk::percent_encode(code) +
                              "&redirect_uri=" + sdk::percent_encode(redirect));
    EXPECT_EQ(reused.status, 400);
    EXPECT_EQ(reused.json, (nlohmann::json{{"error", "invalid_grant"}}));
}

TEST_F(QboOAuthHttp, consent_with_a_wrong_scope_redirects_with_an_error) {
    const auto consent =
        sandbox_.raw("GET",
                     "/connect/oauth2?client_id=ledgersync-sandbox-client&response_type=code"
                     "&scope=openid&state=s&redirect_uri=http%3A%2F%2Flocalhost%2Fcb");
    EXPECT_EQ(consent.status, 302);
    EXPECT_THAT(consent.header("Location"), HasSubstr("error=invalid_scope"));
}

TEST_F(QboOAuthHttp, bad_client_credentials_are_invalid_client) {
    const auto code =
        sandbox_.control("POST", "/__sandbox/qbo/oauth/code", nlohmann::json::object());
    const auto r = token("grant_type=authorization_code&code=" + code["code"].get<std::string>(),
                         "Basic " + sdk::base64_encode("x:y"));
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.json["error"], "invalid_client");
}

TEST_F(QboOAuthHttp, a_refresh_within_a_day_returns_the_same_refresh_token) {
    sandbox_.control("POST", "/__sandbox/clock", {{"freeze", true}});
    const auto first = sandbox_.mint_tokens(sandbox_.realm());
    const std::string r1 = first["refresh_token"];
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 3 * 3600}});
    const auto second = refresh(r1);
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(second.json["refresh_token"], r1);  // Intuit changes the value about once a day
    EXPECT_NE(second.json["access_token"], first["access_token"]);
    // Its lifetime runs from when it was issued: reusing it does not extend it.
    EXPECT_EQ(second.json["x_refresh_token_expires_in"], 8726400 - 3 * 3600);
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 20 * 3600}});
    EXPECT_EQ(refresh(r1).json["refresh_token"], r1);
}

TEST_F(
    QboOAuthHttp,
    a_day_old_refresh_token_is_rotated_and_keeps_working_24_hours_even_after_its_successor_is_used) {
    sandbox_.control("POST", "/__sandbox/clock", {{"freeze", true}});
    const std::string r1 = sandbox_.mint_tokens(sandbox_.realm())["refresh_token"];
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 86400}});
    const auto rotated = refresh(r1);
    ASSERT_EQ(rotated.status, 200) << rotated.body;
    const std::string r2 = rotated.json["refresh_token"];
    EXPECT_NE(r2, r1);
    EXPECT_EQ(rotated.json["x_refresh_token_expires_in"], 8726400);
    // The successor is used...
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 3600}});
    const auto with_r2 = refresh(r2);
    ASSERT_EQ(with_r2.status, 200) << with_r2.body;
    EXPECT_EQ(with_r2.json["refresh_token"], r2);
    // ...and the superseded token still works for the rest of its 24 hours, answering with the
    // current refresh token.
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 22 * 3600}});
    const auto with_r1 = refresh(r1);
    ASSERT_EQ(with_r1.status, 200) << with_r1.body;
    EXPECT_EQ(with_r1.json["refresh_token"], r2);
    EXPECT_EQ(
        sandbox_.api_for(sandbox_.realm(), with_r1.json["access_token"], "GET", "companyinfo/1")
            .status,
        200);
}

TEST_F(QboOAuthHttp, superseded_refresh_token_expires_24_hours_after_its_successor_was_issued) {
    const std::string r1 = sandbox_.mint_tokens(sandbox_.realm())["refresh_token"];
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 86400}});
    ASSERT_NE(refresh(r1).json["refresh_token"], r1);
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 86399}});
    EXPECT_EQ(refresh(r1).status, 200);
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 1}});
    const auto dead = refresh(r1);
    EXPECT_EQ(dead.status, 400);
    EXPECT_EQ(dead.json, (nlohmann::json{{"error", "invalid_grant"}}));
}

TEST_F(QboOAuthHttp, rotation_on_every_refresh_can_be_configured) {
    sandbox_.control("POST", "/__sandbox/qbo/oauth/settings", {{"rotate_refresh_after_s", 0}});
    const std::string r1 = sandbox_.mint_tokens(sandbox_.realm())["refresh_token"];
    const std::string r2 = refresh(r1).json["refresh_token"];
    EXPECT_NE(r2, r1);
    EXPECT_NE(refresh(r2).json["refresh_token"], r2);
}

TEST_F(QboOAuthHttp, revoking_a_token_disconnects_the_company) {
    const auto tokens = sandbox_.mint_tokens(sandbox_.realm());
    const auto revoke =
        sandbox_.raw("POST", "/v2/oauth2/tokens/revoke",
                     nlohmann::json{{"token", tokens["refresh_token"]}}.dump(),
                     {{"Authorization", kBasic}, {"Content-Type", "application/json"}});
    EXPECT_EQ(revoke.status, 200);
    const auto call =
        sandbox_.api_for(sandbox_.realm(), tokens["access_token"], "GET", "companyinfo/1");
    EXPECT_EQ(call.status, 401);
    EXPECT_EQ(call.json["Fault"]["Error"][0]["code"], "3200");
    EXPECT_EQ(refresh(tokens["refresh_token"]).json["error"], "invalid_grant");
}

TEST_F(QboOAuthHttp, token_lifetimes_are_configurable) {
    sandbox_.control("POST", "/__sandbox/qbo/oauth/settings", {{"access_token_ttl_s", 60}});
    const auto tokens = sandbox_.mint_tokens(sandbox_.realm());
    EXPECT_EQ(tokens["expires_in"], 60);
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 61}});
    EXPECT_EQ(
        sandbox_.api_for(sandbox_.realm(), tokens["access_token"], "GET", "companyinfo/1").status,
        401);
}

class QboWebhookHttp : public ::testing::Test {
protected:
    void SetUp() override { sandbox_.authorize(); }
    void subscribe(const WebhookReceiver& receiver, const std::string& format) {
        sandbox_.control("POST", "/__sandbox/qbo/webhooks",
                         {{"urls", {receiver.url()}},
                          {"format", format},
                          {"verifier_token", kVerifier},
                          {"retry_delays_ms", {100, 200, 300}}});
    }
    static constexpr const char* kVerifier = "00faeec4-08d0-4996-bb37-698ae19f0149";
    SandboxProcess sandbox_;
};

TEST_F(QboWebhookHttp, delivers_signed_legacy_notifications) {
    WebhookReceiver receiver;
    subscribe(receiver, "legacy");
    const auto customer = sandbox_.create("Customer", {{"DisplayName", "Hooked"}});
    ASSERT_TRUE(receiver.wait_for(1, std::chrono::seconds(10)));
    const auto delivery = receiver.deliveries().front();
    EXPECT_EQ(delivery.headers.at("intuit-signature"),
              sdk::base64_encode(sdk::hmac_sha256(kVerifier, delivery.body)));
    const auto body = sdk::parse_json_exact(delivery.body);
    const auto& entity = body["eventNotifications"][0]["dataChangeEvent"]["entities"][0];
    EXPECT_EQ(body["eventNotifications"][0]["realmId"], sandbox_.realm());
    EXPECT_EQ(entity["name"], "Customer");
    EXPECT_EQ(entity["id"], customer["Id"]);
    EXPECT_EQ(entity["operation"], "Create");
}

TEST_F(QboWebhookHttp, delivers_signed_cloudevents) {
    WebhookReceiver receiver;
    subscribe(receiver, "cloudevents");
    sandbox_.create("Customer", {{"DisplayName", "Cloudy"}});
    ASSERT_TRUE(receiver.wait_for(1, std::chrono::seconds(10)));
    const auto delivery = receiver.deliveries().front();
    EXPECT_EQ(delivery.headers.at("intuit-signature"),
              sdk::base64_encode(sdk::hmac_sha256(kVerifier, delivery.body)));
    EXPECT_THAT(delivery.headers.at("Content-Type"), HasSubstr("application/cloudevents+json"));
    const auto events = sdk::parse_json_exact(delivery.body);
    ASSERT_TRUE(events.is_array());
    EXPECT_EQ(events[0]["type"], "qbo.customer.created.v1");
    EXPECT_EQ(events[0]["intuitaccountid"], sandbox_.realm());
}

TEST_F(QboWebhookHttp, retries_deliveries_not_answered_with_200) {
    WebhookReceiver receiver({500, 503});
    subscribe(receiver, "legacy");
    sandbox_.create("Customer", {{"DisplayName", "Retry Me"}});
    ASSERT_TRUE(receiver.wait_for(3, std::chrono::seconds(10)));
    const auto deliveries = receiver.deliveries();
    EXPECT_EQ(deliveries[0].answered, 500);
    EXPECT_EQ(deliveries[1].answered, 503);
    EXPECT_EQ(deliveries[2].answered, 200);
    EXPECT_EQ(deliveries[0].body, deliveries[2].body);
    // The sandbox logs an attempt once the answer is in; give the last one a moment.
    nlohmann::json log;
    for (int i = 0; i < 50; ++i) {
        log = sandbox_.control("GET", "/__sandbox/qbo/webhooks");
        if (log["deliveries"].size() >= 3u)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_GE(log["deliveries"].size(), 3u);
    EXPECT_EQ(log["deliveries"][0]["state"], "retrying");
    EXPECT_EQ(log["deliveries"][2]["state"], "delivered");
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
