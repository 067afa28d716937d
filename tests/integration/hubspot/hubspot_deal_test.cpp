// The deal rule against the sandbox (docs/connectors/hubspot.md, "Deals"): when several invoices
// written from QuickBooks update one HubSpot deal, the most recently updated one (QuickBooks'
// LastUpdatedTime, then the higher QuickBooks id) wins for the deal's properties, whatever the
// order the writes arrive in; an invoice without a deal touches no deal. And an invoice the host
// links to a HubSpot invoice (one that came from HubSpot) is written onto that invoice by id.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "connector_harness.hpp"
#include "hubspot_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::canonical_invoice;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;
using testing::WriteItemBuilder;

class HubSpotDeal : public ::testing::Test {
protected:
    void SetUp() override {
        const json seeded = sandbox_.seed({{"defaults", true}});
        portal_ = seeded.at("portal_id");
        // An invoice that came from HubSpot (the seed's open one), with its own line item and contact.
        from_hubspot_ = seeded.at("created").at("invoices_by_status").at("open").at(0);
        const json invoice = object("invoices", from_hubspot_);
        contact_ = invoice.at("associations").at("contacts").at(0);
        original_lines_ = invoice.at("associations").at("line_items");
        harness_ = std::make_unique<ConnectorHarness>(sandbox_.private_app_config(portal_), std::vector<plugin::RateBudget>{},
                                                      "hubspot", "hubspot");
        // QuickBooks invoice 10 was made in QuickBooks: the connector creates its HubSpot invoice.
        const auto created = write({item("10", "2026-11-20T10:00:00Z", "create", "")});
        ASSERT_TRUE(created[0].is_ok()) << created[0].reason << harness_->log();
        from_quickbooks_ = created[0].target_id;
        deal_ = api("POST", "/crm/v3/objects/deals", {{"properties", {{"dealname", "Acme renewal"}, {"dealstage", "contractsent"}, {"pipeline", "default"}}}}).at("id");
        // A user associates both invoices with the deal.
        api("POST", "/crm/v4/associations/invoices/deals/batch/associate/default",
            {{"inputs", json::array({{{"from", {{"id", from_hubspot_}}}, {"to", {{"id", deal_}}}},
                                     {{"from", {{"id", from_quickbooks_}}}, {"to", {{"id", deal_}}}}})}});
    }

    json api(const std::string& method, const std::string& path, const json& body) const { return sandbox_.api(method, path, body, portal_); }

    json object(const std::string& type, const std::string& id) const {
        for (const auto& o : sandbox_.objects(type, portal_)) {
            if (o.value("id", "") == id) return o;
        }
        return json();
    }

    json deal_properties() const { return object("deals", deal_).at("properties"); }

    /// The QuickBooks invoice `qbo_id` changed at `updated_at`, as the bus hands it over: an
    /// update of the HubSpot invoice it is linked to. QuickBooks invoice 9 is the copy of the
    /// invoice that came from HubSpot, 10 was made in QuickBooks.
    sdk::WriteItem item(const std::string& qbo_id, const std::string& updated_at, const std::string& operation = "update",
                        const std::string& target = "-") const {
        const std::string price = qbo_id == "9" ? "90.00" : "100.00";
        json body = canonical_invoice("Q-" + qbo_id + "-" + updated_at.substr(11, 2), "58", "5", price, 2);
        body["updated_at"] = updated_at;
        body["source_system"] = "quickbooks";
        const std::string target_id = target != "-" ? target : qbo_id == "9" ? from_hubspot_ : from_quickbooks_;
        sdk::WriteItem item = WriteItemBuilder::make("invoice", qbo_id, body, {{"customer", "customer", "58", "/customer", contact_}},
                                                     operation, target_id, updated_at);
        item.record.identity.system = "quickbooks";
        item.record.updated_at = updated_at;
        return item;
    }

    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items) { return harness_->connector().write(items); }

    /// The requests of the HubSpot API since `after` whose path contains `part`.
    std::vector<std::string> requests_to(std::int64_t after, const std::string& part) const {
        std::vector<std::string> out;
        const json log = sandbox_.control("GET", "/__sandbox/requests?api=hubspot&limit=100000&after=" + std::to_string(after));
        for (const auto& r : log.value("requests", json::array())) {
            if (r.value("path", "").find(part) != std::string::npos) out.push_back(r.value("method", "") + " " + r.value("path", ""));
        }
        return out;
    }

    std::int64_t last_request() const {
        const json log = sandbox_.control("GET", "/__sandbox/requests?api=hubspot&limit=100000");
        std::int64_t seq = 0;
        for (const auto& r : log.value("requests", json::array())) seq = std::max(seq, r.value("seq", std::int64_t{0}));
        return seq;
    }

    HubSpotSandbox sandbox_;
    std::string portal_;
    std::string contact_;
    std::string from_hubspot_;
    std::string from_quickbooks_;
    json original_lines_;
    std::string deal_;
    std::unique_ptr<ConnectorHarness> harness_;
};

TEST_F(HubSpotDeal, the_most_recently_updated_invoice_wins_whatever_the_order_and_an_older_one_arriving_later_is_ignored) {
    // QuickBooks invoice 10 was updated at 11:00, 9 at 10:30; 10's write arrives first.
    auto outcomes = write({item("10", "2026-11-21T11:00:00Z")});
    ASSERT_TRUE(outcomes[0].is_ok()) << outcomes[0].reason << harness_->log();
    json deal = deal_properties();
    EXPECT_EQ(deal.value("ledgersync_qbo_invoice_id", ""), "10") << deal.dump();
    EXPECT_EQ(deal.value("ledgersync_qbo_invoice_number", ""), "Q-10-11");
    EXPECT_EQ(deal.value("ledgersync_qbo_invoice_status", ""), "open");
    EXPECT_EQ(sdk::Decimal::parse(deal.value("ledgersync_qbo_invoice_total", "0")), sdk::Decimal::parse("200.00"));
    EXPECT_EQ(sdk::Decimal::parse(deal.value("ledgersync_qbo_invoice_balance_due", "0")), sdk::Decimal::parse("200.00"));
    EXPECT_EQ(deal.value("ledgersync_invoice_id", ""), from_quickbooks_);
    ASSERT_TRUE(outcomes[0].details.contains("deals")) << outcomes[0].details.dump();
    EXPECT_EQ(outcomes[0].details["deals"][0].value("written", false), true);

    // The older update of 9 arrives later: its invoice is written, the deal keeps 10, and says why.
    outcomes = write({item("9", "2026-11-21T10:30:00Z")});
    ASSERT_TRUE(outcomes[0].is_ok()) << outcomes[0].reason << harness_->log();
    deal = deal_properties();
    EXPECT_EQ(deal.value("ledgersync_qbo_invoice_id", ""), "10") << deal.dump();
    EXPECT_EQ(deal.value("ledgersync_qbo_invoice_number", ""), "Q-10-11");
    ASSERT_TRUE(outcomes[0].details.contains("deals")) << outcomes[0].details.dump();
    EXPECT_EQ(outcomes[0].details["deals"][0].value("written", true), false);
    EXPECT_THAT(outcomes[0].details["deals"][0].value("reason", ""), HasSubstr("holds quickbooks invoice 10"));
    EXPECT_THAT(harness_->log(), HasSubstr("leaves deal " + deal_ + " alone"));

    // A later update of 9 wins.
    outcomes = write({item("9", "2026-11-21T12:00:00Z")});
    ASSERT_TRUE(outcomes[0].is_ok()) << outcomes[0].reason;
    deal = deal_properties();
    EXPECT_EQ(deal.value("ledgersync_qbo_invoice_id", ""), "9") << deal.dump();
    EXPECT_EQ(deal.value("ledgersync_qbo_invoice_number", ""), "Q-9-12");
    EXPECT_EQ(sdk::Decimal::parse(deal.value("ledgersync_qbo_invoice_total", "0")), sdk::Decimal::parse("180.00"));
    EXPECT_EQ(deal.value("ledgersync_invoice_id", ""), from_hubspot_);

    // A restart (another instance: nothing remembered but what the deal holds) keeps the rule.
    auto restarted = harness_->another_instance(sandbox_.private_app_config(portal_));
    outcomes = restarted->write({item("10", "2026-11-21T11:30:00Z")});
    ASSERT_TRUE(outcomes[0].is_ok()) << outcomes[0].reason;
    EXPECT_EQ(deal_properties().value("ledgersync_qbo_invoice_id", ""), "9");
}

TEST_F(HubSpotDeal, on_equal_update_times_the_higher_quickbooks_id_wins_in_either_order_and_in_one_batch) {
    // 10 then 9, both at 13:00: 10 stays (10 > 9 as numbers, though "9" > "10" as text).
    ASSERT_TRUE(write({item("10", "2026-11-21T13:00:00Z")})[0].is_ok()) << harness_->log();
    ASSERT_TRUE(write({item("9", "2026-11-21T13:00:00Z")})[0].is_ok());
    EXPECT_EQ(deal_properties().value("ledgersync_qbo_invoice_id", ""), "10");
    EXPECT_EQ(deal_properties().value("ledgersync_qbo_invoice_number", ""), "Q-10-13");
    // 9 then 10, both at 14:00: 9 first (later than 13:00), then 10.
    ASSERT_TRUE(write({item("9", "2026-11-21T14:00:00Z")})[0].is_ok());
    EXPECT_EQ(deal_properties().value("ledgersync_qbo_invoice_id", ""), "9");
    ASSERT_TRUE(write({item("10", "2026-11-21T14:00:00Z")})[0].is_ok());
    EXPECT_EQ(deal_properties().value("ledgersync_qbo_invoice_id", ""), "10");
    EXPECT_EQ(deal_properties().value("ledgersync_qbo_invoice_number", ""), "Q-10-14");
    // Both in one batch at 15:00, 10 listed first: one deal update, with 10.
    const std::int64_t before = last_request();
    const auto outcomes = write({item("10", "2026-11-21T15:00:00Z"), item("9", "2026-11-21T15:00:00Z")});
    ASSERT_TRUE(outcomes[0].is_ok() && outcomes[1].is_ok()) << outcomes[0].reason << outcomes[1].reason;
    EXPECT_EQ(deal_properties().value("ledgersync_qbo_invoice_id", ""), "10");
    EXPECT_EQ(deal_properties().value("ledgersync_qbo_invoice_number", ""), "Q-10-15");
    EXPECT_EQ(requests_to(before, "/crm/v3/objects/deals/batch/update").size(), 1u);
    EXPECT_EQ(requests_to(before, "/crm/v3/objects/deals/batch/read").size(), 1u);
    EXPECT_EQ(outcomes[1].details["deals"][0].value("written", true), false) << outcomes[1].details.dump();
}

TEST_F(HubSpotDeal, an_invoice_without_a_deal_touches_no_deal_and_a_new_invoice_costs_no_deal_call) {
    ASSERT_TRUE(write({item("10", "2026-11-21T11:00:00Z")})[0].is_ok()) << harness_->log();
    const json deal_before = object("deals", deal_);

    // A new invoice made in QuickBooks: no deal can be associated with it yet; no call about deals.
    std::int64_t before = last_request();
    auto outcomes = write({item("11", "2026-11-22T09:00:00Z", "create", "")});
    ASSERT_TRUE(outcomes[0].is_ok()) << outcomes[0].reason;
    EXPECT_EQ(outcomes[0].action, "created");
    EXPECT_TRUE(requests_to(before, "deals").empty()) << requests_to(before, "deals").size();
    EXPECT_FALSE(object("invoices", outcomes[0].target_id).at("associations").contains("deals")) << "never associated with a deal";

    // Its later update (newer than what the deal holds): one association read finds no deal, and
    // no deal is read or written.
    const std::string id = outcomes[0].target_id;
    before = last_request();
    outcomes = write({item("11", "2026-11-23T09:00:00Z", "update", id)});
    ASSERT_TRUE(outcomes[0].is_ok()) << outcomes[0].reason;
    EXPECT_EQ(requests_to(before, "/crm/v4/associations/invoices/deals/batch/read").size(), 1u);
    EXPECT_TRUE(requests_to(before, "/crm/v3/objects/deals").empty());
    EXPECT_FALSE(outcomes[0].details.contains("deals"));
    const json deal_after = object("deals", deal_);
    EXPECT_EQ(deal_after.at("properties"), deal_before.at("properties"));
}

TEST_F(HubSpotDeal, an_invoice_linked_to_one_that_came_from_hubspot_is_written_onto_it_without_a_copy) {
    const std::size_t invoices_before = sandbox_.objects("invoices", portal_).size();
    const auto outcomes = write({item("9", "2026-11-21T10:30:00Z")});
    ASSERT_TRUE(outcomes[0].is_ok()) << outcomes[0].reason << harness_->log();
    EXPECT_EQ(outcomes[0].target_id, from_hubspot_);
    EXPECT_EQ(outcomes[0].action, "updated");
    EXPECT_EQ(sandbox_.objects("invoices", portal_).size(), invoices_before) << "no second invoice";
    const json invoice = object("invoices", from_hubspot_);
    // It keeps its identity (it came from HubSpot) and has the source's lines instead of its own.
    EXPECT_FALSE(invoice.at("properties").contains("ledgersync_source_id")) << invoice.dump();
    EXPECT_FALSE(invoice.at("properties").contains("ledgersync_source_system")) << invoice.dump();
    ASSERT_EQ(invoice.at("associations").at("line_items").size(), 2u) << invoice.dump();
    for (const auto& line : original_lines_) {
        EXPECT_EQ(std::count(invoice["associations"]["line_items"].begin(), invoice["associations"]["line_items"].end(), line), 0)
            << "HubSpot's own line " << line << " was replaced by the source's";
    }
    EXPECT_EQ(sdk::Decimal::parse(invoice.at("properties").value("hs_amount_billed", "0")), sdk::Decimal::parse("180.00"));
    EXPECT_EQ(invoice.at("associations").at("deals"), json::array({deal_}));
}

}  // namespace
}  // namespace ledgersync
