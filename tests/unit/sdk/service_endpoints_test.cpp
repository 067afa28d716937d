#include <ledgersync/sdk/service_endpoints.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ledgersync::sdk {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

TEST(ServiceEndpoints, the_token_endpoint_defaults_to_the_base_url_and_its_path) {
    ConfigProblems problems;
    const json config = {{"base_url", "http://127.0.0.1:8081//"}};
    ConfigReader custom(config, problems, "/environment");
    const auto endpoints = read_service_endpoints(custom, "HubSpot", "/oauth/v1/token");
    EXPECT_TRUE(problems.all().empty()) << problems.to_string();
    EXPECT_EQ(endpoints.api_base_url, "http://127.0.0.1:8081");
    EXPECT_EQ(endpoints.token_url, "http://127.0.0.1:8081/oauth/v1/token");
}

TEST(ServiceEndpoints, reports_what_is_not_an_http_url_a_missing_base_and_unknown_keys_at_their_paths) {
    ConfigProblems problems;
    const json config = {{"base_url", "ftp://files"}, {"token_url", "localhost/token"}, {"realm", "x"}};
    ConfigReader custom(config, problems, "/environment");
    const auto endpoints = read_service_endpoints(custom, "QBO", "/oauth2/v1/tokens/bearer");
    EXPECT_EQ(endpoints.token_url, "localhost/token");
    const std::string text = problems.to_string();
    EXPECT_THAT(text, HasSubstr("/environment/base_url: \"ftp://files\" is not an http(s) URL"));
    EXPECT_THAT(text, HasSubstr("/environment/token_url: \"localhost/token\" is not an http(s) URL"));
    EXPECT_THAT(text, HasSubstr("/environment/realm"));
    EXPECT_EQ(problems.all().size(), 3u);

    ConfigProblems missing;
    ConfigReader empty(json::object(), missing, "/environment");
    read_service_endpoints(empty, "QBO", "/oauth2/v1/tokens/bearer");
    EXPECT_THAT(missing.to_string(), HasSubstr("/environment/base_url: required key is missing; set it to the URL the QBO API is served at"));
}

TEST(ServiceEndpoints, trailing_slashes_go_and_only_http_and_https_are_urls) {
    EXPECT_EQ(without_trailing_slashes("https://api.example.com///"), "https://api.example.com");
    EXPECT_EQ(without_trailing_slashes("/"), "");
    EXPECT_TRUE(is_http_url("https://api.stripe.com"));
    EXPECT_TRUE(is_http_url("http://127.0.0.1:1"));
    EXPECT_FALSE(is_http_url("HTTPS://api.stripe.com"));
    EXPECT_FALSE(is_http_url("api.stripe.com"));
}

}  // namespace
}  // namespace ledgersync::sdk
