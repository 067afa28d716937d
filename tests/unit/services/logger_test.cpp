#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "services/logger.hpp"
#include "services/metrics.hpp"

namespace ledgersync::services {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(LoggerTest, masks_registered_secrets_everywhere_in_a_line) {
    std::ostringstream sink;
    Logger logger(sink);
    logger.add_secret("refresh-abc-123");
    logger.info("qbo", "token refresh-abc-123 rotated; old refresh-abc-123 revoked");
    EXPECT_THAT(sink.str(), Not(HasSubstr("refresh-abc-123")));
    EXPECT_THAT(sink.str(), HasSubstr("token *** rotated; old *** revoked"));
}

TEST(LoggerTest, drops_lines_below_the_threshold) {
    std::ostringstream sink;
    Logger logger(sink, LogLevel::warning);
    logger.info("host", "chatty");
    logger.error("host", "important");
    EXPECT_THAT(sink.str(), Not(HasSubstr("chatty")));
    EXPECT_THAT(sink.str(), HasSubstr("error   host: important"));
}

TEST(MetricsTest, renders_prometheus_text_with_sorted_escaped_labels) {
    MetricsRegistry metrics;
    metrics.add("ledgersync_http_requests_total", {{"status", "429"}, {"connection", "q\"b"}}, 2, "HTTP requests sent");
    metrics.add("ledgersync_http_requests_total", {{"connection", "q\"b"}, {"status", "429"}}, 1);
    metrics.set("ledgersync_jobs_pending", {}, 7);
    const std::string text = metrics.render_prometheus();
    EXPECT_THAT(text, HasSubstr("# HELP ledgersync_http_requests_total HTTP requests sent\n"));
    EXPECT_THAT(text, HasSubstr("# TYPE ledgersync_http_requests_total counter\n"));
    EXPECT_THAT(text, HasSubstr("ledgersync_http_requests_total{connection=\"q\\\"b\",status=\"429\"} 3\n"));
    EXPECT_THAT(text, HasSubstr("# TYPE ledgersync_jobs_pending gauge\nledgersync_jobs_pending 7\n"));
}

TEST(MetricsTest, parses_abi_label_syntax) {
    const auto labels = MetricsRegistry::parse_labels("endpoint=query,realm=123,broken,=x");
    ASSERT_EQ(labels.size(), 2u);
    EXPECT_EQ(labels[0], (std::pair<std::string, std::string>{"endpoint", "query"}));
    EXPECT_EQ(labels[1], (std::pair<std::string, std::string>{"realm", "123"}));
}

}  // namespace
}  // namespace ledgersync::services
