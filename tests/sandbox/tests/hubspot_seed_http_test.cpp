// Seeding: accounts of their own, custom properties and records in a seed, and the bulk seed a
// backfill of 12,000 invoices with line items and associations needs (its time is printed).

#include <iostream>

#include <gtest/gtest.h>

#include "support/hubspot_client.hpp"

namespace ledgersync::sandbox::testing {
namespace {

TEST(HubSpotSeedHttp, seeds_an_account_with_properties_records_and_tokens) {
    HubSpotSandbox hubspot({"--apis", "hubspot", "--seed", "none"});
    EXPECT_TRUE(hubspot.portal().empty());
    const auto seeded = hubspot.control(
        "POST", "/__sandbox/hubspot/seed",
        {{"portal_id", "555"},
         {"defaults", false},
         {"tokens", true},
         {"properties",
          {{"invoices",
            {{{"name", "qbo_id"},
              {"label", "QBO id"},
              {"type", "string"},
              {"fieldType", "text"},
              {"groupName", "invoiceinformation"},
              {"hasUniqueValue", true}}}}}},
         {"objects",
          {{"invoices", {{{"properties", {{"hs_currency", "USD"}, {"qbo_id", "Q1"}}}}}}}}});
    EXPECT_EQ(seeded["portal_id"], "555");
    hubspot.use_token(seeded["tokens"]["access_token"]);
    const auto r = hubspot.api("GET", "/crm/v3/objects/invoices/Q1?idProperty=qbo_id");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto bad =
        hubspot.raw("POST", "/__sandbox/hubspot/seed",
                    nlohmann::json{{"defaults", false},
                                   {"objects", {{"invoices", {{{"properties", {{"x", "1"}}}}}}}}}
                        .dump());
    EXPECT_EQ(bad.status, 400);
}

TEST(HubSpotSeedHttp, bulk_seed_of_12000_invoices_with_lines_and_associations) {
    HubSpotSandbox hubspot({"--apis", "hubspot", "--seed", "none"});
    const auto seeded = hubspot.control("POST", "/__sandbox/hubspot/seed",
                                        {{"portal_id", "777"},
                                         {"defaults", false},
                                         {"tokens", true},
                                         {"bulk",
                                          {{"invoices", 12000},
                                           {"line_items_per_invoice", 2},
                                           {"contacts", 50},
                                           {"status", "mixed"}}}});
    std::cout << "[ bulk seed ] 12000 invoices, 24000 line items, 50 contacts in "
              << seeded["elapsed_ms"] << " ms\n";
    hubspot.use_token(seeded["tokens"]["access_token"]);
    hubspot.control("POST", "/__sandbox/hubspot/rate-limits", {{"search_per_second", 100}});
    const auto count = [&](const std::string& type, const nlohmann::json& filters) {
        nlohmann::json body = {{"limit", 1}};
        if (!filters.is_null())
            body["filterGroups"] = {{{"filters", filters}}};
        return hubspot.api("POST", "/crm/v3/objects/" + type + "/search", body).json["total"];
    };
    EXPECT_EQ(count("invoices", nullptr), 12000);
    EXPECT_EQ(count("line_items", nullptr), 24000);
    EXPECT_EQ(
        count("invoices",
              {{{"propertyName", "hs_invoice_status"}, {"operator", "EQ"}, {"value", "paid"}}}),
        3000);
    const std::string first = seeded["created"]["invoices_by_status"]["open"][0];
    const auto invoice = hubspot.api("GET", "/crm/v3/objects/invoices/" + first +
                                                "?properties=hs_amount_billed,hs_number"
                                                "&associations=line_items,contacts");
    ASSERT_EQ(invoice.status, 200);
    EXPECT_EQ(invoice.json["associations"]["line_items"]["results"].size(), 2u);
    EXPECT_EQ(invoice.json["associations"]["contacts"]["results"].size(), 1u);
    EXPECT_FALSE(invoice.json["properties"]["hs_number"].is_null());
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
