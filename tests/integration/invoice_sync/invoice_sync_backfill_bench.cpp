// Benchmark (label "long": CI neither runs nor times it; docs/performance.md has the command and
// the figures): a 3,000-invoice HubSpot -> QuickBooks backfill through the real host, plugins and
// sandboxes, with QuickBooks' real limits switched on in its sandbox (500 requests a minute per
// company with batch items counted, 10 in flight, 40 batch requests a minute of at most 30
// items). First with the customers and items already in QuickBooks, then with both absent (each
// created once). Each run prints its figures and checks them against the targets of issue 12:
// at least 450 invoices a minute, at most 1.05 QuickBooks rate-limit units, 0.05 QuickBooks HTTP
// requests and 0.1 HubSpot calls per invoice, and no 429 surfacing as a failure.

#include <gtest/gtest.h>

#include <iomanip>
#include <iostream>

#include "invoice_sync_host.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::eventually;
using testing::InvoiceSync;
using testing::InvoiceSyncOptions;

constexpr int kInvoices = 3000;
constexpr int kContacts = 50;
constexpr int kProducts = 20;

struct BackfillFigures {
    double minutes_to_quickbooks = 0;
    double minutes_to_synced = 0;
    std::int64_t qbo_requests = 0;
    std::int64_t qbo_units = 0;  ///< what QuickBooks' per-minute limit counts: requests, batch items for a batch
    std::int64_t qbo_throttled = 0;
    std::int64_t hubspot_calls = 0;
    std::size_t customers = 0;
    std::size_t items = 0;
    std::size_t open_failures = 0;
    json hubspot_by_endpoint;
    json qbo_by_endpoint;
};

/// The bulk seed's contacts and products as QuickBooks customers and items (the same e-mails,
/// names and SKUs), as a company that already bills them has them.
json quickbooks_counterparts() {
    json entities = {{"Customer", json::array()}, {"Item", json::array()}};
    for (int i = 0; i < kContacts; ++i) {
        entities["Customer"].push_back({{"DisplayName", "Bulk Customer " + std::to_string(i)},
                                        {"PrimaryEmailAddr", {{"Address", "bulk" + std::to_string(i) + "@example.com"}}}});
    }
    for (int p = 0; p < kProducts; ++p) {
        entities["Item"].push_back({{"Name", "Bulk product " + std::to_string(p)}, {"Sku", "BULK-" + std::to_string(p)},
                                    {"Type", "Service"}, {"IncomeAccountRef", {{"value", "1"}}}});
    }
    return entities;
}

BackfillFigures backfill(bool counterparts_present) {
    InvoiceSyncOptions options;
    options.hubspot_seed = {{"defaults", false},
                            {"static_token", true},
                            {"bulk",
                             {{"invoices", kInvoices}, {"contacts", kContacts}, {"products", kProducts}, {"line_items_per_invoice", 2},
                              {"status", "open"}}}};
    if (counterparts_present) options.qbo_entities = quickbooks_counterparts();
    options.poll_interval_seconds = 30;
    options.bus_workers = 4;
    options.start_host = false;
    InvoiceSync sync(options);
    const std::size_t customers_before = sync.qbo().entities("Customer").size();
    const std::size_t items_before = sync.qbo().entities("Item").size();
    sync.qbo().control("POST", "/__sandbox/faults",
                       {{"api", "qbo"}, {"throttling", true},
                        {"throttle", {{"qbo", {{"per_minute", 500}, {"concurrent", 10}, {"batch_per_minute", 40}}}}}});
    sync.qbo().control("POST", "/__sandbox/counters/reset");
    sync.hubspot().control("POST", "/__sandbox/counters/reset");

    const auto started = std::chrono::steady_clock::now();
    const auto minutes_since_start = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / 60.0;
    };
    sync.start_host();
    BackfillFigures figures;
    const bool arrived = eventually([&] { return sync.qbo().entities("Invoice").size() >= static_cast<std::size_t>(kInvoices); },
                                    std::chrono::seconds(1800));
    EXPECT_TRUE(arrived) << sync.qbo().entities("Invoice").size() << " invoices in QuickBooks\n" << sync.log().substr(0, 20000);
    figures.minutes_to_quickbooks = minutes_since_start();
    const json qbo_counters = sync.qbo().counters();
    EXPECT_TRUE(eventually([&] { return testing::shown_synced(sync.hubspot_objects("invoices")) == static_cast<std::size_t>(kInvoices); },
                           std::chrono::seconds(600)));
    figures.minutes_to_synced = minutes_since_start();

    figures.qbo_requests = qbo_counters.value("total", std::int64_t{0});
    figures.qbo_units =
        figures.qbo_requests - qbo_counters.value("batch_requests", std::int64_t{0}) + qbo_counters.value("batch_items", std::int64_t{0});
    figures.qbo_throttled = qbo_counters.value("throttled", std::int64_t{0});
    figures.hubspot_calls = sync.hubspot().api_calls();
    figures.hubspot_by_endpoint = sync.hubspot().counters().value("by_endpoint", json::object());
    figures.qbo_by_endpoint = qbo_counters.value("by_endpoint", json::object());
    figures.customers = sync.qbo().entities("Customer").size() - customers_before;
    figures.items = sync.qbo().entities("Item").size() - items_before;
    const json failures = sync.cli_json({"failures", "list", "--state", "open"});
    figures.open_failures = failures.is_array() ? failures.size() : 0;
    EXPECT_EQ(figures.open_failures, 0u) << failures.dump(2).substr(0, 4000);
    EXPECT_EQ(sync.qbo().entities("Invoice").size(), static_cast<std::size_t>(kInvoices));
    return figures;
}

void report(const std::string& title, const BackfillFigures& f) {
    const double per_invoice = 1.0 / kInvoices;
    std::cout << std::fixed << std::setprecision(3) << "\n== " << title << " ==\n"
              << "invoices:                      " << kInvoices << "\n"
              << "minutes until all in QBO:      " << f.minutes_to_quickbooks << " (" << kInvoices / f.minutes_to_quickbooks
              << " invoices/min)\n"
              << "minutes until all shown synced: " << f.minutes_to_synced << "\n"
              << "QBO HTTP requests:             " << f.qbo_requests << " (" << f.qbo_requests * per_invoice << " per invoice)\n"
              << "QBO rate-limit units:          " << f.qbo_units << " (" << f.qbo_units * per_invoice << " per invoice)\n"
              << "QBO 429 answers:               " << f.qbo_throttled << "\n"
              << "HubSpot API calls:             " << f.hubspot_calls << " (" << f.hubspot_calls * per_invoice << " per invoice)\n"
              << "QBO customers / items created: " << f.customers << " / " << f.items << "\n"
              << "open failures:                 " << f.open_failures << "\n"
              << "HubSpot calls by endpoint:     " << f.hubspot_by_endpoint.dump() << "\n"
              << "QBO requests by endpoint:      " << f.qbo_by_endpoint.dump() << "\n";
}

TEST(InvoiceSyncBackfillBench, three_thousand_invoices_with_quickbooks_limits_customers_and_items_present) {
    const BackfillFigures f = backfill(true);
    report("3,000 invoices, customers and items already in QuickBooks", f);
    EXPECT_GE(kInvoices / f.minutes_to_quickbooks, 450.0);
    EXPECT_LE(static_cast<double>(f.qbo_units) / kInvoices, 1.05);
    EXPECT_LE(static_cast<double>(f.qbo_requests) / kInvoices, 0.05);
    EXPECT_LE(static_cast<double>(f.hubspot_calls) / kInvoices, 0.1);
    EXPECT_EQ(f.customers, 0u);
    EXPECT_EQ(f.items, 0u);
}

TEST(InvoiceSyncBackfillBench, three_thousand_invoices_with_quickbooks_limits_customers_and_items_absent) {
    const BackfillFigures f = backfill(false);
    report("3,000 invoices, customers and items created on the way", f);
    EXPECT_EQ(f.customers, static_cast<std::size_t>(kContacts));
    EXPECT_EQ(f.items, static_cast<std::size_t>(kProducts));
    EXPECT_LE(static_cast<double>(f.hubspot_calls) / kInvoices, 0.1);
}

}  // namespace
}  // namespace ledgersync
