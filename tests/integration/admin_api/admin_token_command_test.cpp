// `ledgersync keys token`: a token printed once, with the admin_api.tokens entry that holds
// only its hash.

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/admin/admin_tokens.hpp"
#include "child_process.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(AdminTokenCommand, prints_a_new_token_once_and_the_config_entry_holding_only_its_hash) {
    const auto r = testing::run_command(LEDGERSYNC_BINARY, {"keys", "token", "ops-console", "--scope", "admin"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::istringstream lines(r.out);
    std::string line;
    std::vector<std::string> all;
    while (std::getline(lines, line)) all.push_back(line);
    ASSERT_EQ(all.size(), 4u) << r.out;
    const std::string token = all[1].substr(all[1].find_first_not_of(' '));
    EXPECT_THAT(token, StartsWith("lsk_"));
    const nlohmann::json entry = nlohmann::json::parse(all[3]);
    EXPECT_EQ(entry.at("name"), "ops-console");
    EXPECT_EQ(entry.at("scope"), "admin");
    EXPECT_EQ(entry.at("sha256"), api::admin::AdminTokens::hash(token));
    EXPECT_THAT(all[3], ::testing::Not(HasSubstr(token)));

    const auto again = testing::run_command(LEDGERSYNC_BINARY, {"keys", "token", "ops-console"});
    ASSERT_EQ(again.exit_code, 0);
    EXPECT_THAT(again.out, HasSubstr("\"scope\":\"read\""));
    EXPECT_THAT(again.out, ::testing::Not(HasSubstr(token)));  // a new token each time

    const auto bad = testing::run_command(LEDGERSYNC_BINARY, {"keys", "token", "x", "--scope", "root"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_THAT(bad.err, HasSubstr("--scope must be read or admin"));
}

}  // namespace
}  // namespace ledgersync
