#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "services/secret_key_source.hpp"
#include "temp_dir.hpp"

namespace ledgersync::services {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

// The key 00 01 02 ... 1f in each accepted encoding.
const std::string kRaw = [] {
    std::string raw;
    for (int i = 0; i < 32; ++i)
        raw += static_cast<char>(i);
    return raw;
}();
constexpr const char* kBase64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

SecretKey expected_key() {
    SecretKey key{};
    for (std::size_t i = 0; i < key.size(); ++i)
        key[i] = static_cast<unsigned char>(i);
    return key;
}

class SecretKeySourceTest : public ::testing::Test {
protected:
    fs::path key_file(const std::string& content,
                      fs::perms permissions = fs::perms::owner_read | fs::perms::owner_write) {
        const auto path = directory_.write("secret.key", content);
        fs::permissions(path, permissions);
        return path;
    }

    /// The message of the SecretKeyError `source.load()` throws; fails the test when it loads.
    static std::string error_of(const SecretKeySource& source) {
        try {
            source.load();
            ADD_FAILURE() << "expected SecretKeyError from " << source.describe();
        } catch (const SecretKeyError& e) {
            return e.what();
        }
        return {};
    }

    testing::TempDir directory_;
};

TEST_F(SecretKeySourceTest, reads_a_raw_base64_or_hex_key_file) {
    EXPECT_EQ(SecretKeySource::file(key_file(kRaw)).load(), expected_key());
    EXPECT_EQ(SecretKeySource::file(key_file(std::string(kBase64) + "\n")).load(), expected_key());
    EXPECT_EQ(SecretKeySource::file(key_file(std::string("  ") + kHex + "\r\n")).load(),
              expected_key());
    const std::string unpadded(kBase64, 43);
    EXPECT_EQ(SecretKeySource::file(key_file(unpadded)).load(), expected_key());
}

TEST_F(SecretKeySourceTest, a_missing_file_says_how_to_create_one) {
    const auto path = directory_ / "secret.key";
    EXPECT_THAT(error_of(SecretKeySource::file(path)),
                AllOf(HasSubstr("secrets.key_file " + path.string() + " does not exist"),
                      HasSubstr("head -c 32 /dev/urandom > " + path.string())));
    EXPECT_THAT(error_of(SecretKeySource::file(path, "vault.key_path")),
                HasSubstr("vault.key_path "));
}

TEST_F(SecretKeySourceTest, a_key_of_the_wrong_length_is_refused_without_showing_it) {
    const std::string message = error_of(SecretKeySource::file(key_file("too-short-key-material")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("does not hold a 256-bit key"), HasSubstr("22 bytes"),
                      HasSubstr("32 raw bytes"), Not(HasSubstr("too-short-key-material"))));
    EXPECT_THAT(error_of(SecretKeySource::file(key_file(kRaw + "x"))), HasSubstr("33 bytes"));
    EXPECT_THAT(error_of(SecretKeySource::file(key_file("\n"))), HasSubstr("is empty"));
}

TEST_F(SecretKeySourceTest, a_file_others_can_read_is_refused) {
    const auto path =
        key_file(kRaw, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
    EXPECT_THAT(error_of(SecretKeySource::file(path)),
                AllOf(HasSubstr("accessible to other users (mode 0604)"),
                      HasSubstr("chmod 600 " + path.string())));
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_write);
    EXPECT_THAT(error_of(SecretKeySource::file(path)), HasSubstr("mode 0420"));
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read);
    EXPECT_EQ(SecretKeySource::file(path).load(), expected_key())
        << "a group-readable 0440 key is allowed";
}

TEST_F(SecretKeySourceTest, a_directory_or_an_unreadable_file_is_refused) {
    EXPECT_THAT(error_of(SecretKeySource::file(directory_.path())),
                HasSubstr("is not a regular file"));
    if (::geteuid() == 0)
        GTEST_SKIP() << "root reads any file";
    const auto path = key_file(kRaw, fs::perms::none);
    EXPECT_THAT(error_of(SecretKeySource::file(path)),
                AllOf(HasSubstr("cannot be read"), HasSubstr("Permission denied")));
}

class EnvironmentVariable {
public:
    EnvironmentVariable(std::string name, const char* value) : name_(std::move(name)) {
        if (value != nullptr) {
            ::setenv(name_.c_str(), value, 1);
        } else {
            ::unsetenv(name_.c_str());
        }
    }
    ~EnvironmentVariable() { ::unsetenv(name_.c_str()); }
    const std::string& name() const { return name_; }

private:
    std::string name_;
};

TEST_F(SecretKeySourceTest, reads_a_base64_or_hex_key_from_the_environment) {
    EnvironmentVariable base64("LEDGERSYNC_TEST_KEY_B64", kBase64);
    EXPECT_EQ(SecretKeySource::environment(base64.name()).load(), expected_key());
    EnvironmentVariable hex("LEDGERSYNC_TEST_KEY_HEX", kHex);
    EXPECT_EQ(SecretKeySource::environment(hex.name()).load(), expected_key());
}

TEST_F(SecretKeySourceTest, a_missing_empty_or_malformed_variable_is_a_clear_error) {
    EnvironmentVariable unset("LEDGERSYNC_TEST_KEY_UNSET", nullptr);
    EXPECT_THAT(
        error_of(SecretKeySource::environment(unset.name())),
        AllOf(HasSubstr(
                  "secrets.key_env (environment variable LEDGERSYNC_TEST_KEY_UNSET) is not set"),
              HasSubstr("openssl rand -base64 32")));
    EnvironmentVariable empty("LEDGERSYNC_TEST_KEY_EMPTY", "");
    EXPECT_THAT(error_of(SecretKeySource::environment(empty.name())), HasSubstr("is empty"));
    EnvironmentVariable wrong("LEDGERSYNC_TEST_KEY_WRONG", "c2hvcnQta2V5LXNlY3JldA==");
    EXPECT_THAT(error_of(SecretKeySource::environment(wrong.name())),
                AllOf(HasSubstr("does not hold a 256-bit key"), HasSubstr("24 characters"),
                      Not(HasSubstr("c2hvcnQta2V5LXNlY3JldA=="))));
    EnvironmentVariable garbage("LEDGERSYNC_TEST_KEY_GARBAGE",
                                "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!=");
    EXPECT_THAT(error_of(SecretKeySource::environment(garbage.name())),
                HasSubstr("does not hold a 256-bit key"));
}

}  // namespace
}  // namespace ledgersync::services
