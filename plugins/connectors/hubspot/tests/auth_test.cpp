// Authentication: a private app's static token; OAuth refreshes (first use, before expiry,
// after a 401, once for many workers), tokens kept encrypted in the state service and reused
// after a restart; refused refresh tokens; check() naming the scopes the app lacks.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "access_check.hpp"
#include "connector.hpp"
#include "hubspot_test_support.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

using nlohmann::json;
using testing::FakeHost;
using testing::json_response;
using testing::oauth_config;
using testing::private_app_config;
using testing::url_path;

const std::string kTokenPath = "/oauth/v1/token";

std::string token_body(const std::string& access, const std::string& refresh, int expires_in = 1800) {
    return json{{"token_type", "bearer"}, {"access_token", access}, {"refresh_token", refresh}, {"expires_in", expires_in}, {"hub_id", 20000001}}.dump();
}

/// An account with nothing in it: empty pages, and its details (a USD account).
sdk::HttpResponse empty_account(const sdk::HttpRequest& r) {
    if (url_path(r.url) == "/account-info/v3/details") {
        return json_response(200, R"({"portalId":20000001,"companyCurrency":"USD","additionalCurrencies":[]})");
    }
    return json_response(200, R"({"results":[]})");
}

TEST(HubSpotAuth, a_private_app_token_is_sent_as_is_and_never_refreshed) {
    FakeHost host;
    host.on_http([&](const sdk::HttpRequest& r) {
        EXPECT_NE(url_path(r.url), kTokenPath);
        EXPECT_EQ(r.header("Authorization"), "Bearer pat-na1-test");
        return empty_account(r);
    });
    HubSpotConnector connector(host.services(), private_app_config());
    const sdk::CheckResult result = connector.check();
    EXPECT_TRUE(result.ok) << result.details;
    // Seven object reads, the token's scopes, the PO number property, the account's details.
    EXPECT_EQ(host.requests().size(), 10u);
    EXPECT_NE(result.details.find("product prices are in USD"), std::string::npos) << result.details;
    EXPECT_TRUE(host.state.empty());
}

TEST(HubSpotAuth, the_first_call_refreshes_and_keeps_the_tokens_encrypted_before_using_them) {
    FakeHost host;
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            EXPECT_EQ(r.method, "POST");
            EXPECT_EQ(r.header("Content-Type"), "application/x-www-form-urlencoded");
            EXPECT_EQ(r.body, "grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=rt-0");
            return json_response(200, token_body("at-1", "rt-1"));
        }
        EXPECT_EQ(r.header("Authorization"), "Bearer at-1");
        EXPECT_EQ(host.puts.size(), 1u);  // stored before the token was used
        return empty_account(r);
    });
    HubSpotConnector connector(host.services(), oauth_config());
    EXPECT_TRUE(connector.check().ok);
    ASSERT_EQ(host.state.count("oauth/tokens"), 1u);
    EXPECT_TRUE(host.state["oauth/tokens"].secret);
    const json stored = json::parse(host.state["oauth/tokens"].value);
    EXPECT_EQ(stored["refresh_token"], "rt-1");
    EXPECT_EQ(stored["access_token"], "at-1");
    EXPECT_EQ(host.counter("hubspot_token_refreshes_total", "result=ok"), 1);
}

TEST(HubSpotAuth, many_workers_needing_a_token_at_once_cause_one_refresh) {
    FakeHost host;
    std::atomic<int> refreshes{0};
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            ++refreshes;
            std::this_thread::yield();
            return json_response(200, token_body("at-" + std::to_string(refreshes.load()), "rt-1"));
        }
        EXPECT_EQ(r.header("Authorization"), "Bearer at-1");
        return empty_account(r);
    });
    const HubSpotConfig config = HubSpotConfig::parse(oauth_config());
    HubSpotClient client(host.services(), config);
    std::vector<std::thread> workers;
    for (int i = 0; i < 8; ++i) {
        workers.emplace_back([&] { client.send({"GET", "/crm/v3/objects/invoices", {}, "", ""}); });
    }
    for (auto& w : workers) w.join();
    EXPECT_EQ(refreshes.load(), 1);
}

TEST(HubSpotAuth, a_token_is_refreshed_before_it_expires_with_the_rotated_refresh_token) {
    FakeHost host;
    int refreshes = 0;
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            ++refreshes;
            EXPECT_NE(r.body.find("refresh_token=rt-" + std::to_string(refreshes - 1)), std::string::npos) << r.body;
            return json_response(200, token_body("at-" + std::to_string(refreshes), "rt-" + std::to_string(refreshes)));
        }
        return empty_account(r);
    });
    const HubSpotConfig config = HubSpotConfig::parse(oauth_config());
    HubSpotClient client(host.services(), config);
    client.send({"GET", "/crm/v3/objects/invoices", {}, "", ""});
    host.now_ms += 20 * 60 * 1000;  // 10 minutes left: still fresh
    client.send({"GET", "/crm/v3/objects/invoices", {}, "", ""});
    EXPECT_EQ(refreshes, 1);
    host.now_ms += 6 * 60 * 1000;  // 4 minutes left: inside the 5-minute margin
    client.send({"GET", "/crm/v3/objects/invoices", {}, "", ""});
    EXPECT_EQ(refreshes, 2);
    EXPECT_EQ(host.requests().back().header("Authorization"), "Bearer at-2");
}

TEST(HubSpotAuth, a_401_refreshes_once_and_sends_again) {
    FakeHost host;
    int refreshes = 0;
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            ++refreshes;
            return json_response(200, token_body("at-" + std::to_string(refreshes), "rt-1"));
        }
        if (r.header("Authorization") == "Bearer at-1") {
            return json_response(401, R"({"status":"error","message":"The OAuth token used to make this call expired 1 minute(s) ago.","category":"EXPIRED_AUTHENTICATION"})");
        }
        return empty_account(r);
    });
    const HubSpotConfig config = HubSpotConfig::parse(oauth_config());
    HubSpotClient client(host.services(), config);
    EXPECT_EQ(client.send({"GET", "/crm/v3/objects/invoices", {}, "", ""}).status, 200);
    EXPECT_EQ(refreshes, 2);
}

TEST(HubSpotAuth, a_restarted_instance_reuses_the_stored_token_and_a_new_configured_refresh_token_wins) {
    FakeHost host;
    int refreshes = 0;
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            ++refreshes;
            return json_response(200, token_body("at-" + std::to_string(refreshes), "rt-stored"));
        }
        return empty_account(r);
    });
    {
        HubSpotConnector first(host.services(), oauth_config());
        EXPECT_TRUE(first.check().ok);
    }
    HubSpotConnector restarted(host.services(), oauth_config());
    EXPECT_TRUE(restarted.check().ok);
    EXPECT_EQ(refreshes, 1);
    HubSpotConnector reinstalled(host.services(), oauth_config({{"refresh_token", "rt-new"}}));
    EXPECT_TRUE(reinstalled.check().ok);
    EXPECT_EQ(refreshes, 2);
    // Before check's seven object reads, its read of the PO number property and of the account
    // (an OAuth token's scopes are not asked: HubSpot wants the token in the URL for that).
    EXPECT_NE(host.requests().at(host.requests().size() - 10).body.find("refresh_token=rt-new"), std::string::npos);
}

// The scopes the token endpoint listed are kept with the tokens: a restarted instance that reuses
// the stored token still knows them, and no token ever goes into a URL to ask.
TEST(HubSpotAuth, the_scopes_an_oauth_token_was_granted_are_kept_with_it_and_checked_after_a_restart) {
    FakeHost host;
    int refreshes = 0;
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == kTokenPath) {
            ++refreshes;
            json body = sdk::parse_json_exact(token_body("at-1", "rt-1"));
            body["scopes"] = {"oauth", "crm.objects.invoices.write", "crm.objects.line_items.write"};
            return json_response(200, body.dump());
        }
        return empty_account(r);
    });
    const std::string lacking =
        "the app lacks the scopes crm.objects.deals.write; add them to the app (Auth tab) and re-authorize or reinstall it";
    {
        HubSpotConnector first(host.services(), oauth_config());
        const sdk::CheckResult checked = first.check();
        EXPECT_FALSE(checked.ok);
        EXPECT_EQ(checked.details, lacking);
    }
    HubSpotConnector restarted(host.services(), oauth_config());
    const sdk::CheckResult checked = restarted.check();
    EXPECT_EQ(refreshes, 1) << "the stored token was not reused";
    EXPECT_FALSE(checked.ok);
    EXPECT_EQ(checked.details, lacking);
    for (const auto& r : host.requests()) EXPECT_EQ(r.url.find("at-1"), std::string::npos) << r.url;
}

TEST(HubSpotAuth, a_refused_refresh_token_is_an_auth_failure_that_says_to_reauthorize) {
    FakeHost host;
    host.on_http([&](const sdk::HttpRequest&) {
        return json_response(400, R"({"status":"BAD_REFRESH_TOKEN","message":"missing or invalid refresh token","correlationId":"c-1"})");
    });
    const HubSpotConfig config = HubSpotConfig::parse(oauth_config());
    HubSpotClient client(host.services(), config);
    try {
        client.send({"GET", "/crm/v3/objects/invoices", {}, "", ""});
        FAIL() << "no error";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::auth);
        EXPECT_NE(e.outcome().reason.find("BAD_REFRESH_TOKEN"), std::string::npos);
        EXPECT_NE(e.outcome().fix_hint.find("re-authorize"), std::string::npos);
    }
}

TEST(HubSpotCheck, names_the_scopes_the_app_lacks) {
    FakeHost host;
    host.on_http([&](const sdk::HttpRequest& r) {
        const std::string path = url_path(r.url);
        if (path == "/crm/v3/objects/invoices" || path == "/crm/v3/objects/products") {
            const std::string scope = path == "/crm/v3/objects/invoices" ? "crm.objects.invoices.read" : "crm.objects.products.read";
            return json_response(403, json{{"status", "error"}, {"message", "This app hasn't been granted all required scopes to make this call."},
                                           {"category", "MISSING_SCOPES"},
                                           {"errors", {{{"message", "One or more of the following scopes are required."},
                                                        {"context", {{"requiredGranularScopes", {scope}}}}}}}}
                                          .dump());
        }
        return empty_account(r);
    });
    HubSpotConnector connector(host.services(), private_app_config());
    const sdk::CheckResult result = connector.check();
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.details.find("crm.objects.invoices.read, crm.objects.products.read"), std::string::npos) << result.details;
}

TEST(HubSpotCheck, granted_scopes_are_read_from_the_token_information_and_compared_with_those_needed) {
    EXPECT_EQ(parse_granted_scopes(R"({"userId":1,"hubId":2,"appId":3,"scopes":["oauth","crm.objects.deals.write"]})"),
              (std::set<std::string>{"oauth", "crm.objects.deals.write"}));
    EXPECT_FALSE(parse_granted_scopes(R"({"hub_id":2})").has_value());
    EXPECT_FALSE(parse_granted_scopes(R"({"scopes":"oauth"})").has_value());
    EXPECT_FALSE(parse_granted_scopes(R"({"scopes":["oauth",7]})").has_value());
    EXPECT_FALSE(parse_granted_scopes("<html>").has_value());
    EXPECT_EQ(scopes_lacking({"a.write", "b.write", "c.write"}, {"b.write", "d.read"}), (std::set<std::string>{"a.write", "c.write"}));
    EXPECT_TRUE(scopes_lacking({"a.write"}, {"a.write", "b.write"}).empty());
}

/// A private app whose token information lists `scopes`; reads all succeed.
sdk::HttpResponse private_app_with(const sdk::HttpRequest& r, const json& scopes, std::string* token_key) {
    if (url_path(r.url) == "/oauth/v2/private-apps/get/access-token-info") {
        *token_key = json::parse(r.body).value("tokenKey", "");
        return json_response(200, json{{"userId", 1}, {"hubId", 20000001}, {"appId", 3}, {"scopes", scopes}}.dump());
    }
    return empty_account(r);
}

TEST(HubSpotCheck, names_the_write_scopes_the_private_app_lacks) {
    FakeHost host;
    std::string token_key;
    host.on_http([&](const sdk::HttpRequest& r) { return private_app_with(r, {"crm.objects.invoices.write", "crm.objects.deals.write"}, &token_key); });
    HubSpotConnector connector(host.services(), private_app_config());
    const sdk::CheckResult result = connector.check();
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(token_key, "pat-na1-test");
    EXPECT_NE(result.details.find("the app lacks the scopes crm.objects.line_items.write; add them"), std::string::npos) << result.details;
}

TEST(HubSpotCheck, passes_saying_the_write_scopes_were_not_verified_when_hubspot_does_not_tell_them) {
    FakeHost host;
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == "/oauth/v2/private-apps/get/access-token-info")
            return json_response(403, json{{"status", "error"}, {"message", "forbidden"}, {"category", "FORBIDDEN"}}.dump());
        return empty_account(r);
    });
    HubSpotConnector connector(host.services(), private_app_config());
    const sdk::CheckResult result = connector.check();
    EXPECT_TRUE(result.ok) << result.details;
    EXPECT_NE(result.details.find("the write scopes (crm.objects.invoices.write, crm.objects.line_items.write, crm.objects.deals.write) "
                                  "were not verified: HubSpot did not tell the token's scopes (HTTP 403)"),
              std::string::npos)
        << result.details;
}

TEST(HubSpotCheck, names_a_configured_invoice_custom_property_the_account_does_not_have) {
    FakeHost host;
    std::vector<std::string> asked;
    host.on_http([&](const sdk::HttpRequest& r) {
        const std::string path = url_path(r.url);
        if (path.rfind("/crm/v3/properties/invoices/", 0) == 0) {
            asked.push_back(path.substr(std::string("/crm/v3/properties/invoices/").size()));
            if (asked.back() == "tracking_number") {
                return json_response(404, json{{"status", "error"}, {"message", "Property tracking_number does not exist"},
                                               {"category", "OBJECT_NOT_FOUND"}}.dump());
            }
            return json_response(200, json{{"name", asked.back()}, {"type", "string"}}.dump());
        }
        return empty_account(r);
    });
    HubSpotConnector missing(host.services(),
                             private_app_config({{"invoice_custom_properties", {"hs_purchase_order_number", "tracking_number"}}}));
    const sdk::CheckResult result = missing.check();
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.details.find("the invoice property \"tracking_number\" of invoice_custom_properties does not exist"),
              std::string::npos)
        << result.details;
    EXPECT_EQ(asked, (std::vector<std::string>{"hs_purchase_order_number", "tracking_number"}));
    HubSpotConnector present(host.services(), private_app_config());
    EXPECT_TRUE(present.check().ok);
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
