// Writing: the custom properties on first start, the batch upserts of invoices and line items on
// their source ids, the associations (line items and contact, never a deal), finalizing, and
// HubSpot's errors as each item's outcome.

#include <gtest/gtest.h>

#include "connector.hpp"
#include "hubspot_test_support.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

using nlohmann::json;
using testing::FakeHost;
using testing::json_response;
using testing::private_app_config;
using testing::Router;
using testing::url_path;

sdk::WriteItem invoice_item(const std::string& id, const std::string& contact_target, json lines = nullptr) {
    sdk::WriteItem item;
    item.idempotency_key = "key-" + id;
    item.operation = "create";
    item.record.identity = {"quickbooks", "qbo", "invoice", id};
    item.record.schema = "ledgersync.invoice";
    if (lines.is_null()) lines = json::array({{{"kind", "item"}, {"description", "Consulting"}, {"quantity", "1"}, {"unit_price", "100.00"}, {"amount", "100.00"}}});
    item.record.body = {{"number", "10" + id}, {"status", "open"}, {"currency", "USD"}, {"issue_date", "2026-11-20"},
                        {"customer", {{"type", "customer"}, {"id", "58"}}}, {"lines", lines},
                        {"totals", {{"subtotal", "100.00"}, {"discount", "0"}, {"tax", "0"}, {"total", "100.00"}, {"amount_paid", "0"}, {"balance_due", "100.00"}}},
                        {"source_system", "quickbooks"}, {"updated_at", "2026-11-20T10:00:00Z"}};
    item.record.links = {{"customer", "customer", "58", "/customer", contact_target}};
    return item;
}

/// A HubSpot that answers the writer's calls and records what it was asked.
struct FakeCrm {
    Router router;
    std::vector<std::string> calls;
    json invoice_upserts = json::array();
    json line_upserts = json::array();
    json associations = json::object();
    json status_updates = json::array();

    FakeCrm() {
        router.on("POST /crm/v3/properties/invoices/groups", [this](const sdk::HttpRequest&) { return note("group", json_response(409, R"({"category":"CONFLICT","message":"exists"})")); });
        router.on("POST /crm/v3/properties/line_items/groups", [this](const sdk::HttpRequest&) { return note("group", json_response(201, "{}")); });
        for (const std::string type : {"invoices", "line_items"}) {
            router.on("POST /crm/v3/properties/" + type, [this](const sdk::HttpRequest& r) {
                const json body = json::parse(r.body);
                if (body["name"] == kSourceIdProperty) {
                    EXPECT_TRUE(body["hasUniqueValue"].get<bool>());
                }
                return note("property", json_response(201, r.body));
            });
        }
        router.on("POST /crm/v3/objects/invoices/batch/upsert", [this](const sdk::HttpRequest& r) {
            json results = json::array();
            json errors = json::array();
            const json request = json::parse(r.body);
            for (const auto& input : request["inputs"]) {
                EXPECT_EQ(input["idProperty"], kSourceIdProperty);
                EXPECT_FALSE(input["properties"].contains("hs_invoice_status"));
                invoice_upserts.push_back(input);
                if (input["id"] == "quickbooks/qbo/bad") {
                    errors.push_back({{"status", "error"}, {"category", "VALIDATION_ERROR"}, {"message", "Property values were not valid"},
                                      {"errors", {{{"message", "hs_currency \"XXX\" is not a currency"}}}},
                                      {"context", {{"objectWriteTraceId", {input["objectWriteTraceId"]}}}}});
                    continue;
                }
                results.push_back({{"id", "50" + std::to_string(invoice_upserts.size())}, {"new", true}, {"updatedAt", "2026-11-20T10:00:01.000Z"},
                                   {"objectWriteTraceId", input["objectWriteTraceId"]}, {"properties", input["properties"]}});
            }
            json body{{"status", "COMPLETE"}, {"results", results}};
            if (!errors.empty()) body["errors"] = errors;
            return note("upsert invoices", json_response(errors.empty() ? 200 : 207, body.dump()));
        });
        router.on("POST /crm/v3/objects/line_items/batch/upsert", [this](const sdk::HttpRequest& r) {
            json results = json::array();
            const json request = json::parse(r.body);
            for (const auto& input : request["inputs"]) {
                line_upserts.push_back(input);
                results.push_back({{"id", "60" + std::to_string(line_upserts.size())}, {"objectWriteTraceId", input["objectWriteTraceId"]},
                                   {"properties", input["properties"]}});
            }
            return note("upsert line items", json_response(200, json{{"status", "COMPLETE"}, {"results", results}}.dump()));
        });
        for (const std::string to : {"line_items", "contacts"}) {
            router.on("POST /crm/v4/associations/invoices/" + to + "/batch/associate/default", [this, to](const sdk::HttpRequest& r) {
                associations[to] = json::parse(r.body).at("inputs");
                return note("associate " + to, json_response(200, R"({"status":"COMPLETE","results":[]})"));
            });
        }
        router.on("POST /crm/v3/objects/invoices/batch/read", [this](const sdk::HttpRequest& r) {
            json results = json::array();
            const json request = json::parse(r.body);
            for (const auto& input : request["inputs"]) {
                results.push_back({{"id", input["id"]}, {"properties", {{"hs_invoice_status", "draft"}}}});
            }
            return note("read status", json_response(200, json{{"status", "COMPLETE"}, {"results", results}}.dump()));
        });
        router.on("POST /crm/v3/objects/invoices/batch/update", [this](const sdk::HttpRequest& r) {
            json results = json::array();
            const json request = json::parse(r.body);
            for (const auto& input : request["inputs"]) {
                status_updates.push_back(input);
                results.push_back({{"id", input["id"]}, {"updatedAt", "2026-11-20T10:00:02.000Z"}, {"objectWriteTraceId", input["objectWriteTraceId"]}});
            }
            return note("finalize", json_response(200, json{{"status", "COMPLETE"}, {"results", results}}.dump()));
        });
    }
    sdk::HttpResponse note(const std::string& what, sdk::HttpResponse response) {
        calls.push_back(what);
        return response;
    }
};

TEST(HubSpotWriter, invoices_are_upserted_on_their_source_id_with_their_lines_and_contact_then_finalized) {
    FakeHost host;
    FakeCrm crm;
    host.on_http(std::ref(crm.router));
    HubSpotConnector connector(host.services(), private_app_config());
    const auto outcomes = connector.write({invoice_item("130", "7001"), invoice_item("131", "7002")});
    ASSERT_EQ(outcomes.size(), 2u);
    EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::ok) << outcomes[0].reason;
    EXPECT_EQ(outcomes[0].target_id, "501");
    EXPECT_EQ(outcomes[0].target_version, "2026-11-20T10:00:02.000Z");
    EXPECT_EQ(outcomes[0].action, "created");
    EXPECT_EQ(outcomes[1].target_id, "502");
    EXPECT_EQ(crm.invoice_upserts[0]["id"], "quickbooks/qbo/130");
    EXPECT_EQ(crm.line_upserts[0]["id"], "quickbooks/qbo/130#line1");
    EXPECT_EQ(crm.associations["contacts"][0], (json{{"from", {{"id", "501"}}}, {"to", {{"id", "7001"}}}}));
    EXPECT_EQ(crm.associations["line_items"][1], (json{{"from", {{"id", "502"}}}, {"to", {{"id", "602"}}}}));
    EXPECT_EQ(crm.status_updates[0]["properties"]["hs_invoice_status"], "open");
    EXPECT_EQ(std::count(crm.calls.begin(), crm.calls.end(), "upsert invoices"), 1);
    for (const auto& request : host.requests()) EXPECT_EQ(url_path(request.url).find("deals"), std::string::npos);

    // The properties are created once per instance.
    const auto properties = std::count(crm.calls.begin(), crm.calls.end(), "property");
    EXPECT_EQ(properties, 3);
    connector.write({invoice_item("132", "7001")});
    EXPECT_EQ(std::count(crm.calls.begin(), crm.calls.end(), "property"), properties);
}

TEST(HubSpotWriter, hubspot_refusing_one_input_fails_that_item_only_with_hubspots_reason) {
    FakeHost host;
    FakeCrm crm;
    host.on_http(std::ref(crm.router));
    HubSpotConnector connector(host.services(), private_app_config());
    const auto outcomes = connector.write({invoice_item("bad", "7001"), invoice_item("131", "7002")});
    EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::data);
    EXPECT_NE(outcomes[0].reason.find("hs_currency \"XXX\" is not a currency"), std::string::npos) << outcomes[0].reason;
    EXPECT_NE(outcomes[0].reason.find("quickbooks invoice bad"), std::string::npos) << outcomes[0].reason;
    EXPECT_EQ(outcomes[1].kind, sdk::OutcomeClass::ok) << outcomes[1].reason;
}

TEST(HubSpotWriter, what_hubspot_cannot_hold_is_refused_before_any_call) {
    FakeHost host;
    FakeCrm crm;
    host.on_http(std::ref(crm.router));
    HubSpotConnector connector(host.services(), private_app_config());
    sdk::WriteItem payment = invoice_item("1", "7001");
    payment.record.identity.type = "payment";
    const json negative = json::array({{{"kind", "discount"}, {"description", "Loyalty"}, {"amount", "-5.00"}}});
    const auto outcomes = connector.write({invoice_item("1", ""), invoice_item("2", "7001", negative), payment});
    EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::data);
    EXPECT_NE(outcomes[0].reason.find("no customer linked"), std::string::npos);
    EXPECT_EQ(outcomes[1].kind, sdk::OutcomeClass::data);
    EXPECT_NE(outcomes[1].reason.find("negative"), std::string::npos) << outcomes[1].reason;
    EXPECT_EQ(outcomes[2].kind, sdk::OutcomeClass::data);
    EXPECT_TRUE(host.requests().empty());
}

TEST(HubSpotWriter, a_throttled_batch_is_rate_limited_for_every_item) {
    FakeHost host;
    FakeCrm crm;
    crm.router.on("POST /crm/v3/objects/invoices/batch/upsert", [](const sdk::HttpRequest&) {
        sdk::HttpResponse response = json_response(423, R"({"status":"error","category":"LOCKED","message":"locked"})");
        return response;
    });
    host.on_http(std::ref(crm.router));
    HubSpotConnector connector(host.services(), private_app_config());
    const auto outcomes = connector.write({invoice_item("130", "7001"), invoice_item("131", "7002")});
    for (const auto& o : outcomes) {
        EXPECT_EQ(o.kind, sdk::OutcomeClass::rate_limited);
        EXPECT_GE(o.retry_after.count(), 2000);
    }
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
