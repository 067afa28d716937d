// The Properties API and unique-value properties: 409 CONFLICT with the existing id on create,
// upsert by a unique idProperty (new: true / false), 423 when two upserts of one value overlap.

#include <future>
#include <set>

#include <gtest/gtest.h>

#include "support/hubspot_client.hpp"

namespace ledgersync::sandbox::testing {
namespace {

class HubSpotPropertiesHttp : public ::testing::Test {
protected:
    void SetUp() override {
        const auto group = hubspot_.api("POST", "/crm/v3/properties/invoices/groups",
                                        {{"name", "ledgersync"}, {"label", "ledgersync"}});
        ASSERT_EQ(group.status, 201) << group.body;
        const auto property = hubspot_.api("POST", "/crm/v3/properties/invoices",
                                           {{"name", "qbo_invoice_id"},
                                            {"label", "QBO invoice id"},
                                            {"type", "string"},
                                            {"fieldType", "text"},
                                            {"groupName", "ledgersync"},
                                            {"hasUniqueValue", true}});
        ASSERT_EQ(property.status, 201) << property.body;
        EXPECT_TRUE(property.json["hasUniqueValue"].get<bool>());
    }
    ApiResult upsert(const std::string& value, const std::string& comment) {
        return hubspot_.api(
            "POST", "/crm/v3/objects/invoices/batch/upsert",
            {{"inputs",
              {{{"id", value},
                {"idProperty", "qbo_invoice_id"},
                {"properties", {{"hs_currency", "USD"}, {"hs_comments", comment}}}}}}});
    }
    HubSpotSandbox hubspot_;
};

TEST_F(HubSpotPropertiesHttp, properties_and_groups_can_be_read_back) {
    const auto p = hubspot_.api("GET", "/crm/v3/properties/invoices/qbo_invoice_id");
    ASSERT_EQ(p.status, 200);
    EXPECT_EQ(p.json["groupName"], "ledgersync");
    EXPECT_FALSE(p.json["hubspotDefined"].get<bool>());
    const auto all = hubspot_.api("GET", "/crm/v3/properties/invoices");
    bool found_status = false;
    for (const auto& prop : all.json["results"])
        found_status = found_status || prop["name"] == "hs_invoice_status";
    EXPECT_TRUE(found_status);
    const auto duplicate = hubspot_.api("POST", "/crm/v3/properties/invoices",
                                        {{"name", "qbo_invoice_id"},
                                         {"label", "x"},
                                         {"type", "string"},
                                         {"fieldType", "text"},
                                         {"groupName", "ledgersync"}});
    EXPECT_EQ(duplicate.status, 409);
    EXPECT_EQ(hubspot_.api("GET", "/crm/v3/properties/invoices/nope").status, 404);
    EXPECT_EQ(hubspot_.api("DELETE", "/crm/v3/properties/invoices/hs_number").status, 400);
}

TEST_F(HubSpotPropertiesHttp, unique_value_is_enforced_with_conflict_and_existing_id) {
    const auto first =
        hubspot_.create("invoices", {{"hs_currency", "USD"}, {"qbo_invoice_id", "QBO-1"}});
    const auto second =
        hubspot_.api("POST", "/crm/v3/objects/invoices",
                     {{"properties", {{"hs_currency", "USD"}, {"qbo_invoice_id", "QBO-1"}}}});
    ASSERT_EQ(second.status, 409) << second.body;
    EXPECT_EQ(second.json["category"], "CONFLICT");
    const std::string message = second.json["message"];
    EXPECT_NE(message.find("Existing ID: " + first["id"].get<std::string>()), std::string::npos);
    // Updating another invoice to the taken value is refused as well.
    const auto other = hubspot_.create("invoices", {{"hs_currency", "USD"}});
    const auto update =
        hubspot_.api("PATCH", "/crm/v3/objects/invoices/" + other["id"].get<std::string>(),
                     {{"properties", {{"qbo_invoice_id", "QBO-1"}}}});
    EXPECT_EQ(update.status, 409);
    // And the record can be read by it.
    EXPECT_EQ(
        hubspot_.api("GET", "/crm/v3/objects/invoices/QBO-1?idProperty=qbo_invoice_id").json["id"],
        first["id"]);
}

TEST_F(HubSpotPropertiesHttp, upsert_creates_then_updates_by_unique_value) {
    const auto created = upsert("QBO-7", "first");
    ASSERT_EQ(created.status, 200) << created.body;
    EXPECT_TRUE(created.json["results"][0]["new"].get<bool>());
    const auto updated = upsert("QBO-7", "second");
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_FALSE(updated.json["results"][0]["new"].get<bool>());
    EXPECT_EQ(updated.json["results"][0]["id"], created.json["results"][0]["id"]);
    EXPECT_EQ(updated.json["results"][0]["properties"]["hs_comments"], "second");
}

TEST_F(HubSpotPropertiesHttp, concurrent_upserts_of_one_unique_value_get_423) {
    // Injected latency keeps the first upsert in flight while the second arrives.
    hubspot_.control("POST", "/__sandbox/faults",
                     {{"latency_ms", 1500},
                      {"api", "hubspot"},
                      {"path_prefix", "/crm/v3/objects/invoices/batch/upsert"}});
    // Both are sent at once; whichever takes the lock first holds it for its 1.5 s of latency.
    auto first = std::async(std::launch::async, [&] { return upsert("QBO-9", "a"); });
    auto second = std::async(std::launch::async, [&] { return upsert("QBO-9", "b"); });
    const auto a = first.get();
    const auto b = second.get();
    std::multiset<int> statuses = {a.status, b.status};
    EXPECT_EQ(statuses, (std::multiset<int>{200, 423})) << a.body << "\n" << b.body;
    EXPECT_EQ((a.status == 423 ? a : b).json["category"], "LOCKED");
    hubspot_.control("DELETE", "/__sandbox/faults");
    EXPECT_EQ(upsert("QBO-9", "after").status, 200);
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
