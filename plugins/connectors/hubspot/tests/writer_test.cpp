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
    json child_upserts = json::object();
    bool existing = false;  ///< upserts find the invoices already there
    json associations = json::object();
    json status_updates = json::array();

    FakeCrm() {
        testing::on_property_listings(router);
        router.on("POST /crm/v3/properties/invoices/groups", [this](const sdk::HttpRequest&) { return note("group", json_response(409, R"({"category":"CONFLICT","message":"exists"})")); });
        for (const std::string type : {"line_items", "discounts", "fees", "taxes", "deals"}) {
            router.on("POST /crm/v3/properties/" + type + "/groups", [this](const sdk::HttpRequest&) { return note("group", json_response(201, "{}")); });
        }
        for (const std::string type : {"invoices", "line_items", "discounts", "fees", "taxes", "deals"}) {
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
                results.push_back({{"id", "50" + std::to_string(invoice_upserts.size())}, {"new", !existing}, {"updatedAt", "2026-11-20T10:00:01.000Z"},
                                   {"objectWriteTraceId", input["objectWriteTraceId"]}, {"properties", input["properties"]}});
            }
            json body{{"status", "COMPLETE"}, {"results", results}};
            if (!errors.empty()) body["errors"] = errors;
            return note("upsert invoices", json_response(errors.empty() ? 200 : 207, body.dump()));
        });
        for (const std::string type : {"line_items", "discounts", "fees", "taxes"}) {
            router.on("POST /crm/v3/objects/" + type + "/batch/upsert", [this, type](const sdk::HttpRequest& r) {
                json results = json::array();
                const json request = json::parse(r.body);
                json& upserts = type == "line_items" ? line_upserts : child_upserts[type];
                for (const auto& input : request["inputs"]) {
                    upserts.push_back(input);
                    results.push_back({{"id", std::string(type == "line_items" ? "60" : "70") + std::to_string(upserts.size())},
                                       {"updatedAt", "2026-11-20T10:00:03.250Z"},
                                       {"objectWriteTraceId", input["objectWriteTraceId"]}, {"properties", input["properties"]}});
                }
                return note(type == "line_items" ? "upsert line items" : "upsert " + type, json_response(200, json{{"status", "COMPLETE"}, {"results", results}}.dump()));
            });
        }
        for (const std::string to : {"line_items", "discounts", "fees", "taxes", "contacts", "companies"}) {
            router.on("POST /crm/v4/associations/invoices/" + to + "/batch/associate/default", [this, to](const sdk::HttpRequest& r) {
                associations[to] = json::parse(r.body).at("inputs");
                return note("associate " + to, json_response(200, R"({"status":"COMPLETE","results":[]})"));
            });
        }
        // No invoice has a deal (the deal rule: deal_latest_invoice_test.cpp, the sandbox's HubSpotDeal).
        router.on("POST /crm/v4/associations/invoices/deals/batch/read", [this](const sdk::HttpRequest&) {
            return note("read deals", json_response(200, R"({"status":"COMPLETE","results":[]})"));
        });
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
    // The version the reader gives the invoice as written: the latest change of it or its parts
    // (here its line item, after the invoice was finalized), so reading it back is this write.
    EXPECT_EQ(outcomes[0].target_version, "2026-11-20T10:00:03.250Z");
    EXPECT_EQ(outcomes[0].action, "created");
    EXPECT_EQ(outcomes[1].target_id, "502");
    EXPECT_EQ(crm.invoice_upserts[0]["id"], "quickbooks/qbo/130");
    EXPECT_EQ(crm.line_upserts[0]["id"], "quickbooks/qbo/130#line1");
    EXPECT_EQ(crm.associations["contacts"][0], (json{{"from", {{"id", "501"}}}, {"to", {{"id", "7001"}}}}));
    EXPECT_EQ(crm.associations["line_items"][1], (json{{"from", {{"id", "502"}}}, {"to", {{"id", "602"}}}}));
    EXPECT_EQ(crm.status_updates[0]["properties"]["hs_invoice_status"], "open");
    EXPECT_EQ(std::count(crm.calls.begin(), crm.calls.end(), "upsert invoices"), 1);
    // New invoices: never associated with a deal, and no deal is read (only the connector's deal
    // properties are created).
    for (const auto& request : host.requests()) {
        const std::string path = url_path(request.url);
        if (path.rfind("/crm/v3/properties/deals", 0) != 0) {
            EXPECT_EQ(path.find("deals"), std::string::npos) << path;
        }
    }

    // The properties are created once per instance.
    const auto properties = std::count(crm.calls.begin(), crm.calls.end(), "property");
    // ledgersync_source_id on 5 types, source system, 5 sync-status properties, 8 deal properties
    EXPECT_EQ(properties, 19);
    connector.write({invoice_item("132", "7001")});
    EXPECT_EQ(std::count(crm.calls.begin(), crm.calls.end(), "property"), properties);
}

TEST(HubSpotWriter, with_companies_as_customers_an_invoice_gets_its_company_and_the_companys_first_contact) {
    FakeHost host;
    FakeCrm crm;
    crm.router.on("POST /crm/v4/associations/companies/contacts/batch/read", [&](const sdk::HttpRequest& r) {
        const json request = json::parse(r.body);
        json results = json::array();
        for (const auto& input : request.at("inputs")) {
            // Company 8001 has two contacts; company 8002 has none.
            if (input.at("id") == "8001") {
                results.push_back({{"from", {{"id", "8001"}}},
                                   {"to", {{{"toObjectId", 7010}, {"associationTypes", json::array()}},
                                           {{"toObjectId", 7003}, {"associationTypes", json::array()}}}}});
            }
        }
        return crm.note("read company contacts", json_response(200, json{{"status", "COMPLETE"}, {"results", results}}.dump()));
    });
    host.on_http(std::ref(crm.router));
    HubSpotConnector connector(host.services(), private_app_config({{"customer_from", "company"}}));
    const auto outcomes = connector.write({invoice_item("130", "8001"), invoice_item("131", "8002")});
    ASSERT_EQ(outcomes.size(), 2u);
    EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::ok) << outcomes[0].reason;
    EXPECT_EQ(crm.associations["companies"], (json::array({{{"from", {{"id", "501"}}}, {"to", {{"id", "8001"}}}}})));
    EXPECT_EQ(crm.associations["contacts"], (json::array({{{"from", {{"id", "501"}}}, {"to", {{"id", "7003"}}}}})))
        << "the company's first contact, never the company's id taken for a contact's";
    // A company without a contact cannot have an open invoice in HubSpot: refused before any write.
    EXPECT_EQ(outcomes[1].kind, sdk::OutcomeClass::data);
    EXPECT_NE(outcomes[1].reason.find("HubSpot company 8002, has no contact"), std::string::npos) << outcomes[1].reason;
    EXPECT_EQ(outcomes[1].fix_hint, "associate a contact with the company in HubSpot, then retry");
    ASSERT_EQ(crm.invoice_upserts.size(), 1u);
    EXPECT_EQ(crm.invoice_upserts[0]["id"], "quickbooks/qbo/130");
    EXPECT_EQ(std::count(crm.calls.begin(), crm.calls.end(), "read company contacts"), 1);
}

TEST(HubSpotWriter, fee_tax_and_discount_lines_and_the_invoice_discount_become_hubspot_fees_taxes_and_discounts) {
    FakeHost host;
    FakeCrm crm;
    host.on_http(std::ref(crm.router));
    HubSpotConnector connector(host.services(), private_app_config());
    const json lines = json::array({{{"kind", "item"}, {"description", "Consulting"}, {"quantity", "1"}, {"unit_price", "100.00"}, {"amount", "100.00"}},
                                    {{"kind", "fee"}, {"description", "Shipping"}, {"amount", "5.00"}},
                                    {{"kind", "tax"}, {"description", "Sales tax"}, {"amount", "8.00"}}});
    sdk::WriteItem item = invoice_item("130", "7001", lines);
    item.record.body["discount"] = {{"amount", "10.00"}};
    const auto outcomes = connector.write({item});
    ASSERT_EQ(outcomes[0].kind, sdk::OutcomeClass::ok) << outcomes[0].reason;
    ASSERT_EQ(crm.line_upserts.size(), 1u);
    ASSERT_EQ(crm.child_upserts["fees"].size(), 1u);
    EXPECT_EQ(crm.child_upserts["fees"][0]["id"], "quickbooks/qbo/130#fee2");
    EXPECT_EQ(crm.child_upserts["fees"][0]["properties"]["hs_value"], "5");
    EXPECT_EQ(crm.child_upserts["taxes"][0]["properties"]["hs_type"], "FIXED");
    EXPECT_EQ(crm.child_upserts["discounts"][0]["id"], "quickbooks/qbo/130#discount");
    EXPECT_EQ(crm.associations["fees"][0], (json{{"from", {{"id", "501"}}}, {"to", {{"id", "701"}}}}));
    EXPECT_EQ(crm.associations["taxes"].size(), 1u);
    EXPECT_EQ(crm.associations["discounts"].size(), 1u);
    // A new invoice has nothing written earlier to remove: no association read.
    EXPECT_EQ(std::count(crm.calls.begin(), crm.calls.end(), "read associations"), 0);
}

TEST(HubSpotWriter, what_the_connector_wrote_earlier_and_the_source_no_longer_has_is_unassociated_and_archived) {
    FakeHost host;
    FakeCrm crm;
    crm.existing = true;
    // The invoice holds the line just written (601), one the connector wrote before (699), one
    // added in HubSpot by hand (698), and a fee the connector wrote before (799).
    const std::map<std::string, std::string> associated = {{"line_items", "[{\"toObjectId\":601},{\"toObjectId\":699},{\"toObjectId\":698}]"},
                                                           {"fees", "[{\"toObjectId\":799}]"}};
    for (const std::string type : {"line_items", "discounts", "fees", "taxes"}) {
        const auto it = associated.find(type);
        const std::string to = it == associated.end() ? "[]" : it->second;
        crm.router.on("POST /crm/v4/associations/invoices/" + type + "/batch/read", [&crm, to](const sdk::HttpRequest&) {
            return crm.note("read associations", json_response(200, R"({"results":[{"from":{"id":"501"},"to":)" + to + "}]}"));
        });
    }
    const std::map<std::string, json> objects = {
        {"699", testing::crm_object("699", {{kSourceIdProperty, "quickbooks/qbo/130#line2"}})},
        {"698", testing::crm_object("698", {{"name", "Added by hand"}})},
        {"799", testing::crm_object("799", {{kSourceIdProperty, "quickbooks/qbo/130#fee3"}})}};
    json archived_associations = json::object();
    json archived = json::object();
    for (const std::string type : {"line_items", "fees"}) {
        crm.router.on("POST /crm/v3/objects/" + type + "/batch/read", [&objects](const sdk::HttpRequest& r) { return testing::batch_read_answer(r, objects); });
        crm.router.on("POST /crm/v4/associations/invoices/" + type + "/batch/archive", [&, type](const sdk::HttpRequest& r) {
            archived_associations[type] = json::parse(r.body)["inputs"];
            return json_response(204, "");
        });
        crm.router.on("POST /crm/v3/objects/" + type + "/batch/archive", [&, type](const sdk::HttpRequest& r) {
            archived[type] = json::parse(r.body)["inputs"];
            return json_response(204, "");
        });
    }
    host.on_http(std::ref(crm.router));
    HubSpotConnector connector(host.services(), private_app_config());
    const auto outcomes = connector.write({invoice_item("130", "7001")});
    ASSERT_EQ(outcomes[0].kind, sdk::OutcomeClass::ok) << outcomes[0].reason;
    EXPECT_EQ(outcomes[0].action, "updated");
    EXPECT_EQ(archived_associations["line_items"], (json::parse(R"([{"from":{"id":"501"},"to":[{"id":"699"}]}])")));
    EXPECT_EQ(archived["line_items"], (json::parse(R"([{"id":"699"}])")));
    EXPECT_EQ(archived["fees"], (json::parse(R"([{"id":"799"}])")));
    EXPECT_EQ(std::count(crm.calls.begin(), crm.calls.end(), "read associations"), 4);
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
    const json negative = json::array({{{"kind", "item"}, {"description", "Consulting"}, {"quantity", "1"}, {"unit_price", "100.00"}, {"amount", "100.00"}},
                                       {{"kind", "tax"}, {"description", "Tax refund"}, {"amount", "-5.00"}}});
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
