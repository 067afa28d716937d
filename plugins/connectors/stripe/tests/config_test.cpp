#include <gtest/gtest.h>

#include <ledgersync/sdk/outcome.hpp>

#include "config.hpp"

namespace ledgersync::connectors::stripe {
namespace {

using nlohmann::json;

std::string problems_of(const json& config) {
    try {
        StripeConfig::parse(config);
    } catch (const sdk::Error& e) {
        return e.outcome().reason;
    }
    return {};
}

TEST(StripeConfig, a_key_alone_talks_to_api_stripe_com_with_the_pinned_version) {
    const auto c = StripeConfig::parse({{"api_key", "sk_test_abc"}});
    EXPECT_EQ(c.api_base_url, "https://api.stripe.com");
    EXPECT_EQ(c.stripe_version, "2023-08-16");
    EXPECT_TRUE(c.webhook_secrets.empty());
    EXPECT_EQ(c.limits.page_size, 100);
    EXPECT_EQ(c.limits.signature_tolerance_seconds, 300);
    EXPECT_EQ(c.invoice_metadata_key, "hubspot_invoice_id");
}

TEST(StripeConfig, reads_an_emulator_url_both_secrets_and_limits) {
    const auto c = StripeConfig::parse({{"api_key", "rk_live_abc"},
                                        {"environment", {{"base_url", "http://127.0.0.1:9/"}}},
                                        {"webhook_secret", "whsec_new"},
                                        {"previous_webhook_secret", "whsec_old"},
                                        {"sync_from", "2026-01-01"},
                                        {"limits", {{"page_size", 50}}}});
    EXPECT_EQ(c.api_base_url, "http://127.0.0.1:9");
    EXPECT_EQ(c.webhook_secrets, (std::vector<std::string>{"whsec_new", "whsec_old"}));
    EXPECT_EQ(c.sync_from, 1767225600);
    EXPECT_EQ(c.limits.page_size, 50);
}

TEST(StripeConfig, rejects_unknown_keys_at_their_path) {
    EXPECT_NE(problems_of({{"api_key", "sk_test_abc"}, {"webhook_secrt", "x"}}).find("/webhook_secrt"), std::string::npos);
    EXPECT_NE(problems_of({{"api_key", "sk_test_abc"}, {"limits", {{"pages", 1}}}}).find("/limits/pages"), std::string::npos);
}

TEST(StripeConfig, a_missing_or_malformed_key_is_refused_without_quoting_it) {
    EXPECT_NE(problems_of(json::object()).find("/api_key"), std::string::npos);
    const std::string problems = problems_of({{"api_key", "pk_live_publishable_secretish"}});
    EXPECT_NE(problems.find("not a Stripe secret or restricted key"), std::string::npos);
    EXPECT_EQ(problems.find("publishable_secretish"), std::string::npos);
}

TEST(StripeConfig, refuses_a_page_size_stripe_does_not_allow_and_a_lone_previous_secret) {
    EXPECT_NE(problems_of({{"api_key", "sk_test_abc"}, {"limits", {{"page_size", 101}}}}).find("/limits/page_size"), std::string::npos);
    EXPECT_NE(problems_of({{"api_key", "sk_test_abc"}, {"previous_webhook_secret", "whsec_old"}}).find("/previous_webhook_secret"),
              std::string::npos);
    EXPECT_NE(problems_of({{"api_key", "sk_test_abc"}, {"environment", {{"base_url", "ftp://x"}}}}).find("/environment/base_url"),
              std::string::npos);
    EXPECT_NE(problems_of({{"api_key", "sk_test_abc"}, {"sync_from", "yesterday"}}).find("/sync_from"), std::string::npos);
}

}  // namespace
}  // namespace ledgersync::connectors::stripe
