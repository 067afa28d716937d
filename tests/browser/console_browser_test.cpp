// The web console (host/web) in headless Chromium, end to end: the HubSpot, QuickBooks and
// Stripe sandboxes and the `ledgersync run` process (payment_sync_fixture.hpp) with an admin
// token, one invoice QuickBooks cannot represent (the demo's), a card
// payment on another (refunded in part from the console); then console_test.mjs drives the browser (playwright-core, Debian's
// chromium). Screenshots of a failing step are kept under the build directory (path printed).

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/admin/admin_tokens.hpp"
#include "payment_sync_fixture.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::eventually;
using testing::PaymentSync;
using testing::PaymentSyncOptions;
using testing::wait_for_qbo_invoice;

TEST(ConsoleBrowser, operator_sees_the_failure_retries_it_after_the_fix_searches_and_opens_an_invoice) {
    const std::string token = api::admin::AdminTokens::generate();
    PaymentSyncOptions options;
    // No server.console_dir: the host built beside build/share/ledgersync/console finds it as an
    // installed host does.
    options.admin_api = {{"tokens", {{{"name", "console"}, {"sha256", api::admin::AdminTokens::hash(token)}, {"scope", "admin"}}}}};
    PaymentSync p(options);
    auto& sync = p.sync();

    // A card payment on the plain invoice, once it is in QuickBooks.
    const json plain = wait_for_qbo_invoice(sync, "plain");
    ASSERT_FALSE(plain.is_null()) << sync.log();
    const std::string charge = p.pay(sync.invoice_id("plain"), "600.00");
    ASSERT_EQ(p.wait_for_qbo_payments(plain.at("Id"), 1).size(), 1u) << sync.log();

    // The unrepresentable invoice fails; its cause is fixed at the source (HubSpot), so that its
    // next version reaches QuickBooks while the old version's failure stays open for the console.
    const std::string failing = "hubspot/invoice/" + sync.invoice_id("unrepresentable");
    ASSERT_TRUE(eventually([&] { return !sync.failures_of(failing).empty(); })) << sync.log();
    const json invoice = sync.hubspot_object("invoices", sync.invoice_id("unrepresentable"));
    const std::string line_item = invoice.at("associations").at("line_items").at(0);
    const auto patched = sync.hubspot_api("PATCH", "/crm/v3/objects/line_items/" + line_item,
                                          {{"properties", {{"hs_discount_percentage", "3"}}}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    ASSERT_FALSE(wait_for_qbo_invoice(sync, "unrepresentable").is_null()) << sync.log();
    const auto count = testing::http_request("GET", sync.host_url() + "/api/v1/failures/count", "",
                                             {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(count.status, 200) << count.body;
    ASSERT_EQ(json::parse(count.body).at("count"), 1) << "the console test expects the one failing invoice: "
                                                      << sync.cli({"failures", "list"}).out;

    const std::filesystem::path screenshots = std::filesystem::path(LEDGERSYNC_BROWSER_ARTIFACTS_DIR) / "screenshots";
    const json spec = {{"url", sync.host_url()},
                       {"token", token},
                       {"chromium", LEDGERSYNC_CHROMIUM},
                       {"screenshot_dir", screenshots.string()},
                       {"expected_failures", 1},
                       {"failing_number", sync.hubspot_number("unrepresentable")},
                       {"paid_number", sync.hubspot_number("plain")},
                       {"invoice_route", "hubspot-invoices-to-qbo"},
                       {"charge", charge},
                       {"paid_amount", "600.00"},
                       {"refund_amount", "25.00"},
                       {"refund_cents", 2500},
                       {"stripe_url", p.stripe().url()},
                       {"stripe_key", testing::StripeEmulator::kTestKey}};
    std::filesystem::create_directories(LEDGERSYNC_BROWSER_ARTIFACTS_DIR);
    const auto spec_file = std::filesystem::path(LEDGERSYNC_BROWSER_ARTIFACTS_DIR) / "console_spec.json";
    {
        std::ofstream out(spec_file);
        out << spec.dump(2);
    }
    const auto run = testing::run_command(LEDGERSYNC_NODE, {std::string(LEDGERSYNC_BROWSER_TEST_DIR) + "/console_test.mjs",
                                                            spec_file.string()},
                                          {}, std::chrono::seconds(120));
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err << "\nhost log:\n" << sync.log();
    std::cout << run.out;
    // The console's partial refund, at Stripe and booked in QuickBooks against the card payment.
    const json refunds = p.stripe_refunds(charge);
    ASSERT_EQ(refunds.size(), 1u) << refunds.dump(2);
    EXPECT_EQ(refunds.at(0).at("amount"), 2500);
    const auto qbo_payments = p.qbo_payments_of(plain.at("Id"));
    ASSERT_EQ(qbo_payments.size(), 1u);
    const auto qbo_refunds = p.qbo_refunds_of(qbo_payments.at(0).at("Id"));
    ASSERT_EQ(qbo_refunds.size(), 1u) << sync.log();
    EXPECT_EQ(testing::usd(qbo_refunds.at(0).at("TotalAmt")), "25.00");
}

}  // namespace
}  // namespace ledgersync
