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

TEST(LoggerTest, masks_the_bare_tokens_inside_a_secret_json_document) {
    std::ostringstream sink;
    Logger logger(sink);
    // How connectors store tokens: one JSON document per state key.
    logger.replace_secrets("state qbo/refresh_token",
                           {R"({"refresh_token": "RT1-abc-4567890", "stored_at_ms": 1, "type": "bearer"})"});
    logger.info("qbo", "refreshing with RT1-abc-4567890 failed");
    EXPECT_THAT(sink.str(), Not(HasSubstr("RT1-abc-4567890")));
    EXPECT_THAT(sink.str(), HasSubstr("refreshing with *** failed"));
    logger.info("qbo", "token type bearer");  // a short label inside the document is not a secret
    EXPECT_THAT(sink.str(), HasSubstr("token type bearer"));
}

TEST(LoggerTest, a_rotated_secret_replaces_the_previous_one_instead_of_adding_to_the_set) {
    std::ostringstream sink;
    Logger logger(sink);
    logger.replace_secrets("state qbo/access_token", {"access-token-one"});
    logger.replace_secrets("state qbo/access_token", {"access-token-two"});
    EXPECT_EQ(logger.redact("access-token-one access-token-two"), "access-token-one ***");
    logger.replace_secrets("state qbo/access_token", {});
    EXPECT_EQ(logger.redact("access-token-two"), "access-token-two");
    logger.add_secret("for-good-secret");  // config secrets stay masked whatever the state does
    logger.replace_secrets("state qbo/access_token", {"access-token-three"});
    EXPECT_EQ(logger.redact("for-good-secret access-token-three"), "*** ***");
}

TEST(LoggerTest, a_shorter_secret_masked_first_never_leaves_a_longer_ones_tail_in_clear) {
    std::ostringstream sink;
    Logger logger(sink);
    // "abcd-1234" sorts before, and is contained in, the longer secret.
    logger.add_secret("abcd-1234");
    logger.add_secret("abcd-1234-SECRET-TAIL");
    logger.add_secret("TAIL-and-more");  // overlaps the longer one's end
    const std::string line = logger.redact("key=abcd-1234-SECRET-TAIL-and-more; short=abcd-1234.");
    EXPECT_THAT(line, Not(HasSubstr("SECRET")));
    EXPECT_THAT(line, Not(HasSubstr("TAIL")));
    EXPECT_THAT(line, Not(HasSubstr("more")));
    EXPECT_EQ(line, "key=***; short=***.");
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
