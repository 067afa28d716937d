// Query, batch and change data capture over HTTP.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

#include "common/http_message.hpp"
#include "support/sandbox_process.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using ::testing::HasSubstr;

class QboQueryHttp : public ::testing::Test {
protected:
    void SetUp() override {
        sandbox_.authorize();
        for (const char* name : {"Alpha Co", "O'Brien & Sons", "Beta Co", "Gamma Co", "Delta Co"}) {
            sandbox_.create("Customer", {{"DisplayName", name}});
        }
    }
    QboResult query(const std::string& sql) {
        return sandbox_.api("GET", "query?query=" + sdk::percent_encode(sql) + "&minorversion=75");
    }
    std::vector<std::string> names(const QboResult& r) {
        std::vector<std::string> out;
        for (const auto& c : r.json["QueryResponse"]["Customer"])
            out.push_back(c["DisplayName"]);
        return out;
    }
    SandboxProcess sandbox_;
};

TEST_F(QboQueryHttp, pages_with_startposition_and_maxresults) {
    const auto first =
        query("SELECT * FROM Customer ORDERBY DisplayName STARTPOSITION 1 MAXRESULTS 2");
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(names(first), (std::vector<std::string>{"Alpha Co", "Beta Co"}));
    EXPECT_EQ(first.json["QueryResponse"]["startPosition"], 1);
    EXPECT_EQ(first.json["QueryResponse"]["maxResults"], 2);
    const auto third =
        query("SELECT * FROM Customer ORDERBY DisplayName STARTPOSITION 5 MAXRESULTS 2");
    EXPECT_EQ(names(third), (std::vector<std::string>{"O'Brien & Sons"}));
    const auto past = query("SELECT * FROM Customer STARTPOSITION 50");
    EXPECT_EQ(past.json["QueryResponse"], nlohmann::json::object());
}

TEST_F(QboQueryHttp, filters_with_like_in_and_escaped_quotes) {
    EXPECT_EQ(names(query(
                  "select * from customer where DisplayName like '%co' orderby DisplayName desc")),
              (std::vector<std::string>{"Gamma Co", "Delta Co", "Beta Co", "Alpha Co"}));
    EXPECT_EQ(
        names(query("SELECT * FROM Customer WHERE DisplayName IN ('beta co', 'Gamma Co')")).size(),
        2u);
    EXPECT_EQ(names(query(R"(SELECT * FROM Customer WHERE DisplayName = 'O\'Brien & Sons')")),
              (std::vector<std::string>{"O'Brien & Sons"}));
}

TEST_F(QboQueryHttp, counts_and_projects) {
    const auto count = query("SELECT COUNT(*) FROM Customer");
    EXPECT_EQ(count.json["QueryResponse"].size(), 1u);
    EXPECT_EQ(count.json["QueryResponse"]["totalCount"], 5);
    const auto projected =
        query("SELECT Id, DisplayName FROM Customer WHERE DisplayName = 'Alpha Co'");
    const auto& row = projected.json["QueryResponse"]["Customer"][0];
    EXPECT_EQ(row["DisplayName"], "Alpha Co");
    EXPECT_TRUE(row.contains("Id"));
    EXPECT_FALSE(row.contains("MetaData"));
}

TEST_F(QboQueryHttp, inactive_customers_are_hidden_unless_asked_for) {
    const auto alpha = query("SELECT * FROM Customer WHERE DisplayName = 'Alpha Co'")
                           .json["QueryResponse"]["Customer"][0];
    sandbox_.api("POST", "customer",
                 R"({"Id":")" + alpha["Id"].get<std::string>() + R"(","SyncToken":")" +
                     alpha["SyncToken"].get<std::string>() + R"(","sparse":true,"Active":false})");
    EXPECT_EQ(query("SELECT COUNT(*) FROM Customer").json["QueryResponse"]["totalCount"], 4);
    EXPECT_EQ(query("SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)")
                  .json["QueryResponse"]["totalCount"],
              5);
}

TEST_F(QboQueryHttp, filters_amounts_numerically_and_times_as_instants) {
    sandbox_.create("Invoice",
                    sdk::parse_json_exact(
                        R"({"CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail",
        "Amount":99.5,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})"));
    sandbox_.create("Invoice",
                    sdk::parse_json_exact(
                        R"({"CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail",
        "Amount":1000,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})"));
    EXPECT_EQ(query("SELECT * FROM Invoice WHERE TotalAmt > '100.00'")
                  .json["QueryResponse"]["Invoice"]
                  .size(),
              1u);
    EXPECT_EQ(query("SELECT * FROM Invoice WHERE TotalAmt <= 99.5")
                  .json["QueryResponse"]["Invoice"]
                  .size(),
              1u);
    EXPECT_EQ(
        query(
            "SELECT COUNT(*) FROM Invoice WHERE MetaData.LastUpdatedTime > '2000-01-01T00:00:00Z'")
            .json["QueryResponse"]["totalCount"],
        2);
    EXPECT_EQ(query("SELECT COUNT(*) FROM Invoice WHERE CustomerRef = '1'")
                  .json["QueryResponse"]["totalCount"],
              2);
}

TEST_F(QboQueryHttp, bad_query_is_4001_and_post_query_works) {
    const auto bad = query("SELECT * FROM Customer MAXRESULTS 1001");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json["Fault"]["Error"][0]["code"], "4001");
    const auto posted =
        sandbox_.api("POST", "query", "SELECT * FROM Customer WHERE DisplayName = 'Beta Co'",
                     {{"Content-Type", "application/text"}});
    EXPECT_EQ(names(posted), (std::vector<std::string>{"Beta Co"}));
}

TEST_F(QboQueryHttp, batch_refuses_more_than_30_items) {
    nlohmann::json items = nlohmann::json::array();
    for (int i = 0; i < 31; ++i)
        items.push_back({{"bId", "q" + std::to_string(i)}, {"Query", "select * from Customer"}});
    const auto r =
        sandbox_.api("POST", "batch", nlohmann::json{{"BatchItemRequest", items}}.dump());
    EXPECT_EQ(r.status, 400);
    EXPECT_THAT(r.json["Fault"]["Error"][0]["Detail"].get<std::string>(),
                HasSubstr("maximum is 30"));
}

TEST_F(QboQueryHttp, batch_answers_each_item_with_its_entity_or_fault_inside_a_200) {
    const auto r = sandbox_.api("POST", "batch", R"({"BatchItemRequest":[
        {"bId":"b1","operation":"create","Vendor":{"DisplayName":"Alpha Co"}},
        {"bId":"b2","operation":"create","Vendor":{"DisplayName":"New Vendor"}},
        {"bId":"b3","operation":"delete","Invoice":{"Id":"999","SyncToken":"0"}},
        {"bId":"b4","Query":"select * from Customer where DisplayName = 'Beta Co'"},
        {"bId":"b5","operation":"create","Invoice":{"CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail",
            "Amount":5,"SalesItemLineDetail":{"ItemRef":{"value":"2"},"Qty":1,"UnitPrice":4}}]}}]})");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto& items = r.json["BatchItemResponse"];
    ASSERT_EQ(items.size(), 5u);
    EXPECT_EQ(items[0]["bId"], "b1");
    EXPECT_EQ(items[0]["Fault"]["Error"][0]["code"], "6240");
    EXPECT_EQ(items[1]["Vendor"]["DisplayName"], "New Vendor");
    EXPECT_EQ(items[2]["Fault"]["Error"][0]["code"], "610");
    EXPECT_EQ(items[3]["QueryResponse"]["Customer"][0]["DisplayName"], "Beta Co");
    EXPECT_EQ(items[4]["Fault"]["Error"][0]["code"], "6000");
    const auto counters = sandbox_.control("GET", "/__sandbox/counters");
    EXPECT_EQ(counters["batch_requests"], 1);
    EXPECT_EQ(counters["batch_items"], 5);
}

TEST_F(QboQueryHttp, batch_items_do_not_see_what_earlier_items_of_the_same_batch_created) {
    const auto before = sandbox_.create("Customer", {{"DisplayName", "Before Batch"}});
    const std::string next_id = std::to_string(std::stoll(before["Id"].get<std::string>()) + 1);
    const nlohmann::json line = {{"DetailType", "SalesItemLineDetail"},
                                 {"Amount", 5},
                                 {"SalesItemLineDetail", {{"ItemRef", {{"value", "1"}}}}}};
    const nlohmann::json items = {
        {{"bId", "c1"}, {"operation", "create"}, {"Customer", {{"DisplayName", "Made In Batch"}}}},
        {{"bId", "q1"}, {"Query", "select * from Customer where DisplayName = 'Made In Batch'"}},
        {{"bId", "u1"},
         {"operation", "update"},
         {"Customer",
          {{"Id", next_id}, {"SyncToken", "0"}, {"sparse", true}, {"CompanyName", "Later"}}}},
        {{"bId", "i1"},
         {"operation", "create"},
         {"Invoice", {{"CustomerRef", {{"value", next_id}}}, {"Line", {line}}}}},
        {{"bId", "i2"},
         {"operation", "create"},
         {"Invoice", {{"CustomerRef", {{"value", before["Id"]}}}, {"Line", {line}}}}}};
    const auto r =
        sandbox_.api("POST", "batch", nlohmann::json{{"BatchItemRequest", items}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    const auto& answers = r.json["BatchItemResponse"];
    ASSERT_EQ(answers.size(), 5u);
    EXPECT_EQ(answers[0]["Customer"]["Id"], next_id);
    EXPECT_EQ(answers[1]["QueryResponse"], nlohmann::json::object());  // not visible to a query
    EXPECT_EQ(answers[2]["Fault"]["Error"][0]["code"], "610");         // nor to an update
    EXPECT_EQ(answers[3]["Fault"]["Error"][0]["code"], "2500");        // nor as a reference
    EXPECT_EQ(answers[4]["Invoice"]["CustomerRef"]["value"], before["Id"]);
    // Once the batch is answered, it is there for everyone.
    EXPECT_EQ(names(query("select * from Customer where DisplayName = 'Made In Batch'")),
              (std::vector<std::string>{"Made In Batch"}));
    EXPECT_FALSE(
        sandbox_.api("GET", "customer/" + next_id).json["Customer"].contains("CompanyName"));
}

TEST_F(QboQueryHttp, a_where_on_a_property_that_cannot_be_filtered_is_4001_not_an_empty_answer) {
    for (const char* sql : {"SELECT * FROM Customer WHERE DisplayNme = 'Alpha Co'",
                            "SELECT * FROM Customer WHERE Notes = 'x'",
                            "SELECT * FROM Invoice WHERE PrivateNote = 'x'",
                            "SELECT * FROM Invoice WHERE Line.Amount > '1'",
                            "SELECT * FROM Vendor WHERE PrimaryEmailAddr = 'a@b.c'",
                            "SELECT COUNT(*) FROM Payment WHERE Active = true"}) {
        const auto r = query(sql);
        EXPECT_EQ(r.status, 400) << sql;
        EXPECT_EQ(r.json["Fault"]["type"], "ValidationFault") << sql;
        EXPECT_EQ(r.json["Fault"]["Error"][0]["code"], "4001") << sql;
        EXPECT_EQ(r.json["Fault"]["Error"][0]["Message"], "Invalid query") << sql;
    }
    EXPECT_EQ(query("SELECT * FROM Customer WHERE DisplayNme = 'Alpha Co'")
                  .json["Fault"]["Error"][0]["Detail"],
              "QueryValidationError: property 'DisplayNme' is not queryable");
    // In a batch too, as that item's fault.
    const auto batch = sandbox_.api(
        "POST", "batch",
        R"({"BatchItemRequest":[{"bId":"q","Query":"select * from Customer where Notes = 'x'"}]})");
    EXPECT_EQ(batch.json["BatchItemResponse"][0]["Fault"]["Error"][0]["code"], "4001");

    // What Intuit marks filterable answers, names compared without regard to case.
    sandbox_.create("Customer", {{"DisplayName", "Mailed Co"},
                                 {"PrimaryEmailAddr", {{"Address", "billing@mailed.example"}}}});
    EXPECT_EQ(
        names(query("SELECT * FROM Customer WHERE PrimaryEmailAddr = 'billing@mailed.example'")),
        (std::vector<std::string>{"Mailed Co"}));
    EXPECT_EQ(query("SELECT * FROM Customer WHERE Metadata.LastUpdatedTime >= '2000-01-01' AND "
                    "companyname = 'nobody'")
                  .status,
              200);
}

TEST_F(QboQueryHttp, cdc_returns_changes_and_deleted_stubs_within_30_days) {
    const std::string since = "2000-01-01T00:00:00Z";
    const auto too_old = sandbox_.api("GET", "cdc?entities=Customer&changedSince=" + since);
    EXPECT_EQ(too_old.status, 400);
    EXPECT_THAT(too_old.body, HasSubstr("30 days"));

    // A minute later than the customers were created (changedSince is inclusive, to the ms).
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 60}});
    const std::string now = sandbox_.control("GET", "/__sandbox/clock")["now"];
    const auto invoice =
        sandbox_.create("Invoice", sdk::parse_json_exact(R"({"CustomerRef":{"value":"1"},"Line":[
        {"DetailType":"SalesItemLineDetail","Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})"));
    const auto kept =
        sandbox_.create("Invoice", sdk::parse_json_exact(R"({"CustomerRef":{"value":"1"},"Line":[
        {"DetailType":"SalesItemLineDetail","Amount":2,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})"));
    sandbox_.api("POST", "invoice?operation=delete",
                 R"({"Id":")" + invoice["Id"].get<std::string>() + R"(","SyncToken":"0"})");
    const auto cdc =
        sandbox_.api("GET",
                     "cdc?entities=Invoice,Payment&changedSince=" + sdk::percent_encode(now));
    ASSERT_EQ(cdc.status, 200) << cdc.body;
    const auto& responses = cdc.json["CDCResponse"][0]["QueryResponse"];
    ASSERT_EQ(responses.size(), 2u);
    const auto& invoices = responses[0]["Invoice"];
    ASSERT_EQ(invoices.size(), 2u);
    EXPECT_EQ(invoices[0]["Id"], kept["Id"]);
    EXPECT_EQ(invoices[1]["status"], "Deleted");
    EXPECT_EQ(invoices[1]["Id"], invoice["Id"]);
    EXPECT_EQ(invoices[1]["domain"], "QBO");
    EXPECT_TRUE(invoices[1]["MetaData"].contains("LastUpdatedTime"));
    EXPECT_EQ(responses[1], nlohmann::json::object());  // no payments changed
    const auto customers =
        sandbox_.api("GET", "cdc?entities=Customer&changedSince=" + sdk::percent_encode(now));
    EXPECT_EQ(customers.json["CDCResponse"][0]["QueryResponse"][0], nlohmann::json::object());
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
