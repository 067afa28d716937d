// Batch read / create / update / upsert / archive: the 100-input limit, 201 / 200 / 207
// answers, objectWriteTraceId multi-status, all-or-nothing without it.

#include <gtest/gtest.h>

#include "support/hubspot_client.hpp"

namespace ledgersync::sandbox::testing {
namespace {

class HubSpotBatchHttp : public ::testing::Test {
protected:
    nlohmann::json product_inputs(int count, const std::string& prefix) {
        nlohmann::json inputs = nlohmann::json::array();
        for (int i = 0; i < count; ++i)
            inputs.push_back(
                {{"properties", {{"name", prefix + std::to_string(i)}, {"price", "2.50"}}}});
        return inputs;
    }
    std::size_t count(const std::string& type) {
        return hubspot_.api("POST", "/crm/v3/objects/" + type + "/search", {{"limit", 1}})
            .json["total"]
            .get<std::size_t>();
    }
    HubSpotSandbox hubspot_;
};

TEST_F(HubSpotBatchHttp, batch_create_of_100_is_201_and_101_is_refused) {
    const auto ok = hubspot_.api("POST", "/crm/v3/objects/products/batch/create",
                                 {{"inputs", product_inputs(100, "ok")}});
    ASSERT_EQ(ok.status, 201) << ok.body;
    EXPECT_EQ(ok.json["status"], "COMPLETE");
    EXPECT_EQ(ok.json["results"].size(), 100u);
    const auto too_many = hubspot_.api("POST", "/crm/v3/objects/products/batch/create",
                                       {{"inputs", product_inputs(101, "no")}});
    EXPECT_EQ(too_many.status, 400);
    EXPECT_EQ(too_many.json["category"], "VALIDATION_ERROR");
    EXPECT_EQ(count("products"), 103u);
}

TEST_F(HubSpotBatchHttp, batch_read_reports_missing_ids_as_207) {
    const auto created = hubspot_.api("POST", "/crm/v3/objects/products/batch/create",
                                      {{"inputs", product_inputs(2, "r")}});
    const std::string a = created.json["results"][0]["id"];
    const auto r = hubspot_.api(
        "POST", "/crm/v3/objects/products/batch/read",
        {{"inputs", {{{"id", a}}, {{"id", "999999"}}}}, {"properties", {"name", "price"}}});
    ASSERT_EQ(r.status, 207) << r.body;
    EXPECT_EQ(r.json["results"].size(), 1u);
    EXPECT_EQ(r.json["results"][0]["properties"]["price"], "2.50");
    EXPECT_EQ(r.json["numErrors"], 1);
    EXPECT_EQ(r.json["errors"][0]["category"], "OBJECT_NOT_FOUND");
    EXPECT_EQ(r.json["errors"][0]["context"]["ids"][0], "999999");
    const auto all_found =
        hubspot_.api("POST", "/crm/v3/objects/products/batch/read", {{"inputs", {{{"id", a}}}}});
    EXPECT_EQ(all_found.status, 200);
}

TEST_F(HubSpotBatchHttp, batch_create_without_trace_ids_fails_whole) {
    nlohmann::json inputs = product_inputs(2, "whole");
    inputs.push_back({{"properties", {{"name", "bad"}, {"nonexistent", "1"}}}});
    const std::size_t before = count("products");
    const auto r =
        hubspot_.api("POST", "/crm/v3/objects/products/batch/create", {{"inputs", inputs}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(count("products"), before);
}

TEST_F(HubSpotBatchHttp, batch_create_with_trace_ids_is_multi_status) {
    nlohmann::json inputs = product_inputs(2, "traced");
    inputs[0]["objectWriteTraceId"] = "t0";
    inputs[1]["objectWriteTraceId"] = "t1";
    inputs.push_back(
        {{"properties", {{"name", "bad"}, {"nonexistent", "1"}}}, {"objectWriteTraceId", "t2"}});
    const auto r =
        hubspot_.api("POST", "/crm/v3/objects/products/batch/create", {{"inputs", inputs}});
    ASSERT_EQ(r.status, 207) << r.body;
    EXPECT_EQ(r.json["results"].size(), 2u);
    EXPECT_EQ(r.json["results"][0]["objectWriteTraceId"], "t0");
    EXPECT_EQ(r.json["errors"][0]["context"]["objectWriteTraceId"][0], "t2");
}

TEST_F(HubSpotBatchHttp, batch_update_and_archive) {
    const auto created = hubspot_.api("POST", "/crm/v3/objects/products/batch/create",
                                      {{"inputs", product_inputs(3, "u")}});
    nlohmann::json updates = nlohmann::json::array();
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& p : created.json["results"]) {
        updates.push_back({{"id", p["id"]}, {"properties", {{"price", "9.99"}}}});
        ids.push_back({{"id", p["id"]}});
    }
    const auto updated =
        hubspot_.api("POST", "/crm/v3/objects/products/batch/update", {{"inputs", updates}});
    ASSERT_EQ(updated.status, 200) << updated.body;
    for (const auto& p : updated.json["results"])
        EXPECT_EQ(p["properties"]["price"], "9.99");
    const std::size_t before = count("products");
    EXPECT_EQ(
        hubspot_.api("POST", "/crm/v3/objects/products/batch/archive", {{"inputs", ids}}).status,
        204);
    EXPECT_EQ(count("products"), before - 3);
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
