// The one exact-number JSON mechanism (ledgersync/sdk/json.hpp, json_number.hpp,
// json_writer.hpp): numbers parsed as their text, written back byte for byte, and a double
// refused wherever it would reach the wire.

#include <string>

#include <gtest/gtest.h>
#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/json_number.hpp>
#include <ledgersync/sdk/json_writer.hpp>

namespace ledgersync::sdk {
namespace {

using nlohmann::json;

// 0.1 and 12345678901234567.89 are the classic casualties of a double: 0.1 has no binary form,
// and the second has more digits than a double keeps (it would print 1.2345678901234568e+16).
constexpr const char* kAmounts =
    R"({"amount":12345678901234567.89,"fee":0.1,"rate":0.0825,"tiny":1E-7,"huge":123456789012345678901234567890,"count":3,"neg":-0.50})";

TEST(JsonExact, verbatim_numbers_survive_a_parse_and_write_byte_for_byte) {
    const json document = parse_json_exact(kAmounts, JsonNumbers::verbatim);
    EXPECT_TRUE(JsonNumber::is(document["amount"]));
    EXPECT_EQ(JsonNumber::text(document["amount"]), "12345678901234567.89");
    EXPECT_TRUE(document["count"].is_number_integer());
    EXPECT_EQ(write_json_exact(document),
              R"({"amount":12345678901234567.89,"count":3,"fee":0.1,"huge":123456789012345678901234567890,"neg":-0.50,"rate":0.0825,"tiny":1E-7})");
}

TEST(JsonExact, as_text_is_still_the_default_and_reads_as_decimals) {
    const json document = parse_json_exact(kAmounts);
    EXPECT_EQ(document["amount"], "12345678901234567.89");
    EXPECT_EQ(Decimal::from_json(document["fee"]), Decimal::parse("0.1"));
    // A verbatim number reads as the same decimal.
    const json verbatim = parse_json_exact(kAmounts, JsonNumbers::verbatim);
    EXPECT_EQ(Decimal::from_json(verbatim["amount"]).to_string(), "12345678901234567.89");
    EXPECT_EQ(Decimal::from_json(verbatim["neg"]).to_string(), "-0.50");
}

TEST(JsonExact, indented_output_has_the_layout_of_nlohmann_dump) {
    const json document = parse_json_exact(R"({"a":[1,{"b":0.10}],"c":{},"d":[],"e":"x"})", JsonNumbers::verbatim);
    JsonWriteOptions pretty;
    pretty.indent = 2;
    const std::string text = write_json_exact(document, pretty);
    EXPECT_EQ(text, "{\n  \"a\": [\n    1,\n    {\n      \"b\": 0.10\n    }\n  ],\n  \"c\": {},\n  \"d\": [],\n  \"e\": \"x\"\n}");
    // Without the exact numbers the layout is nlohmann's own.
    const json plain = json::parse(R"({"a":[1,{"b":"0.10"}],"c":{},"d":[],"e":"x"})");
    EXPECT_EQ(write_json_exact(plain, pretty), plain.dump(2));
}

TEST(JsonExact, decimals_become_number_tokens_with_their_scale) {
    const json body = {{"Amount", Decimal::parse("0.10").to_json_number()},
                       {"Qty", Decimal::parse("-3").to_json_number()},
                       {"Line", json::array({{{"Amount", Decimal::parse("19.99").to_json_number()}}})},
                       {"DocNumber", "1001"}};
    EXPECT_EQ(write_json_exact(body), R"({"Amount":0.10,"DocNumber":"1001","Line":[{"Amount":19.99}],"Qty":-3})");
}

TEST(JsonExact, number_members_write_decimal_strings_as_numbers) {
    const json value = parse_json_exact(
        R"({"TotalAmt": 362.07, "Memo": "19.99", "Line": [{"Amount": 0.1, "Description": "7"}], "Bad": "abc", "Id": "5"})");
    JsonWriteOptions options;
    options.number_members = [](std::string_view parent, std::string_view key) {
        return key == "TotalAmt" || key == "Bad" || (parent == "Line" && key == "Amount");
    };
    EXPECT_EQ(write_json_exact(value, options),
              R"({"Bad":"abc","Id":"5","Line":[{"Amount":0.1,"Description":"7"}],"Memo":"19.99","TotalAmt":362.07})");
}

TEST(JsonExact, a_double_is_refused_never_written) {
    json body;
    body["Amount"] = json::number_float_t{};
    EXPECT_THROW((void)write_json_exact(body), JsonWriteError);
    body = json::object({{"x", json::binary({1, 2, 3})}});
    EXPECT_THROW((void)write_json_exact(body), JsonWriteError);
}

TEST(JsonExact, text_that_is_not_utf8_is_refused_or_replaced_as_asked) {
    const json body = {{"name", std::string("caf\xe9")}};
    EXPECT_THROW((void)write_json_exact(body), JsonWriteError);
    JsonWriteOptions lenient;
    lenient.invalid_utf8 = InvalidUtf8::replace;
    EXPECT_EQ(write_json_exact(body, lenient), "{\"name\":\"caf\xef\xbf\xbd\"}");
}

TEST(JsonNumber, accepts_only_json_number_tokens) {
    for (const char* good : {"0", "-0", "19.99", "-0.5", "1e3", "2.50E-1", "123456789012345678901234567890"}) {
        EXPECT_TRUE(JsonNumber::is_number_text(good)) << good;
    }
    for (const char* bad : {"", "+1", "01", ".5", "5.", "1e", "1e+", "0x10", "NaN", "1 ", "--1"}) {
        EXPECT_FALSE(JsonNumber::is_number_text(bad)) << bad;
    }
    EXPECT_THROW((void)JsonNumber::from_text("12,5"), JsonNumberError);
    EXPECT_THROW((void)JsonNumber::text(json("19.99")), JsonNumberError);
}

}  // namespace
}  // namespace ledgersync::sdk
