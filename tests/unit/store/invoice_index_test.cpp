// The invoice index (schema 10) and the admin API's other store queries, on both engines.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "scratch_store.hpp"

namespace ledgersync::store {
namespace {

using json = nlohmann::json;

json invoice_record(const std::string& number, const std::string& total, const std::string& status,
                    const std::string& currency, const std::string& issued, const std::string& customer) {
    return {{"identity", {{"system", "hubspot"}, {"type", "invoice"}}},
            {"body",
             {{"number", number}, {"status", status}, {"currency", currency}, {"issue_date", issued},
              {"customer", {{"type", "customer"}, {"id", "C-" + customer}, {"name", customer + " Inc."}}},
              {"totals", {{"total", total}}}, {"source_system", "hubspot"}}}};
}

/// A pending job of `route` for hs/invoice/`id`.
Job pending_job(const std::string& route, const std::string& id) {
    Job job;
    job.route = route;
    job.source = {"hs", "invoice", id};
    job.source_version = "v1";
    job.target_connection = "qbo";
    job.target_type = "invoice";
    job.object_key = "qbo|hs/invoice/" + id;
    job.idempotency_key = route + "|" + id;
    job.operation = "upsert";
    return job;
}

class InvoiceIndexTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    /// Receives version `version` of invoice `id` of connection hs, as the ingestor does.
    void receive(Store& store, const std::string& id, const std::string& version, const json& record, bool deleted = false) {
        store.write([&](StoreTransaction& t) {
            const ObjectKey key{"hs", "invoice", id};
            const auto event = t.add_event({0, key, "hubspot", version, record.dump(), 1});
            t.put_mirror({key, "hubspot", version, "", *event, "", 1, deleted});
        });
    }
    std::vector<std::string> ids(Store& store, InvoiceQuery query, std::int64_t* total = nullptr) {
        query.limit = 100;
        InvoicePage page;
        store.read([&](StoreTransaction& t) { page = t.invoices(query); });
        if (total != nullptr) *total = page.total;
        std::vector<std::string> out;
        for (const auto& i : page.invoices) out.push_back(i.object.id);
        return out;
    }

    testing::ScratchDatabase database_{GetParam()};
};

TEST_P(InvoiceIndexTest, indexes_invoices_as_the_mirror_takes_them_and_answers_searches_filters_and_pages) {
    const auto store = database_.open();
    receive(*store, "1", "v1", invoice_record("INV-001", "120.50", "open", "USD", "2026-03-01", "Acme"));
    receive(*store, "2", "v1", invoice_record("INV-002", "99", "paid", "EUR", "2026-03-02", "Globex"));
    receive(*store, "3", "v1", invoice_record("INV-003", "15.00", "open", "USD", "2026-03-03", "Acme"));
    receive(*store, "4", "v1", invoice_record("INV_004", "7.25", "draft", "USD", "2026-03-04", "Initech"));
    receive(*store, "5", "v1", invoice_record("INV-005", "1.00", "voided", "USD", "2026-03-05", "Gone"), true);
    store->write([&](StoreTransaction& t) {
        const auto event = t.add_event({0, {"hs", "customer", "C-Acme"}, "hubspot", "v1", R"({"body":{"name":"Acme"}})", 1});
        t.put_mirror({{"hs", "customer", "C-Acme"}, "hubspot", "v1", "", *event, "", 1, false});
        t.put_sync_status({{"hs", "invoice", "1"}, "r", "qbo", SyncState::synced, "130", "", 1, 1});
        t.put_sync_status({{"hs", "invoice", "2"}, "r", "qbo", SyncState::failed, "", "refused", 2, 1});
        t.add_job(pending_job("r", "3"));
    });

    std::int64_t total = 0;
    // Newest issue date first; the deleted invoice and the customer are not listed.
    EXPECT_EQ(ids(*store, {}, &total), (std::vector<std::string>{"4", "3", "2", "1"}));
    EXPECT_EQ(total, 4);
    InvoiceQuery q;
    q.text = "inv-00";
    EXPECT_EQ(ids(*store, q).size(), 3u);  // INV_004 does not contain "inv-00"
    q.text = "120.5";
    EXPECT_EQ(ids(*store, q), (std::vector<std::string>{"1"}));
    q.text = "99.000";
    EXPECT_EQ(ids(*store, q), (std::vector<std::string>{"2"}));
    q.text = "C-Acme";
    EXPECT_EQ(ids(*store, q), (std::vector<std::string>{"3", "1"}));
    q = {};
    q.customer = "glob";
    EXPECT_EQ(ids(*store, q), (std::vector<std::string>{"2"}));
    q = {};
    q.amount = "15";
    EXPECT_EQ(ids(*store, q), (std::vector<std::string>{"3"}));
    q = {};
    q.number = "_";
    EXPECT_EQ(ids(*store, q), (std::vector<std::string>{"4"}));
    q = {};
    q.status = "open";
    q.currency = "USD";
    EXPECT_EQ(ids(*store, q), (std::vector<std::string>{"3", "1"}));
    q = {};
    q.issued_from = "2026-03-02";
    q.issued_to = "2026-03-03";
    EXPECT_EQ(ids(*store, q), (std::vector<std::string>{"3", "2"}));
    for (const auto& [state, expected] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"synced", {"1"}}, {"failed", {"2"}}, {"pending", {"3"}}, {"none", {"4"}}, {"refused", {}}}) {
        q = {};
        q.sync_state = state;
        EXPECT_EQ(ids(*store, q), expected) << state;
    }
    q = {};
    q.source_system = "hubspot";
    q.connection = "hs";
    EXPECT_EQ(ids(*store, q).size(), 4u);

    // Paging: a stable order, the total whatever the page.
    InvoicePage page;
    q = {};
    q.limit = 3;
    q.offset = 2;
    store->read([&](StoreTransaction& t) { page = t.invoices(q); });
    ASSERT_EQ(page.invoices.size(), 2u);
    EXPECT_EQ(page.invoices[0].object.id, "2");
    EXPECT_EQ(page.invoices[0].customer_name, "Globex Inc.");
    EXPECT_EQ(page.invoices[0].total, "99");
    EXPECT_EQ(page.invoices[0].sync_state, "failed");
    EXPECT_EQ(page.total, 4);

    // A new version replaces the row.
    receive(*store, "1", "v2", invoice_record("INV-001", "140.00", "paid", "USD", "2026-03-01", "Acme"));
    q = {};
    q.amount = "140";
    EXPECT_EQ(ids(*store, q), (std::vector<std::string>{"1"}));
    q.amount = "120.50";
    EXPECT_TRUE(ids(*store, q).empty());
}

TEST_P(InvoiceIndexTest, an_invoice_and_the_copy_our_write_created_are_listed_once_unless_a_connection_is_named) {
    const auto store = database_.open();
    receive(*store, "1", "v1", invoice_record("INV-001", "120.50", "open", "USD", "2026-03-01", "Acme"));
    store->write([&](StoreTransaction& t) {
        // Its QuickBooks copy, read back (the record is as QuickBooks has it).
        const ObjectKey copy{"qbo", "invoice", "130"};
        const auto event = t.add_event({0, copy, "quickbooks", "0",
                                        invoice_record("INV-001", "120.50", "open", "USD", "2026-03-01", "Acme").dump(), 1});
        t.put_mirror({copy, "quickbooks", "0", "", *event, "", 1, false});
        t.put_link_member({"e1", {"hs", "invoice", "1"}, "", "", 1});
        LinkMember written{"e1", copy, "0", "fp", 1};
        written.created_by_write = true;
        t.put_link_member(written);
    });
    std::int64_t total = 0;
    EXPECT_EQ(ids(*store, {}, &total), (std::vector<std::string>{"1"}));
    EXPECT_EQ(total, 1);
    InvoiceQuery q;
    q.connection = "qbo";
    EXPECT_EQ(ids(*store, q), (std::vector<std::string>{"130"}));
    // An invoice made in QuickBooks itself and linked to nothing we created is listed as well.
    store->write([&](StoreTransaction& t) {
        LinkMember adopted{"e1", {"qbo", "invoice", "130"}, "0", "fp", 1};
        t.put_link_member(adopted);
        EXPECT_FALSE(t.link_member(adopted.object)->created_by_write);
    });
    EXPECT_EQ(ids(*store, {}).size(), 2u);
}

TEST_P(InvoiceIndexTest, migration_10_indexes_the_invoices_a_version_9_database_holds) {
    database_.migrate_up_to(9);
    const std::string record = invoice_record("OLD-1", "10.10", "open", "USD", "2025-01-01", "Old").dump();
    database_.execute("INSERT INTO events (connection, type, object_id, version, system, record_json, received_at_ms) "
                      "VALUES ('hs', 'invoice', 'O1', 'v1', 'hubspot', '" + record + "', 1)");
    database_.execute("INSERT INTO mirror (connection, type, object_id, system, version, updated_at, event_id, seen_at_ms, "
                      "deleted) VALUES ('hs', 'invoice', 'O1', 'hubspot', 'v1', '', 1, 1, 0)");
    const auto store = database_.open();
    EXPECT_EQ(store->schema_version_found(), 9);
    InvoicePage page;
    InvoiceQuery q;
    q.amount = "10.1";
    store->read([&](StoreTransaction& t) { page = t.invoices(q); });
    ASSERT_EQ(page.invoices.size(), 1u);
    EXPECT_EQ(page.invoices[0].number, "OLD-1");
    EXPECT_EQ(page.invoices[0].customer_id, "C-Old");
    EXPECT_EQ(page.invoices[0].source_system, "hubspot");
}

TEST_P(InvoiceIndexTest, counts_failures_jobs_by_route_and_knows_when_a_connection_was_last_read) {
    const auto store = database_.open();
    store->write([&](StoreTransaction& t) {
        EXPECT_FALSE(t.last_read_at("hs").has_value());
        t.set_cursor("hs", "invoice", "c1", 100);
        t.set_cursor("hs", "customer", "c2", 250);
        for (const auto& [route, id] : std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"a", "2"}, {"b", "3"}}) {
            t.add_job(pending_job(route, id));
        }
        Failure f;
        f.stage = FailureStage::read;
        f.object = {"hs", "invoice", "X"};
        f.outcome_class = "data";
        t.put_failure(f);
    });
    store->read([&](StoreTransaction& t) {
        EXPECT_EQ(t.last_read_at("hs"), 250);
        const auto counts = t.job_counts_by_route();
        ASSERT_EQ(counts.size(), 2u);
        EXPECT_EQ(counts[0].route, "a");
        EXPECT_EQ(counts[0].counts.pending, 2);
        EXPECT_EQ(counts[1].counts.pending, 1);
        FailureFilter open;
        EXPECT_EQ(t.failure_count(open), 1);
        open.connection = "other";
        EXPECT_EQ(t.failure_count(open), 0);
    });
}

INSTANTIATE_TEST_SUITE_P(Engines, InvoiceIndexTest, ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

}  // namespace
}  // namespace ledgersync::store
