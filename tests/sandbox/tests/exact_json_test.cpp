// Exact numbers on the wire: the writer, the decimal-member list against the XSDs, times.

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ledgersync/sdk/json.hpp>

#include "common/iso_time.hpp"
#include "qbo/company_time.hpp"
#include "qbo/qbo_json.hpp"

namespace ledgersync::sandbox {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(ExactJsonWriter, writes_decimal_members_as_numbers_with_their_exact_text) {
    const auto value = sdk::parse_json_exact(
        R"({"TotalAmt": 362.07, "Amount": 100.0, "Qty": 1, "Memo": "19.99", "Line": [{"Amount": 0.1}],
            "Big": 123456789012.345678, "Name": "a \"quoted\" \u00e9"})");
    const std::string out = qbo::render(value);
    EXPECT_THAT(out, ::testing::HasSubstr("\"TotalAmt\":362.07"));
    EXPECT_THAT(out, ::testing::HasSubstr("\"Amount\":100.0"));
    EXPECT_THAT(out, ::testing::HasSubstr("\"Line\":[{\"Amount\":0.1}]"));
    EXPECT_THAT(
        out, ::testing::HasSubstr("\"Memo\":\"19.99\""));  // not a decimal member: stays a string
    EXPECT_THAT(out, ::testing::HasSubstr("\"Big\":\"123456789012.345678\""));
    const auto reparsed = sdk::parse_json_exact(out);
    EXPECT_EQ(reparsed["Name"], "a \"quoted\" \u00e9");
    EXPECT_EQ(reparsed["TotalAmt"], "362.07");
}

TEST(ExactJsonWriter, value_is_decimal_only_inside_markup_info) {
    EXPECT_TRUE(qbo::is_decimal_member("MarkupInfo", "Value"));
    EXPECT_FALSE(qbo::is_decimal_member("NameValue", "Value"));
    EXPECT_FALSE(qbo::is_decimal_member("", "DocNumber"));
    EXPECT_TRUE(qbo::is_decimal_member("SalesItemLineDetail", "UnitPrice"));
}

// The list of decimal members is hand-written; this keeps it equal to the XSDs' xs:decimal
// elements (except the two names the XSDs use with other types too).
TEST(ExactJsonWriter, decimal_member_list_matches_the_qbo_xsds) {
    const std::string dir = std::string(LEDGERSYNC_SHARED_DIR) + "/specs/qbo/xsd/";
    std::set<std::string> decimal_names;
    const std::regex element(R"re(name="([A-Za-z]+)" type="xs:decimal")re");
    for (const char* file : {"Finance.xsd", "IntuitBaseTypes.xsd", "IntuitNamesTypes.xsd",
                             "SalesTax.xsd", "Report.xsd"}) {
        const std::string text = read_text(dir + file);
        ASSERT_FALSE(text.empty()) << dir + file;
        for (std::sregex_iterator it(text.begin(), text.end(), element), end; it != end; ++it) {
            decimal_names.insert((*it)[1]);
        }
    }
    ASSERT_GT(decimal_names.size(), 50u);
    for (const auto& name : decimal_names) {
        if (name == "Value" || name == "DefaultValue")
            continue;
        EXPECT_TRUE(qbo::is_decimal_member("", name)) << name << " is xs:decimal in the XSDs";
    }
    for (const char* not_decimal : {"Id", "SyncToken", "DocNumber", "LineNum", "Name"}) {
        EXPECT_FALSE(qbo::is_decimal_member("", not_decimal)) << not_decimal;
    }
}

TEST(IsoTime, parses_offsets_zulu_and_dates) {
    EXPECT_EQ(*parse_iso_datetime("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(*parse_iso_datetime("2015-07-24T10:33:39-07:00"),
              *parse_iso_datetime("2015-07-24T17:33:39Z"));
    EXPECT_EQ(*parse_iso_datetime("2015-07-24T10:33:39.110-0700"),
              *parse_iso_datetime("2015-07-24T17:33:39.110Z"));
    EXPECT_EQ(*parse_iso_datetime("2015-07-24", -420), *parse_iso_datetime("2015-07-24T07:00:00Z"));
    EXPECT_FALSE(parse_iso_datetime("2015-02-30"));
    EXPECT_FALSE(parse_iso_datetime("yesterday"));
}

TEST(CompanyTime, writes_pacific_time_with_daylight_saving) {
    EXPECT_EQ(qbo::company_datetime(*parse_iso_datetime("2014-12-31T17:29:05Z")),
              "2014-12-31T09:29:05-08:00");
    EXPECT_EQ(qbo::company_datetime(*parse_iso_datetime("2015-07-24T17:33:39Z")),
              "2015-07-24T10:33:39-07:00");
    EXPECT_EQ(qbo::company_response_time(*parse_iso_datetime("2015-07-24T17:33:39.110Z")),
              "2015-07-24T10:33:39.110-07:00");
    // 2025: DST from March 9 10:00 UTC to November 2 09:00 UTC.
    EXPECT_EQ(qbo::pacific_offset_minutes(*parse_iso_datetime("2025-03-09T09:59:59Z")), -480);
    EXPECT_EQ(qbo::pacific_offset_minutes(*parse_iso_datetime("2025-03-09T10:00:00Z")), -420);
    EXPECT_EQ(qbo::pacific_offset_minutes(*parse_iso_datetime("2025-11-02T08:59:59Z")), -420);
    EXPECT_EQ(qbo::pacific_offset_minutes(*parse_iso_datetime("2025-11-02T09:00:00Z")), -480);
    EXPECT_EQ(qbo::add_days("2015-07-24", 30), "2015-08-23");
}

}  // namespace
}  // namespace ledgersync::sandbox
