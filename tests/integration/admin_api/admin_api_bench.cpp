// How long each admin API query takes with 100,000 invoices in the store (docs/performance.md,
// "Admin API"): the host in this process on SQLite, the invoices written straight into its
// store (as a backfill leaves them: each with its sync status, 1% failed, 1% pending), then
// each query timed over HTTP. Label "long": not part of the default test run.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/admin/admin_tokens.hpp"
#include "bus_scenario.hpp"
#include "http_request.hpp"

namespace ledgersync {
namespace {

using json = nlohmann::json;

constexpr int kInvoices = 100'000;

TEST(AdminApiBench, each_query_with_100000_invoices_in_the_store) {
    testing::BusScenario s;
    const std::string token = api::admin::AdminTokens::generate();
    s.config()["admin_api"] = {{"tokens", {{{"name", "bench"}, {"sha256", api::admin::AdminTokens::hash(token)}}}}};
    s.start();
    const auto load_start = std::chrono::steady_clock::now();
    for (int first = 0; first < kInvoices; first += 5000) {
        s.store().write([&](store::StoreTransaction& tx) {
            for (int i = first; i < first + 5000; ++i) {
                const std::string id = std::to_string(i);
                json body = testing::canonical_invoice("INV-" + id, std::to_string(10 + i % 990) + "." + std::to_string(10 + i % 90),
                                                       i % 7 == 0 ? "paid" : "open");
                body["issue_date"] = "2026-" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + "-" +
                                     std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1);
                body["customer"]["id"] = "C-" + std::to_string(i % 2000);
                body["customer"]["name"] = "Customer " + std::to_string(i % 2000);
                if (i % 5 == 0) body["currency"] = "EUR";
                const store::ObjectKey key{"hubspot", "invoice", id};
                const json record = {{"identity", {{"system", "hubspot"}, {"connection", "hubspot"}, {"type", "invoice"}, {"id", id}}},
                                     {"body", body}};
                const auto event = tx.add_event({0, key, "hubspot", "1", record.dump(), 1});
                tx.put_mirror({key, "hubspot", "1", "", *event, "", 1, false});
                if (i % 100 == 1) {
                    store::Job job;
                    job.route = "invoices";
                    job.source = key;
                    job.source_version = "1";
                    job.target_connection = "quickbooks";
                    job.target_type = "invoice";
                    job.object_key = "quickbooks|" + key.str();
                    job.idempotency_key = "k" + id;
                    job.operation = "upsert";
                    job.next_attempt_at_ms = 4'000'000'000'000;
                    tx.add_job(job);
                } else {
                    tx.put_sync_status({key, "invoices", "quickbooks", i % 100 == 0 ? store::SyncState::failed : store::SyncState::synced,
                                        "Q" + id, i % 100 == 0 ? "refused" : "", 0, 1});
                }
            }
        });
    }
    const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
    std::printf("loaded %d invoices in %.1f s\n", kInvoices, load_s);

    const std::vector<std::pair<std::string, std::string>> queries = {
        {"index, first page (50)", "/api/v1/invoices"},
        {"index, page 1000 (offset 49,950)", "/api/v1/invoices?offset=49950"},
        {"search by number (q=INV-4242)", "/api/v1/invoices?q=INV-4242"},
        {"search by customer name", "/api/v1/invoices?customer=Customer%201999"},
        {"search by amount", "/api/v1/invoices?amount=500.5"},
        {"filters: status, currency, dates", "/api/v1/invoices?status=paid&currency=EUR&issued_from=2026-03-01&issued_to=2026-05-31"},
        {"filter: sync_status=failed", "/api/v1/invoices?sync_status=failed"},
        {"filter: sync_status=pending", "/api/v1/invoices?sync_status=pending"},
        {"invoice detail", "/api/v1/invoices/hubspot/4242"},
        {"failures count", "/api/v1/failures/count"},
        {"routes (job counts)", "/api/v1/routes"},
    };
    std::printf("%-45s %10s %10s %8s\n", "query", "median ms", "max ms", "total");
    for (const auto& [name, path] : queries) {
        std::vector<double> times;
        json last;
        for (int run = 0; run < 5; ++run) {
            const auto start = std::chrono::steady_clock::now();
            const auto r = testing::http_request("GET", s.url() + path, "", {{"Authorization", "Bearer " + token}});
            times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            ASSERT_EQ(r.status, 200) << path << ": " << r.body;
            last = json::parse(r.body);
        }
        std::sort(times.begin(), times.end());
        std::printf("%-45s %10.1f %10.1f %8s\n", name.c_str(), times[2], times.back(),
                    last.contains("total") ? std::to_string(last["total"].get<long long>()).c_str() : "-");
        EXPECT_LT(times[2], 1000.0) << name;  // the console's pages load in under a second
    }
}

}  // namespace
}  // namespace ledgersync
