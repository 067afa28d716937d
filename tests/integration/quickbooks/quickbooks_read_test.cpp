// Reading from QuickBooks through the host's services: Intuit's sample entities imported into a
// sandbox company come back through /query as canonical records with every mapped field; later
// changes and deletions come by change data capture.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <ledgersync/sdk.hpp>

#include "connector_harness.hpp"
#include "http_request.hpp"
#include "qbo_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::ConnectorHarness;
using testing::QboSandbox;

json sample(const std::string& name) {
    std::ifstream in(std::string(LEDGERSYNC_SHARED_DIR) + "/specs/qbo/samples/json-intuit-docs/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return sdk::parse_json_exact(text.str());
}

std::map<std::string, sdk::Record> by_id(const std::vector<sdk::Record>& records) {
    std::map<std::string, sdk::Record> out;
    for (const auto& r : records) out[r.identity.id] = r;
    return out;
}

std::vector<sdk::Record> read_all(plugin::ConnectorInstance& connector, const std::string& stream, std::optional<std::string>& cursor) {
    std::vector<sdk::Record> all;
    for (int page = 0; page < 20; ++page) {
        sdk::ReadResult result = connector.read({stream, cursor});
        for (auto& r : result.records) all.push_back(std::move(r));
        cursor = result.cursor;
        if (!result.has_more) break;
    }
    return all;
}

TEST(QuickBooksReads, intuits_sample_entities_come_back_with_every_mapped_field) {
    QboSandbox sandbox;
    json refund_receipt = sample("refundreceipt_object.json")["RefundReceipt"];
    refund_receipt["PrivateNote"] = "[ledgersync] payment=125; reason=requested_by_customer";
    const json seeded = sandbox.control(
        "POST", "/__sandbox/qbo/seed",
        {{"tokens", true},
         {"import",
          {{"Invoice", {sample("invoice_object.json")["Invoice"], sample("invoice_create_response.json")["Invoice"]}},
           {"Payment", {sample("payment_object.json")["Payment"]}},
           {"Customer", {sample("customer_object.json")["Customer"]}},
           {"Item", {sample("item_object.json")["Item"]}},
           {"RefundReceipt", {refund_receipt}},
           {"CreditMemo", {sample("creditmemo_object.json")["CreditMemo"]}}}}});
    const json config = {{"realm_id", seeded["realm_id"]},
                         {"environment", {{"base_url", sandbox.url()}}},
                         {"client_id", sandbox.client_id()},
                         {"client_secret", sandbox.client_secret()},
                         {"refresh_token", seeded["tokens"]["refresh_token"]},
                         {"sync_from", "2014-01-01"},
                         {"mapping", {{"payment_method_ids", {{"cash", "1"}}}, {"term_ids", {{"Net 30", "3"}}}}}};
    ConnectorHarness h(config);

    std::optional<std::string> invoice_cursor;
    auto invoices = by_id(read_all(h.connector(), "invoice", invoice_cursor));
    ASSERT_EQ(invoices.count("130"), 1u) << h.log();
    const sdk::Record& inv = invoices["130"];
    EXPECT_EQ(inv.version, "0");
    EXPECT_EQ(inv.updated_at, "2014-09-19T20:16:17Z");
    EXPECT_EQ(inv.body["number"], "1037");
    EXPECT_EQ(inv.body["customer"]["id"], "24");
    EXPECT_EQ(inv.body["terms"], "Net 30");
    EXPECT_EQ(inv.body["custom_fields"], (json{{"Crew #", "102"}}));
    EXPECT_EQ(inv.body["totals"], (json{{"subtotal", "335.25"}, {"discount", "0.00"}, {"tax", "26.82"}, {"total", "362.07"},
                                        {"amount_paid", "0.00"}, {"balance_due", "362.07"}}));
    ASSERT_EQ(inv.body["lines"].size(), 4u);
    EXPECT_EQ(inv.body["lines"][2]["unit_price"], "9.5");
    EXPECT_EQ(inv.raw["TotalAmt"], "362.07");  // raw keeps QBO's number text
    EXPECT_EQ(invoices.count("238"), 1u);
    ASSERT_TRUE(invoice_cursor);
    EXPECT_EQ(sdk::parse_json_exact(*invoice_cursor)["mode"], "cdc");

    std::optional<std::string> cursor;
    const auto payments = by_id(read_all(h.connector(), "payment", cursor));
    ASSERT_EQ(payments.count("125"), 1u);
    EXPECT_EQ(payments.at("125").body["amount"], "25.00");
    EXPECT_EQ(payments.at("125").body["method"], "cash");
    EXPECT_EQ(payments.at("125").body["invoices"][0]["id"], "67");

    cursor.reset();
    const auto customers = by_id(read_all(h.connector(), "customer", cursor));
    ASSERT_EQ(customers.count("58"), 1u);
    EXPECT_EQ(customers.at("58").body["email"], "john@abccorp.com");
    EXPECT_EQ(customers.at("58").body["billing_address"]["region"], "CA");

    cursor.reset();
    const auto products = by_id(read_all(h.connector(), "product", cursor));
    ASSERT_EQ(products.count("5"), 1u);
    EXPECT_EQ(products.at("5").body["type"], "inventory");
    EXPECT_EQ(products.at("5").body["unit_price"], "275");

    cursor.reset();
    const auto refunds = by_id(read_all(h.connector(), "refund", cursor));
    ASSERT_EQ(refunds.count("66"), 1u);
    EXPECT_EQ(refunds.at("66").body["amount"], "87.50");
    EXPECT_EQ(refunds.at("66").body["payment"]["id"], "125");
    EXPECT_EQ(refunds.count("creditmemo-73"), 0u);  // the credit memo names no payment: skipped, and said so
    EXPECT_NE(h.log().find("credit memo 73 names no payment"), std::string::npos) << h.log();

    // Later changes arrive by change data capture from the watermark.
    const std::string realm = seeded["realm_id"];
    const json tokens = sandbox.control("POST", "/__sandbox/qbo/oauth/tokens", {{"realm_id", realm}});
    const auto changed = testing::http_request(
        "POST", sandbox.url() + "/v3/company/" + realm + "/customer?minorversion=75",
        json{{"DisplayName", "Brand New Customer"}}.dump(),
        {{"Authorization", "Bearer " + tokens["access_token"].get<std::string>()}, {"Content-Type", "application/json"}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    const sdk::ReadResult next = h.connector().read({"customer", cursor});
    bool found = false;
    for (const auto& r : next.records) found = found || r.body.value("display_name", "") == "Brand New Customer";
    EXPECT_TRUE(found);
    bool cdc = false;
    for (const auto& r : sandbox.request_log(realm)) cdc = cdc || r.value("endpoint", "").find("/cdc") != std::string::npos;
    EXPECT_TRUE(cdc);
}

}  // namespace
}  // namespace ledgersync
