// Sync outcomes carried back to HubSpot: the sync-status properties of the invoice the outcome
// names, set in batch updates; a failure keeps the QuickBooks id written earlier; outcomes of
// anything but invoices change nothing.

#include <gtest/gtest.h>

#include "connector.hpp"
#include "hubspot_test_support.hpp"
#include "deal_latest_invoice.hpp"
#include "sync_status.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

using nlohmann::json;
using testing::FakeHost;
using testing::json_response;
using testing::private_app_config;
using testing::Router;

json outcome_body(const std::string& invoice, const std::string& status, const std::string& target_id, const std::string& at,
                  const std::string& type = "invoice") {
    json body = {{"route", "hubspot-invoices-to-qbo"},
                 {"source", {{"connection", "hubspot"}, {"type", type}, {"id", invoice}}},
                 {"target", {{"connection", "qbo"}, {"type", type}}},
                 {"status", status},
                 {"outcome_class", status == "synced" ? "ok" : "data"},
                 {"at", at}};
    if (!target_id.empty()) body["target"]["id"] = target_id;
    if (status == "failed") {
        body["reason"] = "QuickBooks refused the customer";
        body["fix_hint"] = "rename the customer";
    }
    if (status == "refused") body["reason"] = "not created in qbo: payment 7 of this invoice was made through invoice 500";
    return body;
}

sdk::WriteItem outcome_item(const json& body) {
    sdk::WriteItem item;
    item.operation = "upsert";
    item.record.identity = {"ledgersync", "hubspot", "sync_outcome", "route|invoice/" + body["source"]["id"].get<std::string>()};
    item.record.schema = "ledgersync.sync_outcome";
    item.record.body = body;
    return item;
}

TEST(HubSpotSyncStatus, an_outcome_sets_status_id_link_time_and_error_and_a_failure_or_refusal_keeps_the_id) {
    const std::string link = "https://qbo.example/app/invoice?txnId={id}";
    const auto synced = sync_status_properties(outcome_body("501", "synced", "130", "2026-11-20T10:00:00Z"), link);
    ASSERT_TRUE(synced);
    EXPECT_EQ(*synced, (json{{kSyncStatusProperty, "synced"}, {kQboIdProperty, "130"}, {kQboLinkProperty, "https://qbo.example/app/invoice?txnId=130"},
                             {kLastSyncedAtProperty, "1795168800000"}, {kLastErrorProperty, ""}}));
    const auto failed = sync_status_properties(outcome_body("501", "failed", "", "2026-11-20T10:00:00Z"), link);
    ASSERT_TRUE(failed);
    EXPECT_FALSE(failed->contains(kQboIdProperty));
    EXPECT_FALSE(failed->contains(kQboLinkProperty));
    EXPECT_EQ((*failed)[kLastErrorProperty], "QuickBooks refused the customer; to fix: rename the customer");
    const auto refused = sync_status_properties(outcome_body("502", "refused", "", "2026-11-20T10:00:00Z"), link);
    ASSERT_TRUE(refused);
    EXPECT_EQ((*refused)[kSyncStatusProperty], "refused");
    EXPECT_EQ((*refused)[kLastErrorProperty], "not created in qbo: payment 7 of this invoice was made through invoice 500");
    EXPECT_FALSE(refused->contains(kQboIdProperty));
    EXPECT_FALSE(sync_status_properties(outcome_body("58", "synced", "9", "2026-11-20T10:00:00Z", "customer"), link));
    EXPECT_THROW(sync_status_properties(outcome_body("501", "done", "", "2026-11-20T10:00:00Z"), link), std::invalid_argument);
}

TEST(HubSpotSyncStatus, outcomes_are_written_in_one_batch_update_per_hundred_invoices_and_others_are_unchanged) {
    FakeHost host;
    Router router;
    testing::on_property_listings(router);
    for (const std::string type : {"invoices", "line_items", "discounts", "fees", "taxes", "deals"}) {
        router.on("POST /crm/v3/properties/" + type + "/groups", [](const sdk::HttpRequest&) { return json_response(201, "{}"); });
        router.on("POST /crm/v3/properties/" + type, [](const sdk::HttpRequest& r) { return json_response(201, r.body); });
    }
    std::vector<json> updates;
    router.on("POST /crm/v3/objects/invoices/batch/update", [&](const sdk::HttpRequest& r) {
        const json request = json::parse(r.body);
        json results = json::array();
        json errors = json::array();
        for (const auto& input : request["inputs"]) {
            updates.push_back(input);
            if (input["id"] == "599") {
                errors.push_back({{"status", "error"}, {"category", "OBJECT_NOT_FOUND"}, {"message", "Object not found. objectId are usually numeric."},
                                  {"context", {{"objectWriteTraceId", {input["objectWriteTraceId"]}}}}});
            } else {
                results.push_back({{"id", input["id"]}, {"updatedAt", "2026-11-20T10:00:05.000Z"}, {"objectWriteTraceId", input["objectWriteTraceId"]}});
            }
        }
        json body{{"status", "COMPLETE"}, {"results", results}};
        if (!errors.empty()) body["errors"] = errors;
        return json_response(errors.empty() ? 200 : 207, body.dump());
    });
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());
    std::vector<sdk::WriteItem> items;
    for (int i = 0; i < 150; ++i) items.push_back(outcome_item(outcome_body(std::to_string(1000 + i), "synced", std::to_string(i), "2026-11-20T10:00:00Z")));
    // Invoice 1000 fails later in the same batch: failed, with the id of the earlier success.
    items.push_back(outcome_item(outcome_body("1000", "failed", "", "2026-11-20T10:01:00Z")));
    items.push_back(outcome_item(outcome_body("58", "synced", "9", "2026-11-20T10:00:00Z", "customer")));
    items.push_back(outcome_item(outcome_body("599", "synced", "7", "2026-11-20T10:00:00Z")));
    const auto outcomes = connector.write(items);
    ASSERT_EQ(outcomes.size(), items.size());
    EXPECT_EQ(outcomes[1].kind, sdk::OutcomeClass::ok) << outcomes[1].reason;
    EXPECT_EQ(outcomes[1].target_id, "1001");
    EXPECT_EQ(outcomes[1].action, "updated");
    EXPECT_EQ(outcomes[151].action, "unchanged");
    EXPECT_EQ(outcomes[152].kind, sdk::OutcomeClass::data);
    EXPECT_NE(outcomes[152].reason.find("invoice 599"), std::string::npos) << outcomes[152].reason;
    ASSERT_EQ(updates.size(), 151u);  // 150 invoices and 599, one input each, in two calls
    EXPECT_EQ(updates[0]["id"], "1000");
    EXPECT_EQ(updates[0]["properties"][kSyncStatusProperty], "failed");
    EXPECT_EQ(updates[0]["properties"][kQboIdProperty], "0");
    EXPECT_EQ(updates[0]["properties"][kQboLinkProperty], "https://app.qbo.intuit.com/app/invoice?txnId=0");
    EXPECT_NE(updates[0]["properties"][kLastErrorProperty].get<std::string>().find("refused the customer"), std::string::npos);
}

TEST(HubSpotSyncStatus, a_status_property_an_earlier_version_defined_gets_the_options_of_this_one) {
    FakeHost host;
    Router router;
    // Everything exists already, as in an account an earlier version set up: its status
    // enumeration without "refused".
    testing::on_property_listings(router, [](const std::string& type) {
        json defined = json::array();
        if (type == "deals") {
            for (const auto& d : deal_invoice_property_definitions()) defined.push_back(d);
            return defined;
        }
        defined.push_back({{"name", kSourceIdProperty}, {"type", "string"}});
        if (type != "invoices") return defined;
        defined.push_back({{"name", kSourceSystemProperty}, {"type", "string"}});
        for (json d : sync_status_property_definitions()) {
            if (d["name"] == kSyncStatusProperty) d["options"].erase(d["options"].size() - 1);
            defined.push_back(d);
        }
        return defined;
    });
    std::int64_t creations = 0;
    for (const std::string type : {"invoices", "line_items", "discounts", "fees", "taxes", "deals"}) {
        for (const std::string path : {"", "/groups"}) {
            router.on("POST /crm/v3/properties/" + type + path, [&](const sdk::HttpRequest&) {
                ++creations;
                return json_response(409, R"({"status":"error","category":"CONFLICT","message":"exists"})");
            });
        }
    }
    std::vector<json> patched;
    router.on("PATCH /crm/v3/properties/invoices/" + std::string(kSyncStatusProperty), [&](const sdk::HttpRequest& r) {
        patched.push_back(json::parse(r.body));
        return json_response(200, r.body);
    });
    std::vector<json> updates;
    router.on("POST /crm/v3/objects/invoices/batch/update", [&](const sdk::HttpRequest& r) {
        const json request = json::parse(r.body);
        json results = json::array();
        for (const auto& input : request["inputs"]) {
            updates.push_back(input);
            results.push_back({{"id", input["id"]}, {"updatedAt", "2026-11-20T10:00:05.000Z"},
                               {"objectWriteTraceId", input["objectWriteTraceId"]}});
        }
        return json_response(200, json{{"status", "COMPLETE"}, {"results", results}}.dump());
    });
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());
    const auto outcomes = connector.write({outcome_item(outcome_body("502", "refused", "", "2026-11-20T10:00:00Z"))});
    ASSERT_EQ(outcomes.size(), 1u);
    EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::ok) << outcomes[0].reason;
    ASSERT_EQ(patched.size(), 1u) << "only the enumeration whose options differ is updated";
    EXPECT_EQ(creations, 0) << "what exists is not created again";
    std::vector<std::string> values;
    for (const auto& option : patched[0].at("options")) values.push_back(option.at("value"));
    EXPECT_EQ(values, (std::vector<std::string>{"synced", "failed", "refused"}));
    ASSERT_EQ(updates.size(), 1u);
    EXPECT_EQ(updates[0]["properties"][kSyncStatusProperty], "refused");
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
