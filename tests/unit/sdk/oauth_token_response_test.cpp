#include <ledgersync/sdk/oauth_token_response.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ledgersync::sdk {
namespace {

using ::testing::HasSubstr;

std::string error_of(std::string_view body) {
    try {
        OAuthTokenResponse::parse(body);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "no error";
}

TEST(OAuthTokenResponse, reads_the_tokens_and_the_lifetimes_it_states) {
    const auto answer = OAuthTokenResponse::parse(
        R"({"token_type": "bearer", "access_token": "at-1", "refresh_token": "rt-2", "expires_in": 1800,
            "x_refresh_token_expires_in": "8726400"})");
    EXPECT_EQ(answer.access_token(), "at-1");
    EXPECT_EQ(answer.refresh_token(), "rt-2");
    EXPECT_EQ(answer.seconds("expires_in", 3600), 1800);
    EXPECT_EQ(answer.seconds("x_refresh_token_expires_in", 0), 8726400);  // Intuit may send digits in a string
    EXPECT_EQ(answer.seconds("absent", 42), 42);
}

TEST(OAuthTokenResponse, a_lifetime_it_cannot_read_is_the_fallback) {
    const auto answer = OAuthTokenResponse::parse(
        R"({"access_token": "at", "a": "soon", "b": -5.5, "c": "", "d": "12345678901234567890", "e": null})");
    for (const char* key : {"a", "b", "c", "d", "e"}) EXPECT_EQ(answer.seconds(key, 7), 7) << key;
    EXPECT_EQ(answer.refresh_token(), "");  // none issued: the caller keeps the one it has
}

TEST(OAuthTokenResponse, refuses_an_answer_without_an_access_token_or_that_is_not_an_object) {
    EXPECT_THAT(error_of(R"({"refresh_token": "rt"})"), HasSubstr("has no access_token"));
    EXPECT_THAT(error_of(R"({"access_token": 17})"), HasSubstr("has no access_token"));
    EXPECT_THAT(error_of(R"(["access_token"])"), HasSubstr("is not a JSON object"));
    EXPECT_THAT(error_of("<html>bad gateway</html>"), HasSubstr("is not JSON"));
}

}  // namespace
}  // namespace ledgersync::sdk
