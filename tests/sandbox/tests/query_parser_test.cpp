// QBO's query language: what parses, what it means, and the 4001 faults for what does not.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbo/qbo_fault.hpp"
#include "qbo/query_parser.hpp"

namespace ledgersync::sandbox::qbo {
namespace {

using ::testing::HasSubstr;

std::string query_fault(const std::string& text) {
    try {
        (void)parse_query(text);
    } catch (const QboFault& fault) {
        EXPECT_EQ(fault.errors().front().code, "4001");
        EXPECT_EQ(fault.errors().front().message, "Invalid query");
        return fault.errors().front().detail;
    }
    return {};
}

TEST(QboQueryParser, parses_select_star_with_conditions_order_and_paging) {
    const auto q = parse_query(
        "select * from invoice WHERE TotalAmt > '300.00' AND CustomerRef IN ('1', '2') and "
        "DocNumber LIKE 'INV%' "
        "ORDERBY MetaData.LastUpdatedTime DESC STARTPOSITION 11 MAXRESULTS 10");
    EXPECT_EQ(q.entity, "Invoice");
    EXPECT_FALSE(q.count);
    ASSERT_EQ(q.where.size(), 3u);
    EXPECT_EQ(q.where[0].op, ">");
    EXPECT_EQ(q.where[0].values[0].text, "300.00");
    EXPECT_EQ(q.where[1].op, "IN");
    EXPECT_EQ(q.where[1].values.size(), 2u);
    EXPECT_EQ(q.where[2].op, "LIKE");
    ASSERT_EQ(q.order_by.size(), 1u);
    EXPECT_EQ(q.order_by[0].property, "MetaData.LastUpdatedTime");
    EXPECT_TRUE(q.order_by[0].descending);
    EXPECT_EQ(q.start_position, 11);
    EXPECT_EQ(q.max_results, 10);
}

TEST(QboQueryParser, unescapes_backslash_quotes_in_values) {
    const auto q =
        parse_query(R"(SELECT * FROM Customer WHERE DisplayName = 'O\'Brien\'s \\ Sons')");
    EXPECT_EQ(q.where[0].values[0].text, R"(O'Brien's \ Sons)");
}

TEST(QboQueryParser, parses_count_and_projections) {
    EXPECT_TRUE(parse_query("SELECT COUNT(*) FROM Customer").count);
    const auto q = parse_query(
        "SELECT Id, DisplayName, MetaData.CreateTime FROM Customer WHERE Active = false");
    EXPECT_EQ(q.fields, (std::vector<std::string>{"Id", "DisplayName", "MetaData.CreateTime"}));
    EXPECT_EQ(q.where[0].values[0].type, QueryValue::Type::boolean);
}

TEST(QboQueryParser, defaults_to_the_first_100_rows) {
    const auto q = parse_query("SELECT * FROM Item");
    EXPECT_EQ(q.start_position, 1);
    EXPECT_EQ(q.max_results, 100);
}

TEST(QboQueryParser, refuses_startposition_zero_with_qbos_own_detail) {
    EXPECT_EQ(query_fault("SELECT * FROM Invoice STARTPOSITION 0"),
              "QueryValidationError: value 0 is too small. Min allowed value is 1");
}

TEST(QboQueryParser, refuses_maxresults_over_1000) {
    EXPECT_EQ(query_fault("SELECT * FROM Invoice MAXRESULTS 1001"),
              "QueryValidationError: value 1001 is too large. Max allowed value is 1000");
    EXPECT_EQ(query_fault("SELECT * FROM Invoice MAXRESULTS 1000"), "");
}

TEST(QboQueryParser, refuses_or_unknown_entities_and_bad_syntax) {
    EXPECT_THAT(query_fault("SELECT * FROM Invoice WHERE Id = '1' OR Id = '2'"), HasSubstr("OR"));
    EXPECT_THAT(query_fault("SELECT * FROM Spaceship"),
                HasSubstr("Invalid context declaration : Spaceship"));
    EXPECT_THAT(query_fault("SELECT * Invoice"),
                HasSubstr("QueryParserError: Encountered \"Invoice\""));
    EXPECT_THAT(query_fault("SELECT * FROM Customer WHERE DisplayName = 'unterminated"),
                HasSubstr("QueryParserError"));
    EXPECT_THAT(query_fault("SELECT * FROM Customer WHERE Id > '3'"), HasSubstr("only = and IN"));
    EXPECT_THAT(query_fault("SELECT * FROM Customer ORDERBY"), HasSubstr("QueryParserError"));
    EXPECT_THAT(query_fault("DELETE FROM Customer"), HasSubstr("QueryParserError"));
}

TEST(QboQueryParser, a_where_on_a_property_that_is_not_filterable_is_not_queryable) {
    EXPECT_EQ(query_fault("SELECT * FROM Vendor WHERE PrimaryEmailAddr = 'a@b.example'"),
              "QueryValidationError: property 'PrimaryEmailAddr' is not queryable");
    EXPECT_EQ(query_fault("SELECT * FROM Customer WHERE AcctNum = '7'"),
              "QueryValidationError: property 'AcctNum' is not queryable");
    EXPECT_EQ(query_fault("SELECT * FROM Customer WHERE NoSuchThing = '7'"),
              "QueryValidationError: property 'NoSuchThing' is not queryable");
    EXPECT_EQ(query_fault("SELECT * FROM Invoice WHERE Line.Amount > '5'"),
              "QueryValidationError: property 'Line.Amount' is not queryable");
    EXPECT_EQ(query_fault("SELECT * FROM ExchangeRate WHERE Id = '1'"),
              "QueryValidationError: property 'Id' is not queryable");
    // Filterable ones, in any case; MetaData times on every entity.
    for (const char* ok :
         {"SELECT * FROM Customer WHERE PrimaryEmailAddr = 'a@b.example'",
          "SELECT * FROM customer WHERE displayname = 'A' AND metadata.lastupdatedtime > "
          "'2025-01-01'",
          "SELECT * FROM Item WHERE Name = 'Hours' AND Active IN (true, false)",
          "SELECT * FROM Payment WHERE MetaData.CreateTime >= '2025-01-01' AND TotalAmt > '1'",
          "SELECT * FROM Invoice WHERE DocNumber = 'LS-1' AND Balance > '0'",
          "select * from exchangerate where sourcecurrencycode in ('EUR', 'INR') and "
          "asofdate='2015-07-07'"}) {
        EXPECT_EQ(query_fault(ok), "") << ok;
    }
}

}  // namespace
}  // namespace ledgersync::sandbox::qbo
