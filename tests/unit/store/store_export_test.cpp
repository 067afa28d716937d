// `ledgersync store export --to postgresql DSN`: an install moves from SQLite to PostgreSQL with
// its cursors, links, mirror, pending jobs, failures, webhook inbox and hourly activity, ids
// included; the next ids follow the copied ones; the invoice index is rebuilt from the copied
// mirror; a database that is not empty is refused and left as it was; every table of the schema
// is copied, rebuilt or left behind on purpose.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "child_process.hpp"
#include "scratch_store.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/store_export.hpp"

namespace ledgersync::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class StoreExportTest : public ::testing::Test {
protected:
    StoreExportTest() {
        testing::write_file(config_, nlohmann::json{{"data_dir", (dir_ / "data").string()},
                                                     {"store", sqlite_.store_config()}}.dump());
    }

    testing::CommandResult export_to(const std::string& dsn) {
        return testing::run_command(LEDGERSYNC_BINARY, {"store", "export", "--to", "postgresql", dsn, "--config", config_.string()});
    }

    testing::ScratchDatabase sqlite_{testing::StoreEngine::sqlite};
    testing::ScratchDatabase postgres_{testing::StoreEngine::postgresql};
    testing::TempDir dir_;
    std::filesystem::path config_ = dir_ / "ledgersync.json";
};

TEST_F(StoreExportTest, moves_everything_the_bus_needs_so_that_nothing_is_synced_twice) {
    const ObjectKey invoice{"hs", "invoice", "A"};
    const std::string body("\x00\xff{}", 4);
    std::int64_t job = 0;
    {
        const auto source = sqlite_.open();
        source->write([&](StoreTransaction& t) {
            const auto event = t.add_event({0, invoice, "hubspot", "3", "{\"total\":\"100.10\"}", 5}).value();
            t.put_mirror({invoice, "hubspot", "3", "2026-01-01T00:00:00Z", event, "", 5, false});
            t.set_cursor("hs", "invoice", "cursor-9", 5);
            t.put_link_member({"E1", invoice, "3", "fp", 5});
            Job j;
            j.route = "r";
            j.source = invoice;
            j.source_version = "3";
            j.event_id = event;
            j.target_connection = "qbo";
            j.target_type = "invoice";
            j.object_key = "qbo|hs/invoice/A";
            j.idempotency_key = "key-A3";
            j.operation = "upsert";
            j.content_digest = "digest-A3";
            job = t.add_job(j);
            t.put_carried_content({"r", invoice, "digest-A2", "2", 5});
            Failure f;
            f.stage = FailureStage::read;
            f.object = {"hs", "invoice", "B"};
            f.outcome_class = "data";
            f.reason = "unreadable";
            t.put_failure(f);
            t.add_webhook_delivery({0, "hs", "POST", "/webhooks/hs", {{"X-Sig", "s"}}, body, 5, 0, 5, ""});
            t.put_state_value("qbo", "refresh_token", {"v1:sealed", true, 5});
            t.count_settled("r", job, Settled::synced, 5);
        });
    }
    const auto result = export_to(postgres_.store_config()["postgresql"]["dsn"]);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("jobs 1"));

    const auto target = postgres_.open();
    target->write([&](StoreTransaction& t) {
        EXPECT_EQ(t.cursor("hs", "invoice"), "cursor-9");
        EXPECT_EQ(t.mirror(invoice)->record_json, "{\"total\":\"100.10\"}");
        EXPECT_EQ(t.link_member(invoice)->entity_id, "E1");
        EXPECT_FALSE(t.add_event({0, invoice, "hubspot", "3", "{}", 6}).has_value()) << "a version seen before is new again";
        Job again = *t.job(job);
        EXPECT_EQ(again.idempotency_key, "key-A3");
        EXPECT_EQ(again.content_digest, "digest-A3");
        // What the route carried: a version with that content is not written again.
        EXPECT_EQ(t.carried_content("r", invoice)->digest, "digest-A2");
        EXPECT_EQ(t.add_job(again), job);  // the same key creates nothing
        EXPECT_EQ(t.lease_jobs("qbo", 10, 10, "w", 100, {}).size(), 1u);
        ASSERT_EQ(t.failures({}).size(), 1u);
        EXPECT_EQ(t.failures({})[0].reason, "unreadable");
        EXPECT_EQ(t.next_webhook_delivery("hs", 5)->body, body);
        EXPECT_EQ(t.state_value("qbo", "refresh_token")->value, "v1:sealed");
        // The hourly activity keeps its history.
        const auto activity = t.activity(0, kActivityHourMs, "r");
        ASSERT_EQ(activity.size(), 1u);
        EXPECT_EQ(activity[0].synced, 1);
        // New rows get ids after the copied ones.
        EXPECT_GT(t.add_event({0, invoice, "hubspot", "4", "{}", 7}).value(), 1);
    });

    const auto again = export_to(postgres_.store_config()["postgresql"]["dsn"]);
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_THAT(again.err, HasSubstr("is not empty"));
}

/// An invoice record as connectors deliver it (the fields the invoice index reads).
std::string invoice_record(const std::string& number, const std::string& customer, const std::string& total,
                           const std::string& status) {
    return nlohmann::json{{"body",
                           {{"number", number},
                            {"customer", {{"id", "C-" + customer}, {"name", customer}}},
                            {"totals", {{"total", total}}},
                            {"currency", "USD"},
                            {"status", status},
                            {"issue_date", "2026-01-0" + number.substr(number.size() - 1)}}}}
        .dump();
}

/// The ids of the invoices `query` finds, in the index's order.
std::vector<std::string> invoice_ids(StoreTransaction& t, const InvoiceQuery& query) {
    std::vector<std::string> ids;
    for (const auto& invoice : t.invoices(query).invoices) ids.push_back(invoice.object.id);
    return ids;
}

TEST_F(StoreExportTest, the_exported_invoices_are_in_the_postgresql_invoice_index_with_their_filters) {
    {
        const auto source = sqlite_.open();
        source->write([&](StoreTransaction& t) {
            const auto put = [&](const ObjectKey& invoice, const std::string& record) {
                const auto event = t.add_event({0, invoice, "hubspot", "1", record, 5}).value();
                t.put_mirror({invoice, "hubspot", "1", "2026-01-01T00:00:00Z", event, "", 5, false});
            };
            put({"hs", "invoice", "A"}, invoice_record("INV-1", "Acme", "100.10", "open"));
            put({"hs", "invoice", "B"}, invoice_record("INV-2", "Other", "250.00", "paid"));
            // B's copy in QuickBooks, which our write created: listed in B's place only when
            // its connection is named.
            put({"qbo", "invoice", "7"}, invoice_record("INV-3", "Other", "250.00", "paid"));
            t.put_link_member({"E-B", {"hs", "invoice", "B"}, "", "", 5});
            t.put_link_member({"E-B", {"qbo", "invoice", "7"}, "1", "fp", 5, {}, true});
        });
    }
    const auto result = export_to(postgres_.store_config()["postgresql"]["dsn"]);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("invoice_index 3"));

    postgres_.open()->read([&](StoreTransaction& t) {
        EXPECT_EQ(t.invoices({}).total, 2);
        EXPECT_THAT(invoice_ids(t, {}), ElementsAre("B", "A"));  // newest issue date first
        // The ids one filter, set by `narrow`, finds.
        const auto found = [&](const std::function<void(InvoiceQuery&)>& narrow) {
            InvoiceQuery query;
            narrow(query);
            return invoice_ids(t, query);
        };
        EXPECT_THAT(found([](InvoiceQuery& q) { q.status = "paid"; }), ElementsAre("B"));
        EXPECT_THAT(found([](InvoiceQuery& q) { q.amount = "100.1"; }), ElementsAre("A"));  // 100.10 as a decimal
        EXPECT_THAT(found([](InvoiceQuery& q) { q.customer = "acme"; }), ElementsAre("A"));
        EXPECT_THAT(found([](InvoiceQuery& q) { q.text = "INV-2"; }), ElementsAre("B"));
        EXPECT_THAT(found([](InvoiceQuery& q) { q.connection = "qbo"; }), ElementsAre("7"));
        EXPECT_THAT(found([](InvoiceQuery& q) {
                        q.source_system = "hubspot";
                        q.issued_from = "2026-01-02";
                    }),
                    ElementsAre("B"));
        const auto a = t.invoices({}).invoices.at(1);
        EXPECT_EQ(a.number, "INV-1");
        EXPECT_EQ(a.customer_name, "Acme");
        EXPECT_EQ(a.total, "100.10");
    });
    // An invoice the host reads later joins the rebuilt rows.
    postgres_.open()->write([&](StoreTransaction& t) {
        const ObjectKey invoice{"hs", "invoice", "C"};
        const auto event = t.add_event({0, invoice, "hubspot", "1", invoice_record("INV-4", "Acme", "9.99", "open"), 6}).value();
        t.put_mirror({invoice, "hubspot", "1", "2026-01-02T00:00:00Z", event, "", 6, false});
        EXPECT_THAT(invoice_ids(t, {}), ElementsAre("C", "B", "A"));
    });
}

/// The tables of the SQLite database `file` (its own aside), each with its columns.
std::map<std::string, std::set<std::string>> sqlite_tables(const std::filesystem::path& file) {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", file.string());
    using Poco::Data::Keywords::into;
    using Poco::Data::Keywords::now;
    std::vector<std::string> names;
    session << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        into(names), now;
    std::map<std::string, std::set<std::string>> tables;
    for (const auto& name : names) {
        std::vector<std::string> columns;
        session << "SELECT name FROM pragma_table_info('" + name + "')", into(columns), now;
        tables[name] = {columns.begin(), columns.end()};
    }
    return tables;
}

/// The tables of the PostgreSQL database `dsn`, each with its columns.
std::map<std::string, std::set<std::string>> postgres_tables(const std::string& dsn) {
    postgres::PgConnection pg(dsn);
    auto q = pg.query(
        "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = 'public'");
    std::map<std::string, std::set<std::string>> tables;
    while (q.step()) tables[q.text(0)].insert(q.text(1));
    return tables;
}

template <class Map>
std::set<std::string> names_of(const Map& map) {
    std::set<std::string> names;
    for (const auto& [name, value] : map) names.insert(name);
    return names;
}

TEST_F(StoreExportTest, every_table_of_the_schema_is_copied_rebuilt_or_left_behind_on_purpose) {
    sqlite_.open();  // both at the latest schema
    postgres_.open();
    const auto in_sqlite = sqlite_tables(sqlite_.store_config()["sqlite"]["path"].get<std::string>());
    const auto in_postgres = postgres_tables(postgres_.store_config()["postgresql"]["dsn"]);
    const auto treatments = export_treatments();
    // A table a migration adds must be given a treatment in store_export.cpp (copied with its
    // rows, rebuilt from copied ones, or left behind with the reason).
    EXPECT_EQ(names_of(in_sqlite), names_of(treatments));
    EXPECT_EQ(names_of(in_postgres), names_of(treatments));
    // A copied row carries SQLite's columns by name: a column one engine lacks would be lost.
    for (const auto& [table, treatment] : treatments) {
        if (treatment != ExportTreatment::copied || !in_sqlite.contains(table) || !in_postgres.contains(table)) continue;
        EXPECT_EQ(in_sqlite.at(table), in_postgres.at(table)) << "the columns of " << table;
    }
    EXPECT_TRUE(in_sqlite.at("links").contains("created_by_write"));
}

}  // namespace
}  // namespace ledgersync::store
