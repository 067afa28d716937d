// Stripe's official Node client (tests/sandbox/clients/stripe, installed by `npm ci`) runs
// unchanged against the sandbox: every operation a payments connector uses.

#include <filesystem>

#include <gtest/gtest.h>

#include "child_process.hpp"
#include "stripe_sandbox.hpp"

namespace ledgersync::sandbox::testing {
namespace {

TEST(StripeNodeClient, official_client_works_unchanged_against_the_sandbox) {
    const std::filesystem::path client_dir = LEDGERSYNC_STRIPE_CLIENT_DIR;
    ASSERT_TRUE(std::filesystem::exists(client_dir / "node_modules" / "stripe" / "package.json"))
        << "the Stripe Node client is not installed; run: npm ci --prefix " << client_dir.string()
        << " (scripts/test.sh does)";
    StripeSandbox stripe;
    const auto result = ledgersync::testing::run_command(
        LEDGERSYNC_NODE, {(client_dir / "check_stripe_node.mjs").string()},
        {{"STRIPE_SANDBOX_URL", stripe.url()}}, std::chrono::seconds(240));
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("# fail 0"), std::string::npos) << result.out << result.err;
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
