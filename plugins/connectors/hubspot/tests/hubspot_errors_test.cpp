// HubSpot's error shape read from bodies (every member optional) and classified into outcomes
// whose reasons say what HubSpot said.

#include <gtest/gtest.h>

#include "hubspot_errors.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

const CallContext kContext{"upserting", "invoice 1037 (quickbooks invoice 130)"};

TEST(HubSpotErrors, a_conflict_names_the_existing_object) {
    const auto error = parse_error(R"({"status":"error","message":"Contact already exists. Existing ID: 6001","correlationId":"c-9","category":"CONFLICT"})");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->existing_id, "6001");
    const sdk::Outcome o = classify_error(*error, 409, kContext);
    EXPECT_EQ(o.kind, sdk::OutcomeClass::data);
    EXPECT_NE(o.reason.find("already taken by object 6001"), std::string::npos) << o.reason;
    EXPECT_NE(o.reason.find("correlationId c-9"), std::string::npos) << o.reason;
}

TEST(HubSpotErrors, throttling_and_outages_are_waited_for_and_retried) {
    const sdk::Outcome ten_seconds = classify_response(
        429, R"({"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"})",
        kContext);
    EXPECT_EQ(ten_seconds.kind, sdk::OutcomeClass::rate_limited);
    EXPECT_EQ(ten_seconds.retry_after, kThrottleWait);
    EXPECT_NE(ten_seconds.reason.find("TEN_SECONDLY_ROLLING"), std::string::npos);
    const sdk::Outcome daily = classify_response(429, R"({"policyName":"DAILY"})", kContext);
    EXPECT_EQ(daily.retry_after, std::chrono::hours(1));
    EXPECT_EQ(classify_response(477, "", kContext, std::chrono::seconds(30)).retry_after, std::chrono::seconds(30));
    EXPECT_EQ(classify_response(502, "<html>Bad gateway</html>", kContext).kind, sdk::OutcomeClass::transient);
}

TEST(HubSpotErrors, validation_errors_keep_hubspots_details_and_batch_traces) {
    const auto error = parse_error(R"({"status":"error","category":"VALIDATION_ERROR","message":"Property values were not valid",
        "errors":[{"message":"Property \"x\" does not exist","code":"PROPERTY_DOESNT_EXIST"}],"context":{"objectWriteTraceId":["3"]}})");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->trace_ids, std::vector<std::string>{"3"});
    const sdk::Outcome o = classify_error(*error, 400, kContext);
    EXPECT_EQ(o.kind, sdk::OutcomeClass::data);
    EXPECT_NE(o.reason.find("invoice 1037 (quickbooks invoice 130)"), std::string::npos) << o.reason;
    EXPECT_NE(o.reason.find("Property \"x\" does not exist"), std::string::npos) << o.reason;
    EXPECT_FALSE(parse_error("not json"));
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
