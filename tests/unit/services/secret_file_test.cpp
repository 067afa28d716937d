#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "services/secret_file.hpp"
#include "temp_dir.hpp"

namespace ledgersync::services {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

/// The problem and message of the SecretFileError reading `path` throws.
std::pair<SecretFileError::Problem, std::string> refusal(const fs::path& path, std::size_t max_bytes = 64) {
    try {
        read_secret_file(path, "secret file " + path.string(), max_bytes);
        ADD_FAILURE() << path << " was read but must be refused";
    } catch (const SecretFileError& e) {
        return {e.problem(), e.what()};
    }
    return {SecretFileError::Problem::unreadable, ""};
}

TEST(SecretFileTest, reads_a_private_file_whole) {
    testing::TempDir dir;
    const auto path = dir.write("token", "s3cret\n");
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(read_secret_file(path, "secret file", 64), "s3cret\n");
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read);
    EXPECT_EQ(read_secret_file(path, "secret file", 64), "s3cret\n") << "0440 is allowed";
    EXPECT_EQ(read_secret_file(path, "secret file", 7), "s3cret\n") << "exactly the limit is allowed";
}

TEST(SecretFileTest, refuses_what_others_can_read_or_the_group_can_write_without_showing_the_content) {
    testing::TempDir dir;
    const auto path = dir.write("token", "s3cret-content");
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
    const auto [problem, message] = refusal(path);
    EXPECT_EQ(problem, SecretFileError::Problem::too_open);
    EXPECT_THAT(message, AllOf(HasSubstr("secret file " + path.string() + " is accessible to other users (mode 0604)"),
                               HasSubstr("chmod 600 " + path.string()), Not(HasSubstr("s3cret-content"))));
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_write);
    EXPECT_EQ(refusal(path).first, SecretFileError::Problem::too_open);
}

TEST(SecretFileTest, refuses_a_missing_file_a_directory_and_a_file_over_the_limit) {
    testing::TempDir dir;
    EXPECT_EQ(refusal(dir / "absent").first, SecretFileError::Problem::missing);
    EXPECT_THAT(refusal(dir / "absent").second, HasSubstr("does not exist"));
    EXPECT_EQ(refusal(dir.path()).first, SecretFileError::Problem::not_regular);
    const auto big = dir.write("big", std::string(65, 'k'));
    fs::permissions(big, fs::perms::owner_read);
    const auto [problem, message] = refusal(big, 64);
    EXPECT_EQ(problem, SecretFileError::Problem::too_large);
    EXPECT_THAT(message, AllOf(HasSubstr("larger than 64 bytes"), Not(HasSubstr("kkkk"))));
}

TEST(SecretFileTest, refuses_a_file_it_cannot_read) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
    testing::TempDir dir;
    const auto path = dir.write("token", "s3cret");
    fs::permissions(path, fs::perms::none);
    const auto [problem, message] = refusal(path);
    EXPECT_EQ(problem, SecretFileError::Problem::unreadable);
    EXPECT_THAT(message, HasSubstr("Permission denied"));
}

}  // namespace
}  // namespace ledgersync::services
