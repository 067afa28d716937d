// The `retention` section: ages written as durations, "forever" to keep a kind of row, every
// problem reported at its JSON path.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config_error.hpp"
#include "config/duration_text.hpp"
#include "config/host_config.hpp"

namespace ledgersync::config {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

std::string problems_of(const json& document) {
    try {
        parse_host_config(document, "/etc/ledgersync/ledgersync.json");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(RetentionConfigTest, keeps_a_month_of_events_and_a_week_of_done_jobs_when_not_configured) {
    const auto config = parse_host_config(json::object(), "/etc/ledgersync/ledgersync.json");
    EXPECT_EQ(config.retention.events_ms, 30 * RetentionConfig::kDayMs);
    EXPECT_EQ(config.retention.done_jobs_ms, 7 * RetentionConfig::kDayMs);
    EXPECT_EQ(config.retention.timeline_ms, 90 * RetentionConfig::kDayMs);
    EXPECT_EQ(config.retention.activity_ms, 90 * RetentionConfig::kDayMs);
    EXPECT_EQ(config.retention.batch, 500);
    EXPECT_EQ(config.retention.every_ms, 600'000);
}

TEST(RetentionConfigTest, reads_ages_batch_and_interval_and_forever_keeps_a_kind) {
    const auto config = parse_host_config(json::parse(R"({"retention": {
        "events": "14d", "done_jobs": "36h", "timeline": "forever", "dismissed_failures": "90d",
        "resolved_failures": "2h", "activity": "400d", "batch": 200, "every": "45s"}})"),
                                          "/etc/ledgersync/ledgersync.json");
    EXPECT_EQ(config.retention.events_ms, 14 * RetentionConfig::kDayMs);
    EXPECT_EQ(config.retention.done_jobs_ms, 36 * 3'600'000);
    EXPECT_EQ(config.retention.timeline_ms, 0);
    EXPECT_EQ(config.retention.dismissed_failures_ms, 90 * RetentionConfig::kDayMs);
    EXPECT_EQ(config.retention.resolved_failures_ms, 2 * 3'600'000);
    EXPECT_EQ(config.retention.activity_ms, 400 * RetentionConfig::kDayMs);
    EXPECT_EQ(config.retention.batch, 200);
    EXPECT_EQ(config.retention.every_ms, 45'000);
}

TEST(RetentionConfigTest, reports_each_bad_value_and_unknown_key_at_its_path) {
    const std::string problems = problems_of(json::parse(R"({"retention": {
        "events": "30 days", "done_jobs": "10m", "timeline": 90, "batch": 0, "every": "forever", "mirror": "1d"}})"));
    EXPECT_THAT(problems, HasSubstr("6 problems"));
    EXPECT_THAT(problems, HasSubstr("/retention/events: \"30 days\" is not a duration such as"));
    EXPECT_THAT(problems, HasSubstr("/retention/done_jobs: \"10m\" is too short; use at least \"1h\""));
    EXPECT_THAT(problems, HasSubstr("/retention/timeline:"));
    EXPECT_THAT(problems, HasSubstr("/retention/batch: value 0 is out of range"));
    EXPECT_THAT(problems, HasSubstr("/retention/every: \"forever\" is not a duration"));
    EXPECT_THAT(problems, HasSubstr("/retention/mirror: unknown key"));
}

TEST(DurationTextTest, reads_seconds_minutes_hours_and_days_and_nothing_else) {
    EXPECT_EQ(parse_duration_ms("45s"), 45'000);
    EXPECT_EQ(parse_duration_ms("10m"), 600'000);
    EXPECT_EQ(parse_duration_ms("12h"), 43'200'000);
    EXPECT_EQ(parse_duration_ms("30d"), 2'592'000'000);
    for (const char* bad : {"", "d", "0d", "07d", "1.5d", "-1d", "1w", "30D", "12345678d", " 1d"}) {
        EXPECT_FALSE(parse_duration_ms(bad).has_value()) << bad;
    }
}

}  // namespace
}  // namespace ledgersync::config
