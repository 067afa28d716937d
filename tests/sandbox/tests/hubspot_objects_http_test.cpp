// The CRM v3 objects API over real HTTP: create, read (properties, history, associations, by
// unique property), update, archive, list paging, unknown properties, date-versioned paths.

#include <set>

#include <gtest/gtest.h>

#include "support/hubspot_client.hpp"

namespace ledgersync::sandbox::testing {
namespace {

class HubSpotObjectsHttp : public ::testing::Test {
protected:
    HubSpotSandbox hubspot_;
};

TEST_F(HubSpotObjectsHttp, creates_and_reads_a_contact_with_string_property_values) {
    const auto created =
        hubspot_.create("contacts", {{"email", "new@example.com"}, {"firstname", "New"}});
    const std::string id = created.at("id");
    EXPECT_EQ(created["properties"]["email"], "new@example.com");
    const auto read = hubspot_.api(
        "GET", "/crm/v3/objects/contacts/" + id + "?properties=email&properties=firstname");
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.json["properties"]["email"], "new@example.com");
    EXPECT_EQ(read.json["properties"]["hs_object_id"], id);
    EXPECT_TRUE(read.json["properties"]["createdate"].is_string());
    EXPECT_FALSE(read.json["archived"].get<bool>());
    EXPECT_EQ(read.json["createdAt"].get<std::string>().back(), 'Z');
}

TEST_F(HubSpotObjectsHttp, numbers_are_returned_as_exact_strings) {
    const auto line =
        hubspot_.create("line_items", {{"name", "Widget"}, {"price", "0.10"}, {"quantity", 3}});
    EXPECT_EQ(line["properties"]["price"], "0.10");
    EXPECT_EQ(line["properties"]["quantity"], "3");
    const auto read =
        hubspot_.api("GET", "/crm/v3/objects/line_items/" + line["id"].get<std::string>() +
                                "?properties=amount,price");
    EXPECT_EQ(read.json["properties"]["amount"], "0.30");
}

TEST_F(HubSpotObjectsHttp, unknown_property_is_refused_with_property_doesnt_exist) {
    const auto r = hubspot_.api("POST", "/crm/v3/objects/invoices",
                                {{"properties", {{"hs_currency", "USD"}, {"no_such_thing", "x"}}}});
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json["category"], "VALIDATION_ERROR");
    EXPECT_EQ(r.json["status"], "error");
    EXPECT_TRUE(r.json["correlationId"].is_string());
    EXPECT_NE(r.json["message"].get<std::string>().find("PROPERTY_DOESNT_EXIST"),
              std::string::npos);
    EXPECT_EQ(r.json["errors"][0]["code"], "PROPERTY_DOESNT_EXIST");
    // Nothing was created.
    const auto list = hubspot_.api("GET", "/crm/v3/objects/invoices?limit=100");
    EXPECT_EQ(list.json["results"].size(), 4u);
}

TEST_F(HubSpotObjectsHttp, required_and_read_only_properties_are_enforced) {
    const auto missing = hubspot_.api("POST", "/crm/v3/objects/invoices",
                                      {{"properties", {{"hs_comments", "no currency"}}}});
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.json["errors"][0]["code"], "REQUIRED_PROPERTY");
    const auto computed =
        hubspot_.api("POST", "/crm/v3/objects/invoices",
                     {{"properties", {{"hs_currency", "USD"}, {"hs_balance_due", "5.00"}}}});
    EXPECT_EQ(computed.status, 400);
    EXPECT_EQ(computed.json["errors"][0]["code"], "READ_ONLY_VALUE");
}

TEST_F(HubSpotObjectsHttp, list_pages_with_after_and_refuses_more_than_100) {
    for (int i = 0; i < 25; ++i)
        hubspot_.create("products", {{"name", "P" + std::to_string(i)}, {"price", "1"}});
    std::set<std::string> seen;
    std::string after;
    int pages = 0;
    do {
        const auto page = hubspot_.api(
            "GET", "/crm/v3/objects/products?limit=10" + (after.empty() ? "" : "&after=" + after));
        ASSERT_EQ(page.status, 200) << page.body;
        for (const auto& p : page.json["results"])
            EXPECT_TRUE(seen.insert(p["id"].get<std::string>()).second);
        after = page.json.contains("paging")
                    ? page.json["paging"]["next"]["after"].get<std::string>()
                    : "";
        ++pages;
    } while (!after.empty() && pages < 10);
    EXPECT_EQ(seen.size(), 28u);  // 3 seeded + 25
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(hubspot_.api("GET", "/crm/v3/objects/products?limit=101").status, 400);
    EXPECT_EQ(hubspot_.api("GET", "/crm/v3/objects/products?limit=100").status, 200);
}

TEST_F(HubSpotObjectsHttp, update_archive_and_archived_reads) {
    const auto c = hubspot_.create("companies", {{"name", "Old name"}});
    const std::string id = c["id"];
    const auto updated = hubspot_.api("PATCH", "/crm/v3/objects/companies/" + id,
                                      {{"properties", {{"name", "New name"}}}});
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.json["properties"]["name"], "New name");
    const auto history =
        hubspot_.api("GET", "/crm/v3/objects/companies/" + id + "?propertiesWithHistory=name");
    ASSERT_EQ(history.json["propertiesWithHistory"]["name"].size(), 2u);
    EXPECT_EQ(history.json["propertiesWithHistory"]["name"][0]["value"], "New name");
    EXPECT_EQ(history.json["propertiesWithHistory"]["name"][1]["value"], "Old name");

    EXPECT_EQ(hubspot_.api("DELETE", "/crm/v3/objects/companies/" + id).status, 204);
    const auto gone = hubspot_.api("GET", "/crm/v3/objects/companies/" + id);
    EXPECT_EQ(gone.status, 404);
    EXPECT_EQ(gone.json["category"], "OBJECT_NOT_FOUND");
    const auto archived = hubspot_.api("GET", "/crm/v3/objects/companies/" + id + "?archived=true");
    ASSERT_EQ(archived.status, 200);
    EXPECT_TRUE(archived.json["archived"].get<bool>());
    EXPECT_TRUE(archived.json["archivedAt"].is_string());
}

TEST_F(HubSpotObjectsHttp, reads_by_unique_id_property_and_lists_associations) {
    const auto r = hubspot_.api("GET",
                                "/crm/v3/objects/contacts/ada@acme.example?idProperty=email"
                                "&associations=companies");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["properties"]["email"], "ada@acme.example");
    ASSERT_EQ(r.json["associations"]["companies"]["results"].size(), 1u);
    EXPECT_EQ(r.json["associations"]["companies"]["results"][0]["type"],
              "contact_to_company_unlabeled");
    const auto not_unique =
        hubspot_.api("GET", "/crm/v3/objects/contacts/Ada?idProperty=firstname");
    EXPECT_EQ(not_unique.status, 400);
}

TEST_F(HubSpotObjectsHttp, date_versioned_paths_serve_the_same_records) {
    const auto c = hubspot_.create(
        "deals",
        {{"dealname", "Big deal"}, {"dealstage", "qualifiedtobuy"}, {"amount", "1000.50"}});
    const auto r = hubspot_.api("GET", "/crm/objects/2026-03/deals/" + c["id"].get<std::string>());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["properties"]["amount"], "1000.50");
    const auto by_type_id =
        hubspot_.api("GET", "/crm/v3/objects/0-3/" + c["id"].get<std::string>());
    EXPECT_EQ(by_type_id.status, 200);
}

TEST_F(HubSpotObjectsHttp, invalid_values_name_the_property_and_the_reason) {
    const auto r = hubspot_.api(
        "POST", "/crm/v3/objects/deals",
        {{"properties", {{"dealname", "x"}, {"dealstage", "nope"}, {"amount", "1,5"}}}});
    ASSERT_EQ(r.status, 400);
    std::set<std::string> codes;
    for (const auto& e : r.json["errors"])
        codes.insert(e["code"].get<std::string>());
    EXPECT_EQ(codes, (std::set<std::string>{"INVALID_OPTION", "INVALID_NUMBER"}));
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
