// The exchangerate resource: rates set through the control plane (or the API), the rate in
// force on a date, the query form over ExchangeRate, exact decimals on the wire.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ledgersync/sdk/encoding.hpp>

#include "common/http_message.hpp"
#include "support/sandbox_process.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using ::testing::HasSubstr;

class QboExchangeRateHttp : public ::testing::Test {
protected:
    void SetUp() override {
        sandbox_.authorize();
        sandbox_.control("POST", "/__sandbox/clock", {{"set", "2025-03-20T18:00:00Z"}});
        // Rates as JSON numbers or strings, kept to the digit.
        const auto set = sandbox_.raw("POST", "/__sandbox/qbo/exchangerates", R"({"rates": [
            {"currency": "EUR", "date": "2025-01-01", "rate": "1.0825"},
            {"currency": "EUR", "date": "2025-03-01", "rate": 1.0912345678},
            {"currency": "INR", "date": "2025-02-15", "rate": 0.011987}]})");
        ASSERT_EQ(set.status, 200) << set.body;
    }
    QboResult rate(const std::string& query) {
        return sandbox_.api("GET", "exchangerate?" + query + "&minorversion=75");
    }
    QboResult query(const std::string& sql) {
        return sandbox_.api("GET", "query?query=" + sdk::percent_encode(sql));
    }
    SandboxProcess sandbox_;
};

TEST_F(QboExchangeRateHttp, get_answers_the_rate_in_force_on_the_date_with_its_exact_digits) {
    const auto r = rate("sourcecurrencycode=EUR&asofdate=2025-02-10");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto& entity = r.json["ExchangeRate"];
    EXPECT_EQ(entity["SourceCurrencyCode"], "EUR");
    EXPECT_EQ(entity["TargetCurrencyCode"], "USD");
    EXPECT_EQ(entity["AsOfDate"], "2025-01-01");  // the rate set on that day holds until the next
    EXPECT_THAT(r.body, HasSubstr("\"Rate\":1.0825,"));
    EXPECT_EQ(entity["SyncToken"], "0");
    EXPECT_EQ(entity["domain"], "QBO");
    EXPECT_TRUE(r.json.contains("time"));

    const auto later = rate("sourcecurrencycode=eur&asofdate=2025-03-01");
    EXPECT_THAT(later.body, HasSubstr("\"Rate\":1.0912345678,"));
    // Without asofdate: today in the company's zone (2025-03-20).
    EXPECT_EQ(rate("sourcecurrencycode=INR").json["ExchangeRate"]["AsOfDate"], "2025-02-15");
    // The home currency is 1.
    EXPECT_THAT(rate("sourcecurrencycode=USD&asofdate=2020-01-01").body, HasSubstr("\"Rate\":1,"));
}

TEST_F(QboExchangeRateHttp, get_without_a_rate_or_a_currency_is_a_fault) {
    const auto before = rate("sourcecurrencycode=EUR&asofdate=2024-12-31");
    EXPECT_EQ(before.status, 400);
    EXPECT_EQ(before.json["Fault"]["Error"][0]["code"], "610");
    EXPECT_EQ(rate("sourcecurrencycode=GBP").json["Fault"]["Error"][0]["code"], "610");
    const auto missing = sandbox_.api("GET", "exchangerate");
    EXPECT_EQ(missing.json["Fault"]["Error"][0]["code"], "2020");
    EXPECT_EQ(rate("sourcecurrencycode=EUR&asofdate=2025-02-30").json["Fault"]["Error"][0]["code"],
              "2010");
}

TEST_F(QboExchangeRateHttp, query_lists_the_rates_in_force_on_the_asofdate) {
    const auto r = query(
        "select * from exchangerate where sourcecurrencycode in ('EUR', 'INR') and "
        "asofdate='2025-02-20'");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto& rates = r.json["QueryResponse"]["ExchangeRate"];
    ASSERT_EQ(rates.size(), 2u);
    EXPECT_EQ(rates[0]["SourceCurrencyCode"], "EUR");
    EXPECT_EQ(rates[0]["AsOfDate"], "2025-01-01");
    EXPECT_EQ(rates[1]["SourceCurrencyCode"], "INR");
    EXPECT_EQ(r.json["QueryResponse"]["totalCount"], 2);
    EXPECT_THAT(r.body, HasSubstr("\"Rate\":0.011987"));
    // Every currency with a rate, as of today, without conditions.
    EXPECT_EQ(query("select * from ExchangeRate").json["QueryResponse"]["ExchangeRate"].size(), 2u);
    EXPECT_EQ(
        query("select * from ExchangeRate where asofdate = '2024-01-01'").json["QueryResponse"],
        nlohmann::json::object());
    EXPECT_EQ(
        query("select * from ExchangeRate where Rate > '1'").json["Fault"]["Error"][0]["code"],
        "4001");
}

TEST_F(QboExchangeRateHttp, post_sets_a_rate_and_refuses_the_home_currency_and_unknown_members) {
    const auto set = sandbox_.api(
        "POST", "exchangerate",
        R"({"SourceCurrencyCode":"EUR","AsOfDate":"2025-03-10","Rate":1.1,"TargetCurrencyCode":"USD"})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_THAT(set.body, HasSubstr("\"Rate\":1.1,"));
    EXPECT_THAT(rate("sourcecurrencycode=EUR").body, HasSubstr("\"Rate\":1.1,"));
    EXPECT_EQ(sandbox_
                  .api("POST", "exchangerate",
                       R"({"SourceCurrencyCode":"USD","AsOfDate":"2025-03-10","Rate":2})")
                  .json["Fault"]["Error"][0]["code"],
              "6000");
    EXPECT_EQ(
        sandbox_
            .api("POST", "exchangerate",
                 R"({"SourceCurrencyCode":"EUR","AsOfDate":"2025-03-10","Rate":2,"Spread":1})")
            .json["Fault"]["Error"][0]["code"],
        "2010");
    EXPECT_EQ(sandbox_.api("POST", "exchangerate", R"({"SourceCurrencyCode":"EUR","Rate":2})")
                  .json["Fault"]["Error"][0]["code"],
              "2020");
}

TEST_F(QboExchangeRateHttp, the_control_plane_refuses_a_bad_rate_and_keeps_the_others) {
    const auto bad =
        sandbox_.raw("POST", "/__sandbox/qbo/exchangerates",
                     R"({"rates": [{"currency": "GBP", "date": "2025-01-01", "rate": 1.27},
                                                {"currency": "EUR", "date": "2025-01-01", "rate": "abc"}]})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_THAT(bad.json["error"].get<std::string>(), HasSubstr("not a decimal"));
    EXPECT_EQ(rate("sourcecurrencycode=GBP").status, 400);  // nothing of the bad request was kept
    const auto listed = sandbox_.control("GET", "/__sandbox/qbo/exchangerates");
    EXPECT_EQ(listed["rates"].size(), 3u);
    EXPECT_EQ(sandbox_.raw("POST", "/__sandbox/qbo/exchangerates").status, 400);
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
