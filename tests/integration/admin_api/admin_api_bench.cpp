// How long each admin API query takes with 100,000 invoices in the store (docs/performance.md,
// "Admin API"): the host in this process on SQLite, the invoices written straight into its
// store (as a backfill leaves them: each with its sync status, 1% failed, 1% pending), then
// each query timed over HTTP. And the invoice detail with 20,000 payments and 1,000 refunds in
// the store, beside what reading every payment and refund costs (the detail's way before the
// reference index, schema 15). Label "long": not part of the default test run.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <tuple>

#include <gtest/gtest.h>
#include <ledgersync/sdk/json.hpp>
#include <nlohmann/json.hpp>

#include "api/admin/admin_tokens.hpp"
#include "bus_scenario.hpp"
#include "http_request.hpp"

namespace ledgersync {
namespace {

using json = nlohmann::json;

constexpr int kInvoices = 100'000;

/// Times GET `path` 5 times over HTTP; returns the median and the worst in ms and the last body.
std::tuple<double, double, json> time_get(testing::BusScenario& s, const std::string& token, const std::string& path) {
    std::vector<double> times;
    json last;
    for (int run = 0; run < 5; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const auto r = testing::http_request("GET", s.url() + path, "", {{"Authorization", "Bearer " + token}});
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        EXPECT_EQ(r.status, 200) << path << ": " << r.body;
        last = json::parse(r.body);
    }
    std::sort(times.begin(), times.end());
    return {times[2], times.back(), last};
}

/// A host in this process on SQLite, with an admin token.
std::string start_with_token(testing::BusScenario& s) {
    const std::string token = api::admin::AdminTokens::generate();
    s.config()["admin_api"] = {{"tokens", {{{"name", "bench"}, {"sha256", api::admin::AdminTokens::hash(token)}}}}};
    s.start();
    return token;
}

TEST(AdminApiBench, each_query_with_100000_invoices_in_the_store) {
    testing::BusScenario s;
    const std::string token = start_with_token(s);
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
        const auto [median, worst, last] = time_get(s, token, path);
        std::printf("%-45s %10.1f %10.1f %8s\n", name.c_str(), median, worst,
                    last.contains("total") ? std::to_string(last["total"].get<long long>()).c_str() : "-");
        EXPECT_LT(median, 1000.0) << name;  // the console's pages load in under a second
    }
}

TEST(AdminApiBench, invoice_detail_with_20000_payments_in_the_store) {
    constexpr int kPayments = 20'000;
    constexpr int kPaidInvoices = 10'000;
    constexpr int kRefunds = kPaidInvoices / 10;
    testing::BusScenario s;
    const std::string token = start_with_token(s);
    // 10,000 invoices with two payments each (on the 1st and the 2nd); every tenth first payment refunded.
    const auto put = [](store::StoreTransaction& tx, const store::ObjectKey& key, const json& body) {
        const json record = {{"identity", {{"system", "hubspot"}, {"connection", key.connection}, {"type", key.type}, {"id", key.id}}},
                             {"body", body}};
        const auto event = tx.add_event({0, key, "hubspot", "1", record.dump(), 1});
        tx.put_mirror({key, "hubspot", "1", "", *event, "", 1, false});
    };
    const auto load_start = std::chrono::steady_clock::now();
    for (int first = 0; first < kPayments; first += 5000) {
        s.store().write([&](store::StoreTransaction& tx) {
            for (int i = first; i < first + 5000; ++i) {
                const std::string invoice = std::to_string(i % kPaidInvoices);
                if (i < kPaidInvoices) put(tx, {"hubspot", "invoice", invoice}, testing::canonical_invoice("INV-" + invoice, "100.00", "paid"));
                const std::string id = "P" + std::to_string(i);
                put(tx, {"hubspot", "payment", id},
                    {{"amount", "50.00"}, {"currency", "USD"}, {"date", i < kPaidInvoices ? "2026-11-01" : "2026-11-02"},
                     {"status", "succeeded"}, {"invoices", json::array({{{"type", "invoice"}, {"id", invoice}}})}});
                if (i < kPaidInvoices && i % 10 == 0) {
                    put(tx, {"hubspot", "refund", "R" + std::to_string(i)},
                        {{"amount", "5.00"}, {"currency", "USD"}, {"date", "2026-11-03"}, {"status", "succeeded"},
                         {"payment", {{"type", "payment"}, {"id", id}}}});
                }
            }
        });
    }
    const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
    std::printf("loaded %d invoices, %d payments and %d refunds in %.1f s\n", kPaidInvoices, kPayments, kRefunds, load_s);

    const auto [median, worst, detail] = time_get(s, token, "/api/v1/invoices/hubspot/4240");
    ASSERT_EQ(detail.at("payments").size(), 2u) << detail.dump(2);
    EXPECT_EQ(detail.at("payments").at(0).at("refunds").size(), 1u);  // P4240; P14240 has none

    // What the detail did before the reference index: read and parse every payment and refund.
    std::vector<double> scans;
    for (int run = 0; run < 5; ++run) {
        const auto start = std::chrono::steady_clock::now();
        std::int64_t read_records = 0;
        s.store().read([&](store::StoreTransaction& tx) {
            for (const char* type : {"payment", "refund"}) {
                std::string after;
                for (auto page = tx.mirror_entries("hubspot", type, after, 500); !page.empty();
                     page = tx.mirror_entries("hubspot", type, after, 500)) {
                    for (const auto& entry : page) read_records += sdk::parse_json_exact(entry.record_json).contains("body");
                    after = page.back().object.id;
                }
            }
        });
        scans.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        EXPECT_EQ(read_records, kPayments + kRefunds);
    }
    std::sort(scans.begin(), scans.end());
    std::printf("%-45s %10s %10s\n", "with 20,000 payments, 1,000 refunds", "median ms", "max ms");
    std::printf("%-45s %10.1f %10.1f\n", "invoice detail (reference index)", median, worst);
    std::printf("%-45s %10.1f %10.1f\n", "reading every payment and refund (before)", scans[2], scans.back());
    EXPECT_LT(median, 1000.0);
}

}  // namespace
}  // namespace ledgersync
