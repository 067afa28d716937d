// Associations v4: default and labelled associations with HubSpot's type ids, listing,
// removal, the batch endpoints and their limits, association labels.

#include <gtest/gtest.h>

#include "support/hubspot_client.hpp"

namespace ledgersync::sandbox::testing {
namespace {

class HubSpotAssociationsHttp : public ::testing::Test {
protected:
    HubSpotSandbox hubspot_;
};

TEST_F(HubSpotAssociationsHttp, default_association_uses_hubspot_type_ids_both_ways) {
    const std::string invoice = hubspot_.create("invoices", {{"hs_currency", "USD"}})["id"];
    const std::string contact = hubspot_.create("contacts", {{"email", "a@example.com"}})["id"];
    const auto r = hubspot_.api(
        "PUT", "/crm/v4/objects/invoices/" + invoice + "/associations/default/contacts/" + contact);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["status"], "COMPLETE");
    EXPECT_EQ(r.json["results"][0]["associationSpec"]["associationTypeId"], 177);
    EXPECT_EQ(r.json["results"][1]["associationSpec"]["associationTypeId"], 178);
    const auto list =
        hubspot_.api("GET", "/crm/v4/objects/contacts/" + contact + "/associations/invoices");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(std::to_string(list.json["results"][0]["toObjectId"].get<std::int64_t>()), invoice);
    EXPECT_EQ(list.json["results"][0]["associationTypes"][0]["typeId"], 178);
    EXPECT_EQ(list.json["results"][0]["associationTypes"][0]["category"], "HUBSPOT_DEFINED");
    EXPECT_EQ(hubspot_
                  .api("DELETE",
                       "/crm/v4/objects/invoices/" + invoice + "/associations/contacts/" + contact)
                  .status,
              204);
    EXPECT_EQ(hubspot_.api("GET", "/crm/v4/objects/contacts/" + contact + "/associations/invoices")
                  .json["results"]
                  .size(),
              0u);
}

TEST_F(HubSpotAssociationsHttp, labelled_association_adds_the_unlabelled_one_too) {
    const std::string contact = hubspot_.create("contacts", {{"email", "l@example.com"}})["id"];
    const std::string company = hubspot_.create("companies", {{"name", "L"}})["id"];
    const auto r = hubspot_.api(
        "PUT", "/crm/v4/objects/contacts/" + contact + "/associations/companies/" + company,
        nlohmann::json::array(
            {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", 1}}}));
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json["fromObjectTypeId"], "0-1");
    EXPECT_EQ(r.json["labels"], nlohmann::json::array({"Primary"}));
    const auto list =
        hubspot_.api("GET", "/crm/v4/objects/contacts/" + contact + "/associations/companies");
    EXPECT_EQ(list.json["results"][0]["associationTypes"].size(), 2u);  // 1 (Primary) and 279
    const auto wrong = hubspot_.api(
        "PUT", "/crm/v4/objects/contacts/" + contact + "/associations/companies/" + company,
        nlohmann::json::array(
            {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", 177}}}));
    EXPECT_EQ(wrong.status, 400);
}

TEST_F(HubSpotAssociationsHttp, batch_create_read_and_limits) {
    const std::string invoice = hubspot_.create("invoices", {{"hs_currency", "USD"}})["id"];
    nlohmann::json lines = nlohmann::json::array();
    for (int i = 0; i < 3; ++i)
        lines.push_back({{"properties", {{"name", "L"}, {"price", "1"}}}});
    const auto created =
        hubspot_.api("POST", "/crm/v3/objects/line_items/batch/create", {{"inputs", lines}});
    nlohmann::json inputs = nlohmann::json::array();
    for (const auto& line : created.json["results"]) {
        inputs.push_back(
            {{"from", {{"id", invoice}}},
             {"to", {{"id", line["id"]}}},
             {"types",
              {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", 409}}}}});
    }
    const auto batch = hubspot_.api("POST", "/crm/v4/associations/invoices/line_items/batch/create",
                                    {{"inputs", inputs}});
    ASSERT_EQ(batch.status, 201) << batch.body;
    EXPECT_EQ(batch.json["results"].size(), 3u);
    const auto read = hubspot_.api("POST", "/crm/v4/associations/invoices/line_items/batch/read",
                                   {{"inputs", {{{"id", invoice}}, {{"id", "999"}}}}});
    ASSERT_EQ(read.status, 207) << read.body;
    EXPECT_EQ(read.json["results"][0]["to"].size(), 3u);
    EXPECT_EQ(read.json["results"][0]["to"][0]["associationTypes"][0]["typeId"], 409);
    // The invoice's subtotal followed its new lines.
    EXPECT_EQ(hubspot_.api("GET", "/crm/v3/objects/invoices/" + invoice + "?properties=hs_subtotal")
                  .json["properties"]["hs_subtotal"],
              "3.00");

    nlohmann::json too_many = nlohmann::json::array();
    for (int i = 0; i < 1001; ++i)
        too_many.push_back({{"id", invoice}});
    EXPECT_EQ(hubspot_
                  .api("POST", "/crm/v4/associations/invoices/line_items/batch/read",
                       {{"inputs", too_many}})
                  .status,
              400);
}

TEST_F(HubSpotAssociationsHttp, labels_list_hubspot_types_and_accept_custom_ones) {
    const auto labels =
        hubspot_.api("GET", "/crm/v4/associations/commerce_payments/invoices/labels");
    ASSERT_EQ(labels.status, 200);
    EXPECT_EQ(labels.json["results"][0]["typeId"], 542);
    const auto custom = hubspot_.api("POST", "/crm/v4/associations/invoices/contacts/labels",
                                     {{"label", "Billing contact"}, {"name", "billing_contact"}});
    ASSERT_EQ(custom.status, 200) << custom.body;
    EXPECT_EQ(custom.json["results"][0]["category"], "USER_DEFINED");
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
