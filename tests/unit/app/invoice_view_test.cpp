// What `invoices show` and the admin API's invoice detail show of an invoice's payments and
// refunds (app/invoice_view.hpp), read from a store of each engine: found through the store's
// reference index, in the connection the routes say their references mean.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/invoice_view.hpp"
#include "scratch_store.hpp"

namespace ledgersync::app {
namespace {

using json = nlohmann::json;
using store::ObjectKey;

json reference(const std::string& type, const std::string& id) { return {{"type", type}, {"id", id}}; }

json payment(const std::string& date, const std::vector<std::string>& invoices) {
    json body = {{"amount", "10.00"}, {"currency", "USD"}, {"date", date}, {"status", "succeeded"}, {"invoices", json::array()}};
    for (const auto& id : invoices) body["invoices"].push_back(reference("invoice", id));
    return body;
}

/// Connections hubspot (invoices), stripe (card payments naming HubSpot invoices: references_in)
/// and qbo (where route stripe_payments writes them).
config::HostConfig three_connections() {
    config::HostConfig config;
    for (const auto& [name, plugin] : std::vector<std::pair<std::string, std::string>>{
             {"hubspot", "hubspot"}, {"stripe", "stripe"}, {"qbo", "quickbooks"}}) {
        config.connections[name].name = name;
        config.connections[name].plugin = plugin;
    }
    bus::RouteConfig payments;
    payments.name = "stripe_payments";
    payments.from = {{"stripe", "payment"}, {"stripe", "refund"}};
    payments.to = {"qbo", "payment"};
    payments.references_in = {{"invoice", "hubspot"}};
    config.routes.push_back(payments);
    return config;
}

class InvoiceViewTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    void SetUp() override {
        store_->write([&](store::StoreTransaction& t) {
            put(t, {"hubspot", "invoice", "I1"}, {{"number", "INV-1"}});
            put(t, {"qbo", "invoice", "130"}, {{"number", "INV-1"}});
            t.put_link_member({"E1", {"hubspot", "invoice", "I1"}, "", "", 1});
            t.put_link_member({"E1", {"qbo", "invoice", "130"}, "0", "fp", 1});
            // Two card payments of I1 (a HubSpot id), the later one refunded and written to qbo,
            // whose copy, read back, names the invoice's qbo copy.
            put(t, {"stripe", "payment", "ch_2"}, payment("2026-11-02", {"I1"}));
            put(t, {"stripe", "payment", "ch_1"}, payment("2026-11-01", {"I1"}));
            put(t, {"qbo", "payment", "45"}, payment("2026-11-02", {"130"}));
            t.put_link_member({"E2", {"stripe", "payment", "ch_2"}, "", "", 1});
            t.put_link_member({"E2", {"qbo", "payment", "45"}, "0", "fp", 1});
            t.put_sync_status({{"stripe", "payment", "ch_2"}, "stripe_payments", "qbo", store::SyncState::synced, "45", "", 1, 1});
            put(t, {"stripe", "refund", "re_1"}, {{"amount", "4.00"}, {"date", "2026-11-03"}, {"payment", reference("payment", "ch_2")}});
            // Not this invoice's: a qbo payment of qbo's invoice I1 (qbo's references are qbo ids),
            // a card payment of another invoice, a refund of another payment.
            put(t, {"qbo", "payment", "46"}, payment("2026-11-04", {"I1"}));
            put(t, {"stripe", "payment", "ch_3"}, payment("2026-11-05", {"I2"}));
            put(t, {"stripe", "refund", "re_2"}, {{"amount", "1.00"}, {"date", "2026-11-06"}, {"payment", reference("payment", "ch_3")}});
        });
    }

    static void put(store::StoreTransaction& t, const ObjectKey& key, const json& body) {
        const auto event = t.add_event({0, key, key.connection, "1", json{{"body", body}}.dump(), 1});
        t.put_mirror({key, key.connection, "1", "", *event, "", 1, false});
    }

    InvoiceView view_of_i1() {
        std::optional<InvoiceView> view;
        store_->read([&](store::StoreTransaction& t) { view = read_invoice_view(t, config_, {"hubspot", "invoice", "I1"}, 10); });
        EXPECT_TRUE(view.has_value());
        return view.value_or(InvoiceView{});
    }

    testing::ScratchDatabase database_{GetParam()};
    std::unique_ptr<store::Store> store_ = database_.open();
    config::HostConfig config_ = three_connections();
};

TEST_P(InvoiceViewTest, shows_the_payments_naming_the_invoice_in_their_routes_connection_each_once_with_their_refunds) {
    const InvoiceView view = view_of_i1();
    EXPECT_EQ(view.copies, (std::vector<ObjectKey>{{"qbo", "invoice", "130"}}));
    ASSERT_EQ(view.payments.size(), 2u);
    // By date; the qbo copy of ch_2 is not a payment of its own.
    EXPECT_EQ(view.payments[0].key.str(), "stripe/payment/ch_1");
    EXPECT_TRUE(view.payments[0].refunds.empty());
    const MoneyMovement& refunded = view.payments[1];
    EXPECT_EQ(refunded.key.str(), "stripe/payment/ch_2");
    EXPECT_EQ(refunded.copies, (std::vector<ObjectKey>{{"qbo", "payment", "45"}}));
    ASSERT_EQ(refunded.statuses.size(), 1u);
    ASSERT_EQ(refunded.refunds.size(), 1u);
    EXPECT_EQ(refunded.refunds[0].key.str(), "stripe/refund/re_1");
    EXPECT_EQ(refunded.refunds[0].body.at("amount"), "4.00");

    // Changed to pay I2: no longer shown.
    store_->write([&](store::StoreTransaction& t) {
        const auto event = t.add_event({0, {"stripe", "payment", "ch_1"}, "stripe", "2", json{{"body", payment("2026-11-01", {"I2"})}}.dump(), 2});
        t.put_mirror({{"stripe", "payment", "ch_1"}, "stripe", "2", "", *event, "", 2, false});
    });
    ASSERT_EQ(view_of_i1().payments.size(), 1u);
    EXPECT_EQ(view_of_i1().payments[0].key.str(), "stripe/payment/ch_2");
}

TEST_P(InvoiceViewTest, finds_payments_and_refunds_through_the_reference_index_not_by_reading_every_record) {
    ASSERT_EQ(view_of_i1().payments.size(), 2u);
    // Without the index rows of the refund, the payments are still found, but not the refund;
    // without any, nothing: the records themselves are no longer read one by one.
    database_.execute("DELETE FROM mirror_references WHERE type = 'refund'");
    InvoiceView view = view_of_i1();
    ASSERT_EQ(view.payments.size(), 2u);
    EXPECT_TRUE(view.payments[1].refunds.empty());
    database_.execute("DELETE FROM mirror_references");
    EXPECT_TRUE(view_of_i1().payments.empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, InvoiceViewTest,
                         ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

}  // namespace
}  // namespace ledgersync::app
