// Crash safety with the real connectors: 1,000 finalized HubSpot invoices are backfilled into
// QuickBooks while the `ledgersync` host is SIGKILLed ten times and restarted each time. A kill
// may land between QuickBooks creating an invoice and the host committing that it did; the retry
// after the restart carries the same requestid, which QuickBooks (the sandbox, as the real API)
// answers with the invoice it already made. Afterwards QuickBooks holds exactly one invoice per
// HubSpot invoice, and every HubSpot invoice shows it synced with that invoice's id.

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "invoice_sync_host.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::eventually;
using testing::InvoiceSync;
using testing::InvoiceSyncOptions;

constexpr int kInvoices = 1000;
constexpr int kKills = 10;

InvoiceSyncOptions thousand_open_invoices() {
    InvoiceSyncOptions options;
    options.start_host = false;  // once the sandboxes are slowed down
    options.hubspot_seed = {{"defaults", false},
                            {"static_token", true},
                            {"bulk", {{"invoices", kInvoices}, {"contacts", 25}, {"products", 20}, {"line_items_per_invoice", 2}, {"status", "open"}}}};
    return options;
}

/// QuickBooks' invoices by DocNumber (a number held twice shows as a count above 1).
std::map<std::string, std::vector<json>> qbo_invoices_by_number(const InvoiceSync& sync) {
    std::map<std::string, std::vector<json>> by_number;
    for (const auto& invoice : sync.qbo().entities("Invoice")) by_number[invoice.value("DocNumber", "")].push_back(invoice);
    return by_number;
}

TEST(InvoiceSyncCrash, ten_sigkills_during_a_thousand_invoice_backfill_leave_each_invoice_in_quickbooks_once_and_shown_synced) {
    InvoiceSync sync(thousand_open_invoices());
    // Each QuickBooks batch request takes 3 s (two workers: about 20 invoices a second), so that
    // a kill often lands while a batch is in flight and the backfill outlasts ten restarts on
    // any machine. The APIs' rate limits are off or raised: the connectors keep to their own
    // budgets, but a SIGKILL can lose a budget's last counts, and the 429 that follows holds a
    // restarted host for a minute, which would only make the run bursty.
    sync.qbo().control("POST", "/__sandbox/faults",
                       {{"api", "qbo"}, {"throttling", false}, {"latency_ms", 3000},
                        {"path_prefix", "/v3/company/" + sync.qbo().realm() + "/batch"}});
    sync.hubspot().control("POST", "/__sandbox/hubspot/rate-limits", {{"private_app_ten_second", 1000}});
    sync.start_host();
    // The kills land at points spread over the invoices' way into QuickBooks (the sync status
    // follows each into HubSpot meanwhile), so that each lands during the backfill at a
    // different stage, however fast or slow the machine is.
    const auto progress = [&] { return sync.qbo().entities("Invoice").size(); };
    // Over the first 40% of the work.
    const std::vector<std::size_t> killed_at =
        testing::kill_during(sync, progress, kInvoices, 40, kKills, 15, 20261206, std::chrono::seconds(240));
    EXPECT_EQ(killed_at.size(), static_cast<std::size_t>(kKills)) << "the backfill ended before every kill landed";

    json hubspot_invoices;
    const bool settled = eventually([&] {
        hubspot_invoices = sync.hubspot_objects("invoices");
        return testing::shown_synced(hubspot_invoices) == static_cast<std::size_t>(kInvoices);
    }, std::chrono::seconds(600));
    ASSERT_TRUE(settled) << testing::shown_synced(hubspot_invoices) << " of " << kInvoices << " shown synced\n"
                         << sync.log().substr(0, 20000);

    const auto in_qbo = qbo_invoices_by_number(sync);
    EXPECT_EQ(sync.qbo().entities("Invoice").size(), static_cast<std::size_t>(kInvoices));
    std::set<std::string> numbers;
    for (const auto& invoice : hubspot_invoices) {
        const json& properties = invoice.at("properties");
        const std::string number = properties.value("hs_number", "");
        numbers.insert(number);
        const auto found = in_qbo.find(number);
        ASSERT_NE(found, in_qbo.end()) << "HubSpot invoice " << number << " is not in QuickBooks";
        ASSERT_EQ(found->second.size(), 1u) << "HubSpot invoice " << number << " is in QuickBooks " << found->second.size() << " times";
        const json& written = found->second.front();
        EXPECT_EQ(properties.value("ledgersync_qbo_id", ""), written.value("Id", "")) << number;
        EXPECT_EQ(testing::decimal(written.at("TotalAmt")),
                  sdk::Decimal::parse(properties.value("hs_amount_billed", std::string("-1"))))
            << number;
    }
    EXPECT_EQ(numbers.size(), static_cast<std::size_t>(kInvoices)) << "HubSpot numbers are not distinct";
    const json open_failures = sync.cli_json({"failures", "list", "--state", "open"});
    EXPECT_TRUE(open_failures.empty()) << open_failures.dump(2);

    std::cout << "kills at QuickBooks invoice counts:";
    for (const auto count : killed_at) std::cout << " " << count;
    std::cout << "\n";
}

}  // namespace
}  // namespace ledgersync
