// Amounts leave the connector as JSON numbers with their exact text, and no binary floating
// point exists anywhere in the connector's code (MISSION.md, point 16).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <ledgersync/sdk.hpp>

#include "qbo_json.hpp"
#include "timestamps.hpp"

namespace ledgersync::connectors::quickbooks {
namespace {

using nlohmann::json;

TEST(QboJson, marked_decimals_are_written_as_numbers_with_their_exact_text) {
    const json body = {{"Amount", qbo_number(sdk::Decimal::parse("0.10"))},
                       {"UnitPrice", qbo_number(sdk::Decimal::parse("0.0825"))},
                       {"Qty", qbo_number(sdk::Decimal::parse("-3"))},
                       {"Big", qbo_number(sdk::Decimal::parse("123456789012345.67"))},
                       {"DocNumber", "1001"},
                       {"Line", json::array({{{"Amount", qbo_number(sdk::Decimal::parse("19.99"))}}})}};
    const std::string text = dump_qbo_json(body);
    EXPECT_EQ(text,
              R"({"Amount":0.10,"Big":123456789012345.67,"DocNumber":"1001","Line":[{"Amount":19.99}],"Qty":-3,"UnitPrice":0.0825})");
    // And they read back exactly.
    EXPECT_EQ(sdk::parse_json_exact(text)["Big"], "123456789012345.67");
    EXPECT_TRUE(sdk::JsonNumber::is(body["Amount"]));
    EXPECT_FALSE(sdk::JsonNumber::is(body["DocNumber"]));
}

TEST(QboJson, a_binary_floating_point_number_is_never_sent) {
    json body;
    body["Amount"] = json::number_float_t{};
    EXPECT_THROW((void)dump_qbo_json(body), std::logic_error);
}

TEST(Timestamps, qbo_instants_in_every_form_read_as_utc) {
    EXPECT_EQ(format_utc(*parse_timestamp_ms("2014-09-19T13:16:17-07:00")), "2014-09-19T20:16:17Z");
    EXPECT_EQ(format_utc(*parse_timestamp_ms("2015-07-24T10:48:27.082-07:00")), "2015-07-24T17:48:27.082Z");
    EXPECT_EQ(format_utc(*parse_timestamp_ms("2015-10-05T14:42:19-0700")), "2015-10-05T21:42:19Z");
    EXPECT_EQ(format_utc(*parse_timestamp_ms("2025-09-10T21:31:25.179851517Z")), "2025-09-10T21:31:25.179Z");
    EXPECT_EQ(format_qbo_instant(*parse_timestamp_ms("2026-02-28T23:59:59.999Z")), "2026-02-28T23:59:59+00:00");
    EXPECT_EQ(format_utc_date(*parse_timestamp_ms("2024-02-29T23:00:00-02:00")), "2024-03-01");
    EXPECT_FALSE(parse_timestamp_ms("2026-02-30T00:00:00Z"));
    EXPECT_FALSE(parse_timestamp_ms("2026-11-26"));
    EXPECT_FALSE(parse_timestamp_ms("2026-11-26T10:00:00"));
    EXPECT_TRUE(is_date("2024-02-29"));
    EXPECT_FALSE(is_date("2026-02-29"));
}

// Comments may say "double" (to explain why there is none); code may not.
std::string without_comments(const std::string& source) {
    std::string out = source;
    enum { code, line_comment, block_comment, string_literal } state = code;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = source[i];
        const char next = i + 1 < source.size() ? source[i + 1] : '\0';
        if (state == code) {
            if (c == '/' && next == '/') state = line_comment;
            else if (c == '/' && next == '*') state = block_comment;
            else if (c == '"') state = string_literal;
        } else if (state == line_comment && c == '\n') {
            state = code;
        } else if (state == block_comment && c == '*' && next == '/') {
            out[i] = out[i + 1] = ' ';
            ++i;
            state = code;
            continue;
        } else if (state == string_literal) {
            if (c == '\\') ++i;
            else if (c == '"') state = code;
        }
        if ((state == line_comment || state == block_comment) && out[i] != '\n') out[i] = ' ';
    }
    return out;
}

TEST(NoBinaryFloatingPoint, the_connector_holds_no_floating_point_code) {
    const std::regex floating(R"(\b(double|float|std::stod|stod|stof|stold|strtod|strtof|strtold|atof|number_float_t)\b)");
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(QUICKBOOKS_PLUGIN_SOURCE_DIR) / "src")) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string code = without_comments(text.str());
        std::smatch match;
        EXPECT_FALSE(std::regex_search(code, match, floating)) << entry.path() << ": " << match.str();
        ++files;
    }
    EXPECT_GE(files, 20);
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
