// The admin API over real HTTP: tokens and scopes, the invoice index's search, filters and
// paging, an invoice's detail and PDF, failures, connections and routes, /metrics and /readyz.

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/admin/admin_tokens.hpp"
#include "bus/outcome_event.hpp"
#include "bus_scenario.hpp"
#include "child_process.hpp"
#include "http_request.hpp"
#include "prometheus_text.hpp"
#include "scratch_store.hpp"

namespace ledgersync {
namespace {

using json = nlohmann::json;
using testing::BusScenario;
using testing::envelope;
using ::testing::HasSubstr;

/// A host with ledgers src and dst, route invoices src -> dst, 30 invoices of which I7 fails
/// (a field dst refuses until the file `fixed` exists), and two tokens: read and admin. A ledger
/// is down (its writes and PDFs fail transiently) while the file `<name>-down` exists. Every
/// test runs on each store engine: the API answers the same from both.
class AdminApiTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    void SetUp() override {
        s_.config()["store"] = database_.store_config();
        s_.add_ledger("src", {{"transient_while_file_exists", down("src").string()}});
        s_.add_ledger("dst", {{"reject_field", "terms"},
                              {"accept_rejected_when_file_exists", s_.path("fixed").string()},
                              {"transient_while_file_exists", down("dst").string()}});
        json invoices = {{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}};
        if (backfill_held_) {
            // Every write fails (transient) until the test removes the file; then retries come quickly.
            std::ofstream(down("dst")) << "down";
            invoices["retry"] = {{"base_delay_ms", 50}, {"max_delay_ms", 200}};
        }
        s_.add_route(invoices);
        if (with_payments_route_) {
            s_.add_route({{"name", "payments"}, {"from", "src.payment"}, {"to", "dst.payment"}});
            s_.add_route({{"name", "refunds"}, {"from", "src.refund"}, {"to", "dst.refund"}});
        }
        s_.config()["admin_api"] = {{"tokens",
                                     {{{"name", "viewer"}, {"sha256", api::admin::AdminTokens::hash(read_token_)}},
                                      {{"name", "ops"}, {"sha256", api::admin::AdminTokens::hash(admin_token_)}, {"scope", "admin"}}}}};
        std::vector<json> records;
        for (int i = 0; i < 30; ++i) {
            const std::string n = std::to_string(i);
            json body = testing::canonical_invoice("INV-" + std::string(i < 10 ? "00" : "0") + n, std::to_string(100 + i) + ".50",
                                                   i % 5 == 0 ? "paid" : "open");
            body["issue_date"] = "2026-10-" + std::string(i + 1 < 10 ? "0" : "") + std::to_string(i + 1);
            body["customer"]["id"] = i % 3 == 0 ? "C-ACME" : "C-OTHER";
            body["customer"]["name"] = i % 3 == 0 ? "Acme Corporation" : "Other Ltd";
            if (i % 4 == 0) body["currency"] = "EUR";
            if (i == 7) body["terms"] = "Net 30";
            records.push_back(envelope("invoice", "I" + n, "1", body));
        }
        s_.append("src", records);
        s_.start();
        if (backfill_held_) return;
        ASSERT_TRUE(BusScenario::eventually([&] { return s_.job_counts().done == 29 && s_.job_counts().failed == 1; }));
    }

    testing::HttpResult call(const std::string& method, const std::string& path, const std::string& token,
                             const std::string& body = "") {
        std::map<std::string, std::string> headers;
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        if (!body.empty()) headers["Content-Type"] = "application/json";
        return testing::http_request(method, s_.url() + path, body, headers);
    }
    testing::HttpResult get(const std::string& path) { return call("GET", path, read_token_); }
    testing::HttpResult post(const std::string& path) { return call("POST", path, admin_token_); }
    /// The body of a 200 GET of `path`.
    json get_json(const std::string& path) {
        const auto r = get(path);
        EXPECT_EQ(r.status, 200) << path << ": " << r.body;
        return json::parse(r.body);
    }
    /// The ids of the invoices `query` finds (one page of up to 500).
    std::set<std::string> ids(const std::string& query) {
        const json page = get_json("/api/v1/invoices?limit=500&" + query);
        std::set<std::string> found;
        for (const auto& i : page.at("invoices")) found.insert(i.at("id").get<std::string>());
        return found;
    }
    static void expect_error(const testing::HttpResult& r, int status, const std::string& code, const std::string& mentions) {
        EXPECT_EQ(r.status, status) << r.body;
        const json body = json::parse(r.body);
        EXPECT_EQ(body.at("error").at("code"), code) << r.body;
        EXPECT_THAT(body.at("error").at("message").get<std::string>(), HasSubstr(mentions));
        EXPECT_FALSE(body.at("error").at("fix").get<std::string>().empty());
    }

    std::filesystem::path down(const std::string& ledger) const { return s_.path(ledger + "-down"); }

    /// Starts the host again with a value in `ledger`'s config that its plugin refuses: the host
    /// runs without that connection (GET /api/v1/connections says it is refused and why).
    void restart_without(const std::string& ledger) {
        s_.stop();
        s_.config()["connections"][ledger]["config"]["transient_per_mille"] = 5000;
        s_.start();
        const json connections = get_json("/api/v1/connections").at("connections");
        for (const auto& c : connections) {
            EXPECT_EQ(c.at("state"), c.at("name") == ledger ? "refused" : "running") << c.dump();
            if (c.at("name") == ledger) {
                EXPECT_THAT(c.at("reason").get<std::string>(), HasSubstr("5000")) << c.dump();
            }
        }
    }

    /// Adds routes payments and refunds src -> dst (AdminApiPaymentsTest).
    bool with_payments_route_ = false;
    /// Starts with dst down, so the first read's 30 jobs wait, and returns without waiting
    /// for them (AdminApiBackfillTest).
    bool backfill_held_ = false;
    testing::ScratchDatabase database_{GetParam()};
    BusScenario s_;
    const std::string read_token_ = api::admin::AdminTokens::generate();
    const std::string admin_token_ = api::admin::AdminTokens::generate();
};

TEST_P(AdminApiTest, refuses_missing_wrong_and_read_only_tokens_with_json_errors) {
    const auto missing = call("GET", "/api/v1/invoices", "");
    expect_error(missing, 401, "unauthenticated", "no bearer token");
    EXPECT_EQ(missing.headers.at("WWW-Authenticate"), "Bearer realm=\"ledgersync\"");
    expect_error(call("GET", "/api/v1/invoices", "lsk_not-a-token"), 401, "invalid_token", "not one of this host's tokens");
    const auto basic = testing::http_request("GET", s_.url() + "/api/v1/failures", "", {{"Authorization", "Basic dXNlcjpwdw=="}});
    expect_error(basic, 401, "unauthenticated", "not 'Bearer <token>'");
    expect_error(call("POST", "/api/v1/failures/retry", read_token_), 403, "forbidden", "token 'viewer' has scope read");
    expect_error(get("/api/v1/nothing-here"), 404, "not_found", "/api/v1/nothing-here");
    expect_error(call("POST", "/api/v1/invoices", admin_token_), 405, "method_not_allowed", "POST");
    // Unknown paths are told apart only to a caller with a token.
    expect_error(call("GET", "/api/v1/nothing-here", ""), 401, "unauthenticated", "no bearer token");
    // No cookie is ever set.
    EXPECT_EQ(get("/api/v1/invoices").headers.count("Set-Cookie"), 0u);

    const auto openapi = call("GET", "/api/v1/openapi.json", "");
    ASSERT_EQ(openapi.status, 200);
    const json document = json::parse(openapi.body);
    EXPECT_EQ(document.at("openapi"), "3.0.3");
    EXPECT_TRUE(document.at("paths").contains("/api/v1/invoices/{connection}/{id}/pdf"));
    EXPECT_TRUE(document.at("paths").at("/api/v1/payments/{connection}/{id}/refund").contains("post"));
    EXPECT_TRUE(document.at("paths").at("/api/v1/payments/{connection}/{id}").contains("delete"));
    EXPECT_TRUE(document.at("paths").at("/api/v1/reports/fees").contains("get"));
    EXPECT_TRUE(document.at("paths").at("/api/v1/activity").contains("get"));
}

TEST_P(AdminApiTest, invoice_index_searches_filters_and_pages_in_a_stable_order) {
    const json all = get_json("/api/v1/invoices");
    EXPECT_EQ(all.at("total"), 30);
    EXPECT_EQ(all.at("invoices").size(), 30u);
    // Newest issue date first.
    EXPECT_EQ(all.at("invoices").at(0).at("id"), "I29");
    EXPECT_EQ(all.at("invoices").at(0).at("total"), "129.50");
    EXPECT_EQ(all.at("next_offset"), nullptr);

    EXPECT_EQ(ids("number=inv-012"), (std::set<std::string>{"I12"}));
    EXPECT_EQ(ids("q=INV-02"), (std::set<std::string>{"I20", "I21", "I22", "I23", "I24", "I25", "I26", "I27", "I28", "I29"}));
    EXPECT_EQ(ids("amount=105.5"), (std::set<std::string>{"I5"}));  // 105.50 as a decimal
    EXPECT_EQ(ids("q=105.500"), (std::set<std::string>{"I5"}));
    EXPECT_EQ(ids("customer=acme").size(), 10u);
    EXPECT_EQ(ids("customer=C-OTHER").size(), 20u);
    EXPECT_EQ(ids("status=paid"), (std::set<std::string>{"I0", "I5", "I10", "I15", "I20", "I25"}));
    EXPECT_EQ(ids("currency=EUR").size(), 8u);
    EXPECT_EQ(ids("issued_from=2026-10-03&issued_to=2026-10-05"), (std::set<std::string>{"I2", "I3", "I4"}));
    EXPECT_EQ(ids("sync_status=failed"), (std::set<std::string>{"I7"}));
    EXPECT_EQ(ids("sync_status=synced").size(), 29u);
    EXPECT_EQ(ids("source_system=ledger").size(), 30u);
    EXPECT_TRUE(ids("connection=dst").empty());
    EXPECT_EQ(ids("status=paid&customer=acme&currency=EUR"), (std::set<std::string>{"I0"}));

    // Pages of 7 cover every invoice once, in the order of the whole list.
    std::vector<std::string> paged;
    json page = get_json("/api/v1/invoices?limit=7");
    for (int pages = 0; pages < 10; ++pages) {
        EXPECT_EQ(page.at("total"), 30);
        for (const auto& i : page.at("invoices")) paged.push_back(i.at("id"));
        if (page.at("next_offset").is_null()) break;
        page = get_json("/api/v1/invoices?limit=7&offset=" + std::to_string(page.at("next_offset").get<int>()));
    }
    std::vector<std::string> whole;
    for (const auto& i : all.at("invoices")) whole.push_back(i.at("id"));
    EXPECT_EQ(paged, whole);
}

TEST_P(AdminApiTest, bad_parameters_get_400s_that_name_the_parameter_and_the_fix) {
    expect_error(get("/api/v1/invoices?limit=0"), 400, "bad_parameter", "'limit'");
    expect_error(get("/api/v1/invoices?limit=ten"), 400, "bad_parameter", "\"ten\" is not an integer");
    expect_error(get("/api/v1/invoices?offset=-1"), 400, "bad_parameter", "'offset'");
    expect_error(get("/api/v1/invoices?status=unpaid"), 400, "bad_parameter", "\"unpaid\" is not allowed");
    expect_error(get("/api/v1/invoices?sync_status=broken"), 400, "bad_parameter", "'sync_status'");
    expect_error(get("/api/v1/invoices?issued_from=2026-13-45"), 400, "bad_parameter", "is not a date");
    expect_error(get("/api/v1/invoices?issued_from=2026-10-05&issued_to=2026-10-01"), 400, "bad_parameter", "before issued_from");
    expect_error(get("/api/v1/invoices?amount=12%2C50"), 400, "bad_parameter", "is not an amount");
    expect_error(get("/api/v1/invoices?currency=usd"), 400, "bad_parameter", "ISO 4217");
    expect_error(get("/api/v1/invoices?colour=red"), 400, "bad_parameter", "'colour'");
    expect_error(get("/api/v1/invoices?limit=5&limit=6"), 400, "bad_parameter", "more than once");
    expect_error(get("/api/v1/failures?state=sleeping"), 400, "bad_parameter", "'state'");
    expect_error(get("/api/v1/failures/abc"), 400, "bad_parameter", "\"abc\" is not a failure id");
}

TEST_P(AdminApiTest, invoice_detail_has_properties_lines_payments_links_sync_status_and_timeline) {
    const json invoice = get_json("/api/v1/invoices/src/I3");
    EXPECT_EQ(invoice.at("object"), "src/invoice/I3");
    EXPECT_EQ(invoice.at("properties").at("number"), "INV-003");
    EXPECT_EQ(invoice.at("properties").at("totals").at("total"), "103.50");
    EXPECT_FALSE(invoice.at("properties").contains("lines"));
    ASSERT_EQ(invoice.at("lines").size(), 1u);
    EXPECT_EQ(invoice.at("lines").at(0).at("amount"), "103.50");
    EXPECT_TRUE(invoice.at("payments").is_array());
    ASSERT_EQ(invoice.at("sync_status").size(), 1u);
    EXPECT_EQ(invoice.at("sync_status").at(0).at("state"), "synced");
    const std::string copy = invoice.at("sync_status").at(0).at("target_id");
    ASSERT_EQ(invoice.at("links").size(), 1u);
    EXPECT_EQ(invoice.at("links").at(0).at("object"), "dst/invoice/" + copy);
    std::vector<std::string> events;
    for (const auto& t : invoice.at("timeline")) events.push_back(t.at("event"));
    EXPECT_THAT(events, ::testing::IsSupersetOf({"received", "routed", "written"}));

    const json failed = get_json("/api/v1/invoices/src/I7");
    EXPECT_EQ(failed.at("sync_status").at(0).at("state"), "failed");
    EXPECT_THAT(failed.at("sync_status").at(0).at("reason").get<std::string>(), HasSubstr("terms"));

    expect_error(get("/api/v1/invoices/src/NOPE"), 404, "not_found", "src/invoice/NOPE");
}

TEST_P(AdminApiTest, invoice_pdf_downloads_from_the_connection_chosen_among_those_holding_a_copy) {
    // src and dst both make PDFs (the ledger does) and both hold I3: named by its src key, the PDF
    // is src's own unless the caller chooses dst.
    const auto own = get("/api/v1/invoices/src/I3/pdf");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.body, "%PDF-1.4\n% ledger invoice I3\n%%EOF\n");
    const json invoice = get_json("/api/v1/invoices/src/I3");
    const std::string copy = invoice.at("sync_status").at(0).at("target_id");
    const auto pdf = get("/api/v1/invoices/src/I3/pdf?from=dst");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.headers.at("Content-Type"), "application/pdf");
    EXPECT_THAT(pdf.headers.at("Content-Disposition"), HasSubstr("attachment"));
    EXPECT_EQ(pdf.body, "%PDF-1.4\n% ledger invoice " + copy + "\n%%EOF\n");
    // I7 never reached dst.
    expect_error(get("/api/v1/invoices/src/I7/pdf?from=dst"), 409, "not_synced", "failed");
    expect_error(get("/api/v1/invoices/src/I3/pdf?from=elsewhere"), 400, "bad_parameter", "'from'");
    expect_error(get("/api/v1/invoices/src/NOPE/pdf"), 404, "not_found", "knows nothing of src/invoice/NOPE");
}

TEST_P(AdminApiTest, a_pdf_the_connection_cannot_make_now_is_a_502_naming_the_cause_and_comes_once_it_is_back) {
    const std::string copy = get_json("/api/v1/invoices/src/I3").at("sync_status").at(0).at("target_id");
    testing::write_file(down("dst"), "down");
    expect_error(get("/api/v1/invoices/src/I3/pdf?from=dst"), 502, "fetch_failed",
                 "the PDF of src/invoice/I3 (dst invoice " + copy + ") could not be fetched: the ledger is down");
    std::filesystem::remove(down("dst"));
    const auto pdf = get("/api/v1/invoices/src/I3/pdf?from=dst");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.body, "%PDF-1.4\n% ledger invoice " + copy + "\n%%EOF\n");
}

TEST_P(AdminApiTest, a_pdf_from_a_connection_that_is_not_running_is_a_503_naming_it_and_the_other_connections_serve) {
    const std::string copy = get_json("/api/v1/invoices/src/I3").at("sync_status").at(0).at("target_id");
    restart_without("dst");
    const auto journal_before = s_.receipts("dst").size();
    const auto timeline_before = s_.timeline({"src", "invoice", "I3"}).size();
    const auto pdf = get("/api/v1/invoices/src/I3/pdf?from=dst");
    expect_error(pdf, 503, "connection_not_running", "connection 'dst' is not running");
    EXPECT_THAT(json::parse(pdf.body).at("error").at("fix").get<std::string>(), HasSubstr("GET /api/v1/connections"));
    EXPECT_EQ(s_.receipts("dst").size(), journal_before);
    EXPECT_EQ(s_.timeline({"src", "invoice", "I3"}).size(), timeline_before);
    // src runs: its own PDF of I3 comes as ever.
    const auto own = get("/api/v1/invoices/src/I3/pdf");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.body, "%PDF-1.4\n% ledger invoice I3\n%%EOF\n");
    EXPECT_EQ(get_json("/api/v1/invoices/src/I3").at("sync_status").at(0).at("target_id"), copy);
}

TEST_P(AdminApiTest, failures_are_counted_shown_retried_after_the_fix_and_dismissed) {
    EXPECT_EQ(get_json("/api/v1/failures/count").at("count"), 1);
    const json list = get_json("/api/v1/failures");
    ASSERT_EQ(list.at("failures").size(), 1u);
    const json f = list.at("failures").at(0);
    EXPECT_EQ(f.at("object"), "src/invoice/I7");
    EXPECT_EQ(f.at("class"), "data");
    const int id = f.at("id");
    const json shown = get_json("/api/v1/failures/" + std::to_string(id));
    EXPECT_EQ(shown.at("payload").at("body").at("terms"), "Net 30");
    EXPECT_FALSE(shown.at("timeline").empty());
    expect_error(get("/api/v1/failures/999999"), 404, "not_found", "no failure 999999");

    expect_error(call("POST", "/api/v1/failures/" + std::to_string(id) + "/retry", read_token_), 403, "forbidden", "scope read");
    std::ofstream(s_.path("fixed")) << "fixed\n";
    const auto retried = post("/api/v1/failures/" + std::to_string(id) + "/retry");
    ASSERT_EQ(retried.status, 200) << retried.body;
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.job_counts().done == 30; }));
    EXPECT_EQ(get_json("/api/v1/failures/count").at("count"), 0);
    EXPECT_EQ(get_json("/api/v1/failures/count?state=resolved").at("count"), 1);
    EXPECT_EQ(ids("sync_status=synced").size(), 30u);
    expect_error(post("/api/v1/failures/" + std::to_string(id) + "/retry"), 404, "not_found", "no open failure");
    expect_error(post("/api/v1/failures/" + std::to_string(id) + "/dismiss"), 404, "not_found", "no open failure");
    EXPECT_EQ(json::parse(post("/api/v1/failures/retry").body).at("retried"), 0);
    EXPECT_EQ(json::parse(post("/api/v1/failures/dismiss?route=invoices").body).at("dismissed"), 0);
}

TEST_P(AdminApiTest, a_failure_dismissed_through_the_api_is_closed_and_its_invoice_stays_failed) {
    const int id = get_json("/api/v1/failures").at("failures").at(0).at("id");
    const auto dismissed = post("/api/v1/failures/" + std::to_string(id) + "/dismiss");
    ASSERT_EQ(dismissed.status, 200) << dismissed.body;
    EXPECT_EQ(json::parse(dismissed.body).at("state"), "dismissed");
    EXPECT_EQ(get_json("/api/v1/failures/count").at("count"), 0);
    EXPECT_EQ(get_json("/api/v1/failures/count?state=dismissed").at("count"), 1);
}

TEST_P(AdminApiTest, connections_and_routes_show_state_and_counts_and_a_disabled_route_holds_its_jobs) {
    const json connections = get_json("/api/v1/connections").at("connections");
    ASSERT_EQ(connections.size(), 2u);
    for (const auto& c : connections) {
        EXPECT_EQ(c.at("state"), "running") << c.dump();
        EXPECT_EQ(c.at("plugin"), "ledger");
        EXPECT_TRUE(c.at("rate_limits").is_array());
    }
    EXPECT_FALSE(connections.at(1).at("last_poll_at").is_null()) << connections.dump();  // src was read

    json routes = get_json("/api/v1/routes").at("routes");
    ASSERT_EQ(routes.size(), 1u);
    EXPECT_EQ(routes.at(0).at("state"), "running");
    EXPECT_EQ(routes.at(0).at("jobs").at("done"), 29);
    EXPECT_EQ(routes.at(0).at("jobs").at("failed"), 1);

    expect_error(call("POST", "/api/v1/routes/invoices/disable", read_token_), 403, "forbidden", "scope read");
    expect_error(post("/api/v1/routes/nope/disable"), 404, "not_found", "no route 'nope'");
    const auto disabled = post("/api/v1/routes/invoices/disable");
    ASSERT_EQ(disabled.status, 200) << disabled.body;
    EXPECT_EQ(json::parse(disabled.body).at("changed"), true);
    routes = get_json("/api/v1/routes").at("routes");
    EXPECT_EQ(routes.at(0).at("state"), "paused");
    EXPECT_THAT(routes.at(0).at("pause").at("reason").get<std::string>(), HasSubstr("token 'ops'"));
    // The bus takes the pause up at its next sweep (within a second).
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));

    s_.append("src", {envelope("invoice", "NEW", "1", testing::canonical_invoice("INV-NEW"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return ids("sync_status=pending") == std::set<std::string>{"NEW"}; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(s_.job_counts().done, 29);  // held while disabled

    ASSERT_EQ(post("/api/v1/routes/invoices/enable").status, 200);
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.job_counts().done == 30; }));
    EXPECT_EQ(get_json("/api/v1/routes").at("routes").at(0).at("state"), "running");

    const auto reconnect = post("/api/v1/connections/dst/reconnect");
    ASSERT_EQ(reconnect.status, 202) << reconnect.body;
    expect_error(post("/api/v1/connections/nope/reconnect"), 404, "not_found", "no connection 'nope'");
}

TEST_P(AdminApiTest, metrics_in_prometheus_text_change_as_invoices_are_written) {
    const auto scrape = [&] {
        const auto r = testing::http_request("GET", s_.url() + "/metrics");
        EXPECT_EQ(r.status, 200);
        EXPECT_THAT(r.headers.at("Content-Type"), HasSubstr("text/plain; version=0.0.4"));
        return testing::parse_prometheus_text(r.body);
    };
    const std::string written = R"(ledgersync_records_written_total{connection="dst",route="invoices"})";
    const std::string latency = R"(ledgersync_job_latency_seconds_count{route="invoices"})";
    const std::string latency_inf = R"(ledgersync_job_latency_seconds_bucket{route="invoices",le="+Inf"})";
    // Counted once each write's transaction has committed: a moment after the jobs show done.
    const std::string failed = R"(ledgersync_records_failed_total{connection="dst",route="invoices"})";
    ASSERT_TRUE(BusScenario::eventually([&] {
        const auto now = scrape();
        return testing::sample_value(now, latency) == 29 && testing::sample_value(now, failed) == 1;
    }));
    auto before = scrape();
    EXPECT_EQ(testing::sample_value(before, written), 29);
    EXPECT_EQ(testing::sample_value(before, failed), 1);
    EXPECT_EQ(testing::sample_value(before, latency), 29);
    EXPECT_EQ(testing::sample_value(before, latency_inf), 29);
    EXPECT_GE(testing::sample_value(before, R"(ledgersync_records_received_total{connection="src"})"), 30);
    // The queue's depth, set by the bus's next sweep.
    EXPECT_TRUE(BusScenario::eventually([&] { return scrape().count(R"(ledgersync_jobs{state="pending"})") == 1; }));

    std::vector<json> more;
    for (int i = 0; i < 5; ++i) more.push_back(envelope("invoice", "M" + std::to_string(i), "1", testing::canonical_invoice("M" + std::to_string(i))));
    s_.append("src", more);
    ASSERT_TRUE(BusScenario::eventually([&] {
        const auto now = scrape();
        return testing::sample_value(now, written) == 34 && testing::sample_value(now, latency) == 34;
    }));
    const auto after = scrape();
    EXPECT_EQ(testing::sample_value(after, latency), 34);
    EXPECT_GE(testing::sample_value(after, R"(ledgersync_records_received_total{connection="src"})"), 35);
    // Buckets are cumulative.
    long long previous = 0;
    for (const std::string le : {"0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "60", "300", "900", "3600", "+Inf"}) {
        const long long count = testing::sample_value(after, "ledgersync_job_latency_seconds_bucket{route=\"invoices\",le=\"" + le + "\"}");
        EXPECT_GE(count, previous) << le;
        previous = count;
    }
    EXPECT_EQ(previous, 34);
}

TEST_P(AdminApiTest, readyz_answers_ready_and_healthz_is_kept) {
    const auto ready = testing::http_request("GET", s_.url() + "/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;
    EXPECT_EQ(json::parse(ready.body).at("ready"), true);
    EXPECT_EQ(testing::http_request("GET", s_.url() + "/healthz").status, 200);
}

/// The counts of `series` (an activity route's "synced" or "failed") summed.
std::int64_t sum_of(const json& series) {
    std::int64_t sum = 0;
    for (const auto& n : series) sum += n.get<std::int64_t>();
    return sum;
}

TEST_P(AdminApiTest, activity_counts_each_settlement_in_its_hour_and_a_retried_failure_in_both_outcomes) {
    const auto now_ms = [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    };
    const std::int64_t asked_at = now_ms();
    json activity = get_json("/api/v1/activity");
    const std::int64_t answered_at = now_ms();
    EXPECT_EQ(activity.at("bucket_seconds"), 3600);
    const json& hours = activity.at("hours");
    ASSERT_EQ(hours.size(), 24u);  // the last 24 hours, every one listed
    EXPECT_EQ(hours.at(0), activity.at("from"));
    // The last hour is the current one.
    const std::int64_t hour_ms = 3'600'000;
    EXPECT_THAT(hours.back().get<std::string>(), ::testing::AnyOf(bus::rfc3339_utc(asked_at / hour_ms * hour_ms),
                                                                  bus::rfc3339_utc(answered_at / hour_ms * hour_ms)));
    ASSERT_EQ(activity.at("routes").size(), 1u);
    json route = activity.at("routes").at(0);
    EXPECT_EQ(route.at("route"), "invoices");
    EXPECT_EQ(route.at("configured"), true);
    EXPECT_EQ(route.at("from"), json::array({"src.invoice"}));
    EXPECT_EQ(route.at("to"), "dst.invoice");
    ASSERT_EQ(route.at("synced").size(), 24u);
    ASSERT_EQ(route.at("failed").size(), 24u);
    // The 29 invoices written and the one refused settled during this test, so in its last hour
    // (or the two last when an hour began while it ran).
    EXPECT_EQ(route.at("totals").at("synced"), 29);
    EXPECT_EQ(route.at("totals").at("failed"), 1);
    EXPECT_EQ(sum_of(route.at("synced")), 29);
    EXPECT_EQ(route.at("synced").at(23).get<int>() + route.at("synced").at(22).get<int>(), 29) << route.dump();
    EXPECT_EQ(route.at("failed").at(23).get<int>() + route.at("failed").at(22).get<int>(), 1) << route.dump();

    // Fixed and retried: the failure stays counted in its hour, the write counts in its own.
    std::ofstream(s_.path("fixed")) << "fixed\n";
    ASSERT_EQ(post("/api/v1/failures/retry").status, 200);
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.job_counts().done == 30; }));
    route = get_json("/api/v1/activity?route=invoices").at("routes").at(0);
    EXPECT_EQ(route.at("totals").at("synced"), 30);
    EXPECT_EQ(route.at("totals").at("failed"), 1);
    EXPECT_EQ(route.at("totals").at("skipped"), 0);

    // A range of the past: whole hours (the end rounded up), all zero.
    activity = get_json("/api/v1/activity?from=2020-01-01T00:10:00Z&to=2020-01-01T05:30:00Z");
    EXPECT_EQ(activity.at("from"), "2020-01-01T00:00:00Z");
    EXPECT_EQ(activity.at("to"), "2020-01-01T06:00:00Z");
    ASSERT_EQ(activity.at("hours").size(), 6u);
    EXPECT_EQ(activity.at("routes").at(0).at("totals").at("synced"), 0);
    EXPECT_EQ(activity.at("routes").at(0).at("synced"), json::array({0, 0, 0, 0, 0, 0}));
    // A date is its midnight UTC.
    EXPECT_EQ(get_json("/api/v1/activity?from=2020-01-01&to=2020-01-02").at("hours").size(), 24u);
}

TEST_P(AdminApiTest, activity_refuses_missing_tokens_and_bad_ranges_with_400s_that_say_what_to_give) {
    expect_error(call("GET", "/api/v1/activity", ""), 401, "unauthenticated", "no bearer token");
    expect_error(call("GET", "/api/v1/activity", "lsk_not-a-token"), 401, "invalid_token", "not one of this host's tokens");
    expect_error(get("/api/v1/activity?from=yesterday"), 400, "bad_parameter", "\"yesterday\" is not a date-time");
    expect_error(get("/api/v1/activity?to=2026-13-01"), 400, "bad_parameter", "'to'");
    expect_error(get("/api/v1/activity?from=2026-03-02&to=2026-03-01"), 400, "bad_parameter", "at or before it starts");
    expect_error(get("/api/v1/activity?from=2026-01-01&to=2026-03-01"), 400, "bad_parameter", "spans 1416 hours");
    expect_error(get("/api/v1/activity?route=nope"), 400, "bad_parameter", "no route 'nope'");
    expect_error(get("/api/v1/activity?hours=5"), 400, "bad_parameter", "'hours'");
    // 31 days is the most.
    EXPECT_EQ(get_json("/api/v1/activity?from=2026-01-01&to=2026-02-01").at("hours").size(), 744u);
}

/// A valid canonical payment (sdk/schema/payment.schema.json), with processor fees and the net
/// amount left after them when given.
json canonical_payment(const std::string& source, const std::string& amount, const std::string& currency, const std::string& date,
                       const json& fees = nullptr, const std::string& net = "") {
    json body = {{"amount", amount}, {"currency", currency}, {"date", date}, {"status", "succeeded"}, {"source", source}};
    if (!fees.is_null()) body["fees"] = fees;
    if (!net.empty()) body["net"] = net;
    return body;
}

/// The admin API's fixture with route payments src -> dst, disabled (and refunds src -> dst), and payments in src: two
/// Stripe ones in November (USD), one through HubSpot in December (EUR), one entered by hand.
/// Their writes to dst wait while the route is disabled. Ledger src writes refunds, as a
/// processor's connection does.
class AdminApiPaymentsTest : public AdminApiTest {
protected:
    AdminApiPaymentsTest() { with_payments_route_ = true; }

    void SetUp() override {
        AdminApiTest::SetUp();
        const auto disabled = post("/api/v1/routes/payments/disable");
        ASSERT_EQ(disabled.status, 200) << disabled.body;
        // The bus takes the pause up at its next sweep (within a second).
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        s_.append("src", {envelope("payment", "P1", "1",
                                   canonical_payment("stripe", "100.00", "USD", "2026-11-03",
                                                     {{"processing", "3.20"}, {"platform", "0"}, {"tax_on_fees", "0.00"}}, "96.80")),
                          envelope("payment", "P2", "1",
                                   canonical_payment("stripe", "50.00", "USD", "2026-11-20",
                                                     {{"processing", "1.75"}, {"platform", "0.25"}, {"tax_on_fees", "0.00"}}, "48.00")),
                          envelope("payment", "P3", "1",
                                   canonical_payment("hubspot_payments", "10.00", "EUR", "2026-12-01",
                                                     {{"processing", "0.40"}, {"platform", "0.00"}, {"tax_on_fees", "0.08"}}, "9.52")),
                          envelope("payment", "P4", "1", canonical_payment("manual", "20.00", "USD", "2026-11-05"))});
        ASSERT_TRUE(BusScenario::eventually([&] {
            return get_json("/api/v1/routes").at("routes").at(1).at("jobs").at("pending") == 4;
        })) << get("/api/v1/routes").body << s_.log();
    }
};

TEST_P(AdminApiPaymentsTest, fees_report_gives_the_clis_exact_figures_as_json_and_as_a_csv_download) {
    const json november = get_json("/api/v1/reports/fees?from=2026-11-01&to=2026-11-30");
    EXPECT_EQ(november.at("by"), "processor");
    ASSERT_EQ(november.at("rows").size(), 1u) << november.dump(2);
    EXPECT_EQ(november.at("rows").at(0),
              (json{{"processor", "stripe"}, {"currency", "USD"}, {"payments", 2}, {"processing", "4.95"}, {"platform", "0.25"},
                    {"tax_on_fees", "0.00"}, {"total", "5.20"}}));
    EXPECT_EQ(november.at("left_out"), json::array());

    const json by_month = get_json("/api/v1/reports/fees?from=2026-11-01&to=2026-12-31&by=month&format=json");
    ASSERT_EQ(by_month.at("rows").size(), 2u) << by_month.dump(2);
    EXPECT_EQ(by_month.at("rows").at(0).at("month"), "2026-11");
    EXPECT_EQ(by_month.at("rows").at(1).at("month"), "2026-12");
    EXPECT_EQ(by_month.at("rows").at(1).at("currency"), "EUR");
    EXPECT_EQ(by_month.at("rows").at(1).at("total"), "0.48");
    EXPECT_EQ(by_month.at("totals").size(), 2u);  // one per currency, never added together

    const auto csv = get("/api/v1/reports/fees?from=2026-11-01&to=2026-11-30&format=csv");
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_THAT(csv.headers.at("Content-Type"), HasSubstr("text/csv"));
    EXPECT_EQ(csv.headers.at("Content-Disposition"), "attachment; filename=\"fees-2026-11-01-2026-11-30.csv\"");
    EXPECT_EQ(csv.body, "processor,currency,payments,processing,platform,tax_on_fees,total\nstripe,USD,2,4.95,0.25,0.00,5.20\n");

    expect_error(get("/api/v1/reports/fees?from=2026-13-01&to=2026-11-30"), 400, "bad_parameter", "'from'");
    expect_error(get("/api/v1/reports/fees?from=2026-11-01"), 400, "bad_parameter", "'to'");
    expect_error(get("/api/v1/reports/fees?from=2026-11-30&to=2026-11-01"), 400, "bad_parameter", "'to'");
    expect_error(get("/api/v1/reports/fees?from=2026-11-01&to=2026-11-30&by=week"), 400, "bad_parameter", "'by'");
    expect_error(get("/api/v1/reports/fees?from=2026-11-01&to=2026-11-30&format=table"), 400, "bad_parameter", "'format'");
    expect_error(call("GET", "/api/v1/reports/fees?from=2026-11-01&to=2026-11-30", ""), 401, "unauthenticated", "no bearer token");
}

TEST_P(AdminApiPaymentsTest, a_payment_deleted_through_the_api_is_deleted_in_ledgersync_only_and_its_waiting_write_dismissed) {
    expect_error(call("DELETE", "/api/v1/payments/src/P1", read_token_), 403, "forbidden", "scope read");
    expect_error(call("DELETE", "/api/v1/payments/src/P404", admin_token_), 404, "not_found", "unknown payment src/payment/P404");

    const auto deleted = call("DELETE", "/api/v1/payments/src/P1", admin_token_);
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    const json body = json::parse(deleted.body);
    EXPECT_EQ(body.at("payment"), "src/payment/P1");
    EXPECT_EQ(body.at("deleted"), true);
    EXPECT_EQ(body.at("already_deleted"), false);
    EXPECT_EQ(body.at("dismissed_writes"), 1);  // its write to dst, waiting on the disabled route
    EXPECT_EQ(body.at("quickbooks_changed"), false);
    EXPECT_THAT(body.at("message").get<std::string>(), HasSubstr("QuickBooks is NOT changed"));
    EXPECT_EQ(get_json("/api/v1/routes").at("routes").at(1).at("jobs").at("dismissed"), 1);

    const auto again = call("DELETE", "/api/v1/payments/src/P1", admin_token_);
    ASSERT_EQ(again.status, 200) << again.body;
    const json second = json::parse(again.body);
    EXPECT_EQ(second.at("already_deleted"), true);
    EXPECT_EQ(second.at("dismissed_writes"), 0);
    EXPECT_THAT(second.at("message").get<std::string>(), HasSubstr("nothing changed"));
    // A deleted payment is not refunded.
    expect_error(call("POST", "/api/v1/payments/src/P1/refund", admin_token_, R"({"amount": "1.00", "reason": "other"})"), 409,
                 "not_refundable", "is deleted");
}

TEST_P(AdminApiPaymentsTest, refund_requests_are_checked_before_anything_is_sent_and_refund_once) {
    const std::string path = "/api/v1/payments/src/P2/refund";
    const std::string good = R"({"amount": "10.00", "reason": "requested_by_customer"})";
    expect_error(call("POST", path, read_token_, good), 403, "forbidden", "scope read");
    expect_error(call("POST", path, admin_token_, R"({"amount": "10.00", "reason": "changed_mind"})"), 400, "bad_parameter",
                 "body field 'reason'");
    expect_error(call("POST", path, admin_token_, R"({"amount": "ten", "reason": "other"})"), 400, "bad_parameter",
                 "body field 'amount'");
    expect_error(call("POST", path, admin_token_, R"({"amount": 10.0, "reason": "other"})"), 400, "bad_parameter",
                 "body field 'amount'");
    expect_error(call("POST", path, admin_token_, R"({"amount": "-1.00", "reason": "other"})"), 400, "bad_parameter",
                 "body field 'amount'");
    expect_error(call("POST", path, admin_token_, R"({"amount": "1.001", "reason": "other"})"), 400, "bad_parameter",
                 "more decimals than USD");
    expect_error(call("POST", path, admin_token_, R"({"reason": "other"})"), 400, "bad_parameter", "body field 'amount'");
    expect_error(call("POST", path, admin_token_, "not json"), 400, "bad_body", "not JSON");
    expect_error(call("POST", "/api/v1/payments/src/P404/refund", admin_token_, good), 404, "not_found",
                 "unknown payment src/payment/P404");
    expect_error(call("POST", path, admin_token_, R"({"amount": "50.01", "reason": "other"})"), 409, "more_than_refundable",
                 "50.01 USD is more than what payment src/payment/P2 has left to refund: 50.00 USD");
    // Entered by hand: no processor took the money.
    expect_error(call("POST", "/api/v1/payments/src/P4/refund", admin_token_, good), 409, "not_refundable",
                 "not made through a processor");

    // Made through src (its connector writes refunds), once however often it is sent.
    const auto first = call("POST", path, admin_token_, good);
    ASSERT_EQ(first.status, 200) << first.body;
    const json made = json::parse(first.body);
    EXPECT_EQ(made.at("amount"), "10.00");
    EXPECT_EQ(made.at("currency"), "USD");
    EXPECT_EQ(made.at("reason"), "requested_by_customer");
    EXPECT_EQ(made.at("processor_payment"), "src/payment/P2");
    const auto second = call("POST", path, admin_token_, R"({"amount": "10", "reason": "requested_by_customer"})");
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(json::parse(second.body).at("refund_id"), made.at("refund_id"));
    EXPECT_EQ(s_.applied("src", "refund").size(), 1u);
}

TEST_P(AdminApiPaymentsTest, a_refund_the_processor_cannot_make_now_is_a_502_and_the_same_request_later_refunds_once) {
    const std::string path = "/api/v1/payments/src/P1/refund";
    const std::string body = R"({"amount": "25.00", "reason": "duplicate"})";
    testing::write_file(down("src"), "down");
    const auto refused = call("POST", path, admin_token_, body);
    expect_error(refused, 502, "refund_failed", "the refund of 25.00 USD on src/payment/P1 was not made (transient): the ledger is down");
    EXPECT_THAT(json::parse(refused.body).at("error").at("fix").get<std::string>(), HasSubstr("sending the same request again is safe"));
    EXPECT_TRUE(s_.applied("src", "refund").empty());
    std::filesystem::remove(down("src"));
    const auto made = call("POST", path, admin_token_, body);
    ASSERT_EQ(made.status, 200) << made.body;
    EXPECT_EQ(json::parse(made.body).at("amount"), "25.00");
    EXPECT_EQ(s_.applied("src", "refund").size(), 1u);
}

TEST_P(AdminApiPaymentsTest, a_refund_through_a_connection_that_is_not_running_is_a_503_and_nothing_is_written) {
    restart_without("src");
    const store::ObjectKey payment{"src", "payment", "P1"};
    const auto timeline_before = s_.timeline(payment).size();
    const auto refused = call("POST", "/api/v1/payments/src/P1/refund", admin_token_, R"({"amount": "25.00", "reason": "duplicate"})");
    expect_error(refused, 503, "connection_not_running", "connection 'src' that refunds src/payment/P1 is not running");
    EXPECT_THAT(json::parse(refused.body).at("error").at("fix").get<std::string>(), HasSubstr("GET /api/v1/connections"));
    EXPECT_TRUE(s_.applied("src", "refund").empty());
    EXPECT_EQ(s_.timeline(payment).size(), timeline_before);
    // dst runs: its PDF of an invoice it holds comes as ever.
    const std::string copy = get_json("/api/v1/invoices/src/I3").at("sync_status").at(0).at("target_id");
    const auto pdf = get("/api/v1/invoices/src/I3/pdf?from=dst");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.body, "%PDF-1.4\n% ledger invoice " + copy + "\n%%EOF\n");
}

TEST_P(AdminApiPaymentsTest, invoice_detail_lists_the_payments_booked_against_it_with_refunds_copies_and_sync_status) {
    // A card payment on paid invoice I5 (105.50 USD), partly refunded.
    json paid = canonical_payment("stripe", "105.50", "USD", "2026-11-10");
    paid["invoices"] = json::array({{{"type", "invoice"}, {"id", "I5"}}});
    paid["status"] = "partially_refunded";
    paid["refunded_amount"] = "5.50";
    const json refund = {{"amount", "5.50"},         {"currency", "USD"},
                         {"reason", "requested_by_customer"}, {"status", "succeeded"},
                         {"payment", {{"type", "payment"}, {"id", "P5"}}}, {"date", "2026-11-12"}};
    s_.append("src", {envelope("payment", "P5", "1", paid), envelope("refund", "R1", "1", refund)});
    const auto enabled = post("/api/v1/routes/payments/enable");
    ASSERT_EQ(enabled.status, 200) << enabled.body;
    json invoice;
    ASSERT_TRUE(BusScenario::eventually([&] {
        invoice = get_json("/api/v1/invoices/src/I5");
        const json& payments = invoice.at("payments");
        return payments.size() == 1 && payments.at(0).at("refunds").size() == 1 &&
               payments.at(0).at("sync_status").size() == 1 && payments.at(0).at("sync_status").at(0).at("state") == "synced";
    })) << invoice.dump(2) << s_.log();
    const json& payment = invoice.at("payments").at(0);
    EXPECT_EQ(payment.at("object"), "src/payment/P5");
    EXPECT_EQ(payment.at("connection"), "src");
    EXPECT_EQ(payment.at("id"), "P5");
    EXPECT_EQ(payment.at("source"), "stripe");
    EXPECT_EQ(payment.at("date"), "2026-11-10");
    EXPECT_EQ(payment.at("status"), "partially_refunded");
    EXPECT_EQ(payment.at("amount"), "105.50");
    EXPECT_EQ(payment.at("currency"), "USD");
    EXPECT_EQ(payment.at("refunded_amount"), "5.50");
    EXPECT_EQ(payment.at("deleted"), false);
    EXPECT_EQ(payment.at("href"), "/api/v1/payments/src/P5");
    EXPECT_EQ(payment.at("refund_href"), "/api/v1/payments/src/P5/refund");
    // Its copy in dst, written by route payments: the same id the sync status names.
    const json& status = payment.at("sync_status").at(0);
    EXPECT_EQ(status.at("route"), "payments");
    EXPECT_EQ(status.at("target_connection"), "dst");
    EXPECT_EQ(payment.at("copies"), json::array({"dst/payment/" + status.at("target_id").get<std::string>()}));
    EXPECT_EQ(payment.at("links"), json::object());  // QuickBooks app links only for QuickBooks connections
    const json& refunded = payment.at("refunds").at(0);
    EXPECT_EQ(refunded.at("object"), "src/refund/R1");
    EXPECT_EQ(refunded.at("amount"), "5.50");
    EXPECT_EQ(refunded.at("reason"), "requested_by_customer");
    EXPECT_EQ(refunded.at("date"), "2026-11-12");
    // The payments not booked against an invoice are on none; an unpaid invoice has none.
    EXPECT_EQ(get_json("/api/v1/invoices/src/I3").at("payments"), json::array());

    // Named by its copy in dst, which the store never read back, the payment is refunded and
    // deleted at its source.
    const std::string copy = "/api/v1/payments/dst/" + status.at("target_id").get<std::string>();
    const auto refunded_by_copy = call("POST", copy + "/refund", admin_token_, R"({"amount": "1.00", "reason": "duplicate"})");
    ASSERT_EQ(refunded_by_copy.status, 200) << refunded_by_copy.body;
    EXPECT_EQ(json::parse(refunded_by_copy.body).at("processor_payment"), "src/payment/P5");
    EXPECT_EQ(s_.applied("src", "refund").size(), 1u);
    const auto deleted = call("DELETE", copy, admin_token_);
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(json::parse(deleted.body).at("payment"), "src/payment/P5");
    EXPECT_EQ(json::parse(deleted.body).at("untouched_copies"), payment.at("copies"));
    // Deleted in ledgersync: still listed, as deleted.
    EXPECT_EQ(get_json("/api/v1/invoices/src/I5").at("payments").at(0).at("deleted"), true);
    expect_error(call("DELETE", "/api/v1/payments/dst/NOPE", admin_token_), 404, "not_found", "unknown payment dst/payment/NOPE");
}

/// The first read of src, held: its 30 invoices are read, and their jobs wait while dst is down.
class AdminApiBackfillTest : public AdminApiTest {
protected:
    AdminApiBackfillTest() { backfill_held_ = true; }

    void SetUp() override {
        AdminApiTest::SetUp();
        // Read to its end, all 30 jobs made; none can settle while dst is down.
        ASSERT_TRUE(BusScenario::eventually([&] {
            const json progress = get_json("/api/v1/progress");
            return progress.at("backfills").size() == 1 && !progress.at("backfills").at(0).at("reading").get<bool>() &&
                   progress.at("backfills").at(0).at("total") == 30;
        })) << get("/api/v1/progress").body << s_.log();
    }

    /// The backfill of route invoices, as GET /api/v1/progress gives it.
    json invoices_backfill() {
        const json progress = get_json("/api/v1/progress");
        EXPECT_EQ(progress.at("backfills").size(), 1u) << progress.dump(2);
        return progress.at("backfills").at(0);
    }
};

TEST_P(AdminApiBackfillTest, progress_shows_the_first_read_with_its_jobs_remaining_until_they_settle) {
    expect_error(call("GET", "/api/v1/progress", ""), 401, "unauthenticated", "no bearer token");
    expect_error(get("/api/v1/progress?route=invoices"), 400, "bad_parameter", "route");
    const auto openapi = json::parse(call("GET", "/api/v1/openapi.json", "").body);
    EXPECT_TRUE(openapi.at("paths").at("/api/v1/progress").contains("get"));

    json backfill = invoices_backfill();
    EXPECT_EQ(get_json("/api/v1/progress").at("running"), true);
    EXPECT_EQ(backfill.at("route"), "invoices");
    EXPECT_EQ(backfill.at("running"), true);
    EXPECT_EQ(backfill.at("records_read"), 30);
    EXPECT_EQ(backfill.at("remaining"), 30);
    EXPECT_EQ(backfill.at("done"), 0);
    EXPECT_EQ(backfill.at("failed"), 0);
    // Nothing settled: no rate, so no estimate.
    EXPECT_EQ(backfill.at("rate_per_minute"), nullptr);
    EXPECT_EQ(backfill.at("eta_seconds"), nullptr);
    ASSERT_EQ(backfill.at("walks").size(), 1u);
    const json walk = backfill.at("walks").at(0);
    EXPECT_EQ(walk.at("connection"), "src");
    EXPECT_EQ(walk.at("stream"), "invoice");
    EXPECT_EQ(walk.at("reason"), "first_read");
    EXPECT_EQ(walk.at("reading"), false);
    EXPECT_TRUE(walk.at("read_until").is_string());

    std::filesystem::remove(down("dst"));
    // Every job settles (I7 fails on its field): the backfill is over and no longer listed.
    ASSERT_TRUE(BusScenario::eventually([&] { return get_json("/api/v1/progress").at("running") == false; }))
        << get("/api/v1/progress").body << s_.log();
    EXPECT_EQ(get_json("/api/v1/progress").at("backfills"), json::array());
    const json jobs = get_json("/api/v1/routes").at("routes").at(0).at("jobs");
    EXPECT_EQ(jobs.at("done"), 29);
    EXPECT_EQ(jobs.at("failed"), 1);

    // New work after the backfill is ordinary traffic, not a backfill.
    std::ofstream(down("dst")) << "down";
    s_.append("src", {envelope("invoice", "I100", "1", testing::canonical_invoice("INV-100", "10.00", "open"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.job_counts().pending + s_.job_counts().leased == 1; })) << s_.log();
    EXPECT_EQ(get_json("/api/v1/progress").at("backfills"), json::array());
}

TEST_P(AdminApiBackfillTest, status_watch_draws_the_backfill_until_it_ends_and_exits_0) {
    const std::string config = s_.config_file();
    const auto no_interval = testing::run_command(LEDGERSYNC_BINARY, {"status", "--interval", "5", "--config", config});
    EXPECT_EQ(no_interval.exit_code, 2);
    EXPECT_THAT(no_interval.err, HasSubstr("--interval goes with --watch"));
    const auto bad_interval = testing::run_command(LEDGERSYNC_BINARY, {"status", "--watch", "--interval", "0", "--config", config});
    EXPECT_EQ(bad_interval.exit_code, 2);
    EXPECT_THAT(bad_interval.err, HasSubstr("give 1 to 3600 seconds"));

    // Ctrl-C ends a watch, with exit code 0.
    testing::ChildProcess interrupted(LEDGERSYNC_BINARY, {"status", "--watch", "--interval", "1", "--config", config},
                                      s_.path("interrupted.log"));
    ASSERT_TRUE(BusScenario::eventually([&] { return interrupted.log().find("30 remaining") != std::string::npos; }))
        << interrupted.log();
    interrupted.signal(SIGINT);
    EXPECT_EQ(interrupted.wait(std::chrono::seconds(30)), 0) << interrupted.log();

    testing::ChildProcess watch(LEDGERSYNC_BINARY, {"status", "--watch", "--interval", "1", "--config", config},
                                s_.path("watch.log"));
    const std::string first = "invoices [------------------------------]   0%  0/30 jobs, 30 remaining, rate unknown yet\n";
    ASSERT_TRUE(BusScenario::eventually([&] { return watch.log().find(first) != std::string::npos; })) << watch.log();
    std::filesystem::remove(down("dst"));
    ASSERT_EQ(watch.wait(std::chrono::seconds(60)), 0) << watch.log() << s_.log();
    const std::string log = watch.log();
    // Not a terminal: plain lines, no escape codes; the last one says how it ended.
    EXPECT_EQ(log.find('\x1b'), std::string::npos) << log;
    EXPECT_THAT(log, ::testing::EndsWith("invoices [##############################] 100%  30/30 jobs (1 failed), finished "
                                         "(30 records read)\n"));

    const auto json_lines = testing::run_command(LEDGERSYNC_BINARY, {"status", "--watch", "--json", "--config", config});
    EXPECT_EQ(json_lines.exit_code, 0) << json_lines.err;
    EXPECT_EQ(json::parse(json_lines.out), (json{{"running", false}, {"backfills", json::array()}}));
}

INSTANTIATE_TEST_SUITE_P(Engines, AdminApiBackfillTest,
                         ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

INSTANTIATE_TEST_SUITE_P(Engines, AdminApiPaymentsTest,
                         ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

INSTANTIATE_TEST_SUITE_P(Engines, AdminApiTest, ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

}  // namespace
}  // namespace ledgersync
