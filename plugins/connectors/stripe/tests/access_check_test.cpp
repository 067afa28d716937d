// check() on the in-memory host: the reads it makes, the permissions it names from Stripe's 403s,
// and a failure other than 403 ending it at once. The same check against the sandbox's restricted
// keys over HTTP: tests/integration/stripe/stripe_connector_test.cpp.

#include <gtest/gtest.h>

#include "access_check.hpp"
#include "fake_host.hpp"

namespace ledgersync::connectors::stripe {
namespace {

using nlohmann::json;
using quickbooks::testing::FakeHost;
using quickbooks::testing::json_response;

/// check() of a restricted key against `host`.
sdk::CheckResult check_on(FakeHost& host) {
    const auto config = StripeConfig::parse({{"api_key", "rk_test_abcdefghijkl"}, {"environment", {{"base_url", "http://stripe.test"}}}});
    StripeClient client(host.services(), config);
    return AccessCheck(client, config).run();
}

sdk::HttpResponse forbidden(const std::string& message) {
    return json_response(403, json{{"error", {{"type", "invalid_request_error"}, {"message", message}}}}.dump());
}

sdk::HttpResponse allowed(const sdk::HttpRequest& request) {
    if (quickbooks::testing::url_path(request.url) == "/v1/balance") {
        return json_response(200, R"({"object":"balance","livemode":false,"available":[{"amount":0,"currency":"eur"}],"pending":[]})");
    }
    return json_response(200, R"({"object":"list","data":[],"has_more":false})");
}

TEST(StripeAccessCheck, reads_the_balance_and_one_of_each_list_the_reader_uses_with_its_expansions) {
    FakeHost host;
    host.on_http(allowed);
    const auto result = check_on(host);
    EXPECT_TRUE(result.ok) << result.details;
    EXPECT_NE(result.details.find("balance in eur"), std::string::npos) << result.details;
    EXPECT_NE(result.details.find("Write on Refunds"), std::string::npos) << result.details;
    std::vector<std::string> urls;
    for (const auto& request : host.requests()) {
        EXPECT_EQ(request.method, "GET");
        EXPECT_EQ(request.budget, "read");
        urls.push_back(request.url);
    }
    EXPECT_EQ(urls, (std::vector<std::string>{
                        "http://stripe.test/v1/balance",
                        "http://stripe.test/v1/charges?limit=1&expand%5B%5D=data.balance_transaction",
                        "http://stripe.test/v1/refunds?limit=1&expand%5B%5D=data.balance_transaction",
                        "http://stripe.test/v1/payouts?limit=1",
                        "http://stripe.test/v1/disputes?limit=1",
                        "http://stripe.test/v1/events?limit=1",
                        "http://stripe.test/v1/balance_transactions?limit=1&expand%5B%5D=data.source",
                    }));
}

TEST(StripeAccessCheck, names_the_permission_stripe_names_else_the_one_the_read_needs) {
    FakeHost host;
    host.on_http([](const sdk::HttpRequest& request) {
        // An expansion may need another resource's permission: Stripe's word is taken.
        if (request.url.find("/v1/charges") != std::string::npos)
            return forbidden("The provided key 'rk_test_******ghijkl' does not have the required permissions for this endpoint on "
                             "account 'acct_1'. Having the 'rak_payment_intent_read' permission would allow this request to continue.");
        if (request.url.find("/v1/payouts") != std::string::npos)
            return forbidden("This is a restricted API key, but the required permissions are not available for use by restricted keys.");
        return allowed(request);
    });
    const auto result = check_on(host);
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.details.find("Stripe refused 2 of the connector's 7 reads"), std::string::npos) << result.details;
    EXPECT_NE(result.details.find("GET /v1/charges needs 'rak_payment_intent_read'"), std::string::npos) << result.details;
    EXPECT_NE(result.details.find("GET /v1/payouts needs 'rak_payout_read'"), std::string::npos) << result.details;
    EXPECT_NE(result.details.find("with 'rak_payment_intent_read' and Read on Payouts besides"), std::string::npos) << result.details;
    EXPECT_EQ(result.details.find("rak_charge_read"), std::string::npos) << result.details;
    EXPECT_EQ(host.requests().size(), 7u) << "every read is tried once";
}

TEST(StripeAccessCheck, a_failure_other_than_403_ends_the_check_with_its_reason) {
    FakeHost host;
    host.on_http([](const sdk::HttpRequest& request) {
        if (request.url.find("/v1/refunds") != std::string::npos)
            return json_response(401, R"({"error":{"type":"invalid_request_error","message":"Invalid API Key provided: rk_test_*********ijkl"}})");
        return allowed(request);
    });
    const auto result = check_on(host);
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.details.find("401"), std::string::npos) << result.details;
    EXPECT_NE(result.details.find("to fix: check api_key"), std::string::npos) << result.details;
    EXPECT_EQ(host.requests().size(), 3u) << "nothing is read after the key was refused";
}

}  // namespace
}  // namespace ledgersync::connectors::stripe
