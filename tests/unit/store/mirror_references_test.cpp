// The mirror's reference index (schema 15): what names an object is found by a lookup
// (StoreTransaction::mirror_referring), kept by put_mirror, filled by migration 15, on both engines.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "scratch_store.hpp"

namespace ledgersync::store {
namespace {

using json = nlohmann::json;
using Strings = std::vector<std::string>;

json reference(const std::string& type, const std::string& id) { return {{"type", type}, {"id", id}}; }

/// A payment's record booked against `invoices` (ids).
json payment_record(const Strings& invoices) {
    json body = {{"amount", "10.00"}, {"currency", "USD"}, {"date", "2026-11-01"}, {"invoices", json::array()}};
    for (const auto& id : invoices) body["invoices"].push_back(reference("invoice", id));
    return {{"identity", {{"type", "payment"}}}, {"body", body}};
}

json refund_record(const std::string& payment) {
    return {{"identity", {{"type", "refund"}}}, {"body", {{"amount", "1.00"}, {"payment", reference("payment", payment)}}}};
}

/// Receives version `version` of `key` with `record`, as the ingestor does; whether the mirror took it.
bool receive(Store& store, const ObjectKey& key, const std::string& version, const json& record,
             const std::string& updated_at = "", bool deleted = false) {
    bool stored = false;
    store.write([&](StoreTransaction& t) {
        const auto event = t.add_event({0, key, key.connection, version, record.dump(), 1});
        stored = t.put_mirror({key, key.connection, version, updated_at, *event, "", 1, deleted});
    });
    return stored;
}

/// The objects mirror_referring finds, as "connection/type/id".
Strings referring(Store& store, const std::string& type, const std::string& field, const Strings& ids) {
    Strings found;
    store.read([&](StoreTransaction& t) {
        for (const auto& entry : t.mirror_referring(type, field, ids)) found.push_back(entry.object.str());
    });
    return found;
}

class MirrorReferencesTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    testing::ScratchDatabase database_{GetParam()};
};

TEST_P(MirrorReferencesTest, finds_the_payments_of_an_invoice_and_the_refunds_of_a_payment_in_key_order_each_once) {
    const auto store = database_.open();
    receive(*store, {"stripe", "payment", "ch_2"}, "1", payment_record({"I1"}));
    receive(*store, {"stripe", "payment", "ch_1"}, "1", payment_record({"I1", "I2"}));
    receive(*store, {"hs_pay", "payment", "P9"}, "1", payment_record({"I2", "I1"}));
    receive(*store, {"stripe", "payment", "ch_3"}, "1", payment_record({"I3"}));
    receive(*store, {"stripe", "payment", "ch_4"}, "1", payment_record({}));
    // Deleted at its source: still found (the invoice detail shows it, as deleted).
    receive(*store, {"qbo", "payment", "45"}, "1", payment_record({"I1"}), "", true);
    receive(*store, {"stripe", "refund", "re_1"}, "1", refund_record("ch_1"));
    receive(*store, {"stripe", "refund", "re_2"}, "1", refund_record("ch_3"));
    // References that are no references, or whose id is no string, name nothing.
    json odd = payment_record({});
    odd["body"]["invoices"] = json::array({"I1", {{"type", "invoice"}, {"id", 1}}, json::object()});
    receive(*store, {"stripe", "payment", "odd"}, "1", odd);
    // An invoice's own fields are not indexed: only payments' invoices and refunds' payment.
    receive(*store, {"hs", "invoice", "I1"}, "1", {{"body", {{"invoices", json::array({reference("invoice", "I1")})}}}});

    // Every connection's, in (connection, id) order; the one naming both ids once.
    EXPECT_EQ(referring(*store, "payment", "invoices", {"I1"}),
              (Strings{"hs_pay/payment/P9", "qbo/payment/45", "stripe/payment/ch_1", "stripe/payment/ch_2"}));
    EXPECT_EQ(referring(*store, "payment", "invoices", {"I2", "I1"}),
              (Strings{"hs_pay/payment/P9", "qbo/payment/45", "stripe/payment/ch_1", "stripe/payment/ch_2"}));
    EXPECT_EQ(referring(*store, "payment", "invoices", {"I3"}), (Strings{"stripe/payment/ch_3"}));
    EXPECT_TRUE(referring(*store, "payment", "invoices", {"NONE"}).empty());
    EXPECT_TRUE(referring(*store, "payment", "invoices", {}).empty());
    EXPECT_EQ(referring(*store, "refund", "payment", {"ch_1", "ch_3"}), (Strings{"stripe/refund/re_1", "stripe/refund/re_2"}));
    EXPECT_TRUE(referring(*store, "invoice", "invoices", {"I1"}).empty());
    EXPECT_TRUE(referring(*store, "refund", "invoices", {"I1"}).empty());

    // The entries come with their records, as mirror() gives them.
    store->read([&](StoreTransaction& t) {
        const auto found = t.mirror_referring("payment", "invoices", {"I3"});
        ASSERT_EQ(found.size(), 1u);
        const auto mirrored = t.mirror({"stripe", "payment", "ch_3"});
        EXPECT_EQ(found[0].record_json, mirrored->record_json);
        EXPECT_EQ(found[0].event_id, mirrored->event_id);
        EXPECT_EQ(found[0].version, "1");
        EXPECT_FALSE(found[0].deleted);
        EXPECT_TRUE(t.mirror_referring("payment", "invoices", {"I1"}).at(1).deleted);
    });
}

TEST_P(MirrorReferencesTest, a_new_version_replaces_what_an_object_names_and_a_stale_one_changes_nothing) {
    const auto store = database_.open();
    const ObjectKey payment{"stripe", "payment", "ch_1"};
    const ObjectKey refund{"stripe", "refund", "re_1"};
    ASSERT_TRUE(receive(*store, payment, "1", payment_record({"I1", "I2"}), "2026-11-01T10:00:00Z"));
    ASSERT_TRUE(receive(*store, refund, "1", refund_record("ch_1")));
    EXPECT_EQ(referring(*store, "payment", "invoices", {"I1"}), (Strings{"stripe/payment/ch_1"}));

    // Rebooked against I3 only: no longer a payment of I1 or I2.
    ASSERT_TRUE(receive(*store, payment, "2", payment_record({"I3"}), "2026-11-02T10:00:00Z"));
    EXPECT_TRUE(referring(*store, "payment", "invoices", {"I1", "I2"}).empty());
    EXPECT_EQ(referring(*store, "payment", "invoices", {"I3"}), (Strings{"stripe/payment/ch_1"}));

    // A version older than the mirrored one is not taken, nor are its references.
    ASSERT_FALSE(receive(*store, payment, "0", payment_record({"I1"}), "2026-10-01T10:00:00Z"));
    EXPECT_TRUE(referring(*store, "payment", "invoices", {"I1"}).empty());
    EXPECT_EQ(referring(*store, "payment", "invoices", {"I3"}), (Strings{"stripe/payment/ch_1"}));

    // A version without the field names nothing; the refund moved to another payment.
    json bare = payment_record({});
    bare["body"].erase("invoices");
    ASSERT_TRUE(receive(*store, payment, "3", bare, "2026-11-03T10:00:00Z"));
    EXPECT_TRUE(referring(*store, "payment", "invoices", {"I3"}).empty());
    ASSERT_TRUE(receive(*store, refund, "2", refund_record("ch_9")));
    EXPECT_TRUE(referring(*store, "refund", "payment", {"ch_1"}).empty());
    EXPECT_EQ(referring(*store, "refund", "payment", {"ch_9"}), (Strings{"stripe/refund/re_1"}));

    // Deleted (payments delete): the same record, still found, now as deleted.
    store->write([&](StoreTransaction& t) {
        auto entry = *t.mirror(refund);
        entry.deleted = true;
        ASSERT_TRUE(t.put_mirror(entry));
    });
    store->read([&](StoreTransaction& t) {
        const auto found = t.mirror_referring("refund", "payment", {"ch_9"});
        ASSERT_EQ(found.size(), 1u);
        EXPECT_TRUE(found[0].deleted);
    });
}

TEST_P(MirrorReferencesTest, after_retention_prunes_old_versions_the_index_still_answers_from_the_current_one) {
    const auto store = database_.open();
    const ObjectKey payment{"stripe", "payment", "ch_1"};
    receive(*store, payment, "1", payment_record({"I1"}), "2026-11-01T10:00:00Z");
    receive(*store, payment, "2", payment_record({"I2"}), "2026-11-02T10:00:00Z");
    // Every event old: only the current copy's stays, and the index still answers from it.
    store->write([&](StoreTransaction& t) { t.prune_events(1'000, 0, 100); });
    EXPECT_TRUE(referring(*store, "payment", "invoices", {"I1"}).empty());
    EXPECT_EQ(referring(*store, "payment", "invoices", {"I2"}), (Strings{"stripe/payment/ch_1"}));
}

TEST_P(MirrorReferencesTest, migration_15_indexes_the_payments_and_refunds_a_version_14_database_holds) {
    database_.migrate_up_to(14);
    // The rows a version 14 store wrote: the event, and the mirror entry when it is the current version.
    const auto old_row = [&](const ObjectKey& key, const std::string& version, const json& record, bool current) {
        const std::string values = "'" + key.connection + "', '" + key.type + "', '" + key.id + "', '" + version + "'";
        database_.execute("INSERT INTO events (connection, type, object_id, version, system, record_json, received_at_ms) "
                          "VALUES (" + values + ", 'stripe', '" + record.dump() + "', 1)");
        if (!current) return;
        database_.execute("INSERT INTO mirror (connection, type, object_id, version, system, updated_at, event_id, "
                          "seen_at_ms, deleted) SELECT " + values + ", 'stripe', '', MAX(id), 1, 0 FROM events");
    };
    // ch_1 was booked against I0 first, then against I1 and I2: only its current version counts.
    old_row({"stripe", "payment", "ch_1"}, "1", payment_record({"I0"}), false);
    old_row({"stripe", "payment", "ch_1"}, "2", payment_record({"I1", "I2"}), true);
    old_row({"qbo", "payment", "45"}, "1", payment_record({"I1"}), true);
    old_row({"stripe", "refund", "re_1"}, "1", refund_record("ch_1"), true);
    old_row({"hs", "invoice", "I1"}, "1", json{{"body", {{"number", "INV-1"}}}}, true);

    const auto store = database_.open();
    EXPECT_EQ(store->schema_version_found(), 14);
    EXPECT_EQ(store->schema_version(), 15);
    EXPECT_EQ(referring(*store, "payment", "invoices", {"I1"}), (Strings{"qbo/payment/45", "stripe/payment/ch_1"}));
    EXPECT_EQ(referring(*store, "payment", "invoices", {"I2"}), (Strings{"stripe/payment/ch_1"}));
    EXPECT_TRUE(referring(*store, "payment", "invoices", {"I0"}).empty());
    EXPECT_EQ(referring(*store, "refund", "payment", {"ch_1"}), (Strings{"stripe/refund/re_1"}));
    // And put_mirror keeps the rows the migration made.
    receive(*store, {"stripe", "payment", "ch_1"}, "3", payment_record({"I2"}));
    EXPECT_EQ(referring(*store, "payment", "invoices", {"I1"}), (Strings{"qbo/payment/45"}));
}

TEST(MirrorReferencesExport, store_export_to_postgresql_carries_the_index) {
    const testing::ScratchDatabase sqlite(testing::StoreEngine::sqlite);
    const testing::ScratchDatabase postgres(testing::StoreEngine::postgresql);
    receive(*sqlite.open(), {"stripe", "payment", "ch_1"}, "1", payment_record({"I1"}));
    const testing::TempDir dir;
    const auto config = dir / "ledgersync.json";
    testing::write_file(config, json{{"data_dir", (dir / "data").string()}, {"store", sqlite.store_config()}}.dump());
    const auto exported = testing::run_command(
        LEDGERSYNC_BINARY, {"store", "export", "--to", "postgresql", postgres.store_config()["postgresql"]["dsn"].get<std::string>(), "--config", config.string()});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_EQ(referring(*postgres.open(), "payment", "invoices", {"I1"}), (Strings{"stripe/payment/ch_1"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, MirrorReferencesTest,
                         ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

}  // namespace
}  // namespace ledgersync::store
