#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/money.hpp>

namespace ledgersync::sdk {
namespace {

Decimal d(const char* text) { return Decimal::parse(text); }

TEST(DecimalTest, adds_tenths_exactly) {
    EXPECT_EQ(d("0.1") + d("0.2"), d("0.3"));
    EXPECT_EQ((d("0.1") + d("0.2")).to_string(), "0.3");
}

TEST(DecimalTest, multiplies_prices_by_quantities_exactly) {
    EXPECT_EQ((d("19.99") * Decimal(3)).to_string(), "59.97");
    EXPECT_EQ((d("2.5") * d("3.333")).to_string(), "8.3325");
    EXPECT_EQ(Decimal::multiply_rounded(d("2.5"), d("3.333"), 2, RoundingMode::half_up).to_string(), "8.33");
    EXPECT_EQ((d("-1.25") * d("4")).to_string(), "-5.00");
}

TEST(DecimalTest, keeps_the_written_scale_and_compares_numerically) {
    EXPECT_EQ(d("19.90").to_string(), "19.90");
    EXPECT_EQ(d("19.90").scale(), 2);
    EXPECT_EQ(d("19.9"), d("19.90"));
    EXPECT_LT(d("-0.01"), d("0"));
    EXPECT_EQ(d("19.90").normalized().to_string(), "19.9");
    EXPECT_EQ(d("1e3").to_string(), "1000");
    EXPECT_EQ(d("2.50E-1").to_string(), "0.250");
    EXPECT_EQ(d("-0.05").to_string(), "-0.05");
}

TEST(DecimalTest, parses_json_numbers_without_binary_floating_point) {
    const auto j = parse_json_exact(R"({"a": 1234567890.123456789, "b": 0.1, "c": 42})");
    EXPECT_EQ(Decimal::from_json(j["a"]).to_string(), "1234567890.123456789");
    EXPECT_EQ(Decimal::from_json(j["b"]) + Decimal::from_json(j["b"]) + Decimal::from_json(j["b"]), d("0.3"));
    EXPECT_EQ(Decimal::from_json(j["c"]), Decimal(42));
    EXPECT_THROW(Decimal::from_json(nlohmann::json::parse("19.99")), DecimalError);  // already a double
}

TEST(DecimalTest, rounds_half_up_and_half_even_on_ties_and_both_signs) {
    EXPECT_EQ(d("2.345").rounded(2, RoundingMode::half_up).to_string(), "2.35");
    EXPECT_EQ(d("2.345").rounded(2, RoundingMode::half_even).to_string(), "2.34");
    EXPECT_EQ(d("2.355").rounded(2, RoundingMode::half_even).to_string(), "2.36");
    EXPECT_EQ(d("-2.345").rounded(2, RoundingMode::half_up).to_string(), "-2.35");
    EXPECT_EQ(d("-2.345").rounded(2, RoundingMode::half_even).to_string(), "-2.34");
    EXPECT_EQ(d("2.349").rounded(2, RoundingMode::toward_zero).to_string(), "2.34");
    EXPECT_EQ(d("2.3").rounded(3, RoundingMode::half_up).to_string(), "2.300");
}

TEST(DecimalTest, divides_with_an_explicit_scale_and_mode) {
    EXPECT_EQ(Decimal::divide(d("10"), d("3"), 2, RoundingMode::half_up).to_string(), "3.33");
    EXPECT_EQ(Decimal::divide(d("-10"), d("3"), 2, RoundingMode::half_up).to_string(), "-3.33");
    EXPECT_EQ(Decimal::divide(d("0.125"), d("1"), 2, RoundingMode::half_even).to_string(), "0.12");
    EXPECT_EQ(Decimal::divide(d("1"), d("0.08"), 3, RoundingMode::half_up).to_string(), "12.500");
    EXPECT_THROW(Decimal::divide(d("1"), d("0"), 2, RoundingMode::half_up), DecimalError);
}

TEST(DecimalTest, detects_overflow_instead_of_wrapping) {
    const Decimal max = Decimal(INT64_MAX);
    EXPECT_THROW(max + Decimal(1), DecimalError);
    EXPECT_THROW(max * Decimal(2), DecimalError);
    EXPECT_THROW(-Decimal(INT64_MIN), DecimalError);
    EXPECT_THROW(d("99999999999999999999"), DecimalError);
    EXPECT_THROW(d("92233720368547758.08") * d("100"), DecimalError);
    EXPECT_THROW(d("0.0000000000000000001"), DecimalError);  // 19 decimal places
    EXPECT_EQ(d("1.00000000000000000000000").to_string(), "1.000000000000000000");  // zeros are not digits lost
}

TEST(DecimalTest, refuses_malformed_text_saying_why) {
    for (const char* bad : {"", "-", "1.2.3", "12a", "1e", "0x10", "1,5", " 1"}) {
        EXPECT_THROW(d(bad), DecimalError) << bad;
    }
    try {
        d("12a");
    } catch (const DecimalError& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("\"12a\" is not an exact decimal: unexpected character 'a'"));
    }
}

TEST(MoneyTest, rounds_to_each_currencys_minor_unit) {
    EXPECT_EQ((Money::parse("2.5", "USD") * d("3.333")).rounded().to_string(), "8.33 USD");
    EXPECT_EQ((Money::parse("150", "JPY") * d("1.5")).rounded().to_string(), "225 JPY");
    EXPECT_EQ(Money::parse("1.2345", "JPY").rounded().to_string(), "1 JPY");
    EXPECT_EQ(Money::parse("1.2345", "KWD").rounded().to_string(), "1.235 KWD");
    EXPECT_EQ(Money::parse("1.2345", "KWD").rounded(RoundingMode::half_even).to_string(), "1.234 KWD");
    EXPECT_EQ(Money::zero("KWD").to_string(), "0.000 KWD");
    EXPECT_EQ(Money::from_minor_units(1999, "USD").to_string(), "19.99 USD");
    EXPECT_EQ(Money::from_minor_units(500, "JPY").to_string(), "500 JPY");
    EXPECT_EQ(Money::parse("19.99", "USD").minor_units(), 1999);
    EXPECT_THROW(Money::parse("19.995", "USD").minor_units(), MoneyError);
}

TEST(MoneyTest, never_mixes_currencies) {
    EXPECT_THROW(Money::parse("1", "USD") + Money::parse("1", "EUR"), CurrencyMismatch);
    EXPECT_THROW((void)(Money::parse("1", "USD") < Money::parse("1", "EUR")), CurrencyMismatch);
    EXPECT_NE(Money::parse("1", "USD"), Money::parse("1", "EUR"));
    EXPECT_THROW(Money::parse("1", "usd"), MoneyError);
    EXPECT_THROW(Money::parse("1", "XYZ"), MoneyError);
}

TEST(MoneyTest, handles_negative_amounts_and_json) {
    const Money refund = -Money::parse("19.99", "USD");
    EXPECT_EQ(refund.to_string(), "-19.99 USD");
    EXPECT_EQ((Money::parse("10", "USD") + refund).to_string(), "-9.99 USD");
    const Money back = Money::from_json(refund.to_json());
    EXPECT_EQ(back, refund);
    EXPECT_EQ(refund.to_json().dump(), R"({"amount":"-19.99","currency":"USD"})");
}

}  // namespace
}  // namespace ledgersync::sdk
