#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "services/secret_box.hpp"
#include "temp_dir.hpp"

namespace ledgersync::services {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

SecretKey key_filled_with(unsigned char byte) {
    SecretKey key{};
    key.fill(byte);
    return key;
}

/// The reason decrypt() gives for refusing `token`; fails the test when it succeeds.
SecretBoxError refusal(const SecretBox& box, const std::string& token,
                       const std::string& associated_data) {
    try {
        box.decrypt(token, associated_data);
        ADD_FAILURE() << "decrypt should have refused the token";
    } catch (const SecretBoxError& e) {
        return e;
    }
    return SecretBoxError(SecretBoxError::Reason::malformed, "none");
}

/// `token` with the payload character at `index` (counted from the payload's start) changed.
std::string with_payload_char_changed(std::string token, std::size_t index) {
    const std::size_t payload = token.rfind(':') + 1;
    char& c = token.at(payload + index);
    c = (c == 'A') ? 'B' : 'A';
    return token;
}

constexpr const char* kToken = "1//0gRefreshTokenValue-abc";
constexpr const char* kWhere = "qbo/refresh_token";

TEST(SecretBoxTest, round_trips_values_of_any_content) {
    const SecretBox box(key_filled_with(7));
    for (const std::string& value : {std::string(kToken), std::string(),
                                     std::string("\0binary\xff", 8), std::string(100'000, 'z')}) {
        EXPECT_EQ(box.decrypt(box.encrypt(value, kWhere), kWhere), value);
    }
    EXPECT_EQ(box.decrypt(box.encrypt(kToken)), kToken) << "associated data is optional";
}

TEST(SecretBoxTest, the_token_is_versioned_names_its_key_and_hides_the_value) {
    const SecretBox box(key_filled_with(7));
    const std::string token = box.encrypt(kToken, kWhere);
    EXPECT_THAT(token, MatchesRegex("v1:[0-9a-f]{8}:[A-Za-z0-9+/]+=*"));
    EXPECT_EQ(token.substr(3, 8), box.key_id());
    EXPECT_THAT(token, AllOf(Not(HasSubstr(kToken)), Not(HasSubstr("RefreshToken")),
                             Not(HasSubstr(kWhere))));
    EXPECT_TRUE(SecretBox::looks_encrypted(token));
    EXPECT_FALSE(SecretBox::looks_encrypted(kToken));
}

TEST(SecretBoxTest, encrypting_the_same_value_twice_gives_different_tokens) {
    const SecretBox box(key_filled_with(7));
    EXPECT_NE(box.encrypt(kToken, kWhere), box.encrypt(kToken, kWhere));
}

TEST(SecretBoxTest, a_tampered_nonce_ciphertext_or_tag_is_refused) {
    const SecretBox box(key_filled_with(7));
    const std::string token = box.encrypt(kToken, kWhere);
    // Payload: 12 nonce bytes (characters 0-15), 26 ciphertext bytes, 16 tag bytes (the last ~22).
    const std::size_t payload_length = token.size() - token.rfind(':') - 1;
    for (std::size_t index : {std::size_t{3}, std::size_t{20}, payload_length - 8}) {
        const auto error = refusal(box, with_payload_char_changed(token, index), kWhere);
        EXPECT_EQ(error.reason(), SecretBoxError::Reason::tampered)
            << "payload character " << index;
        EXPECT_THAT(error.what(),
                    AllOf(HasSubstr("'qbo/refresh_token'"), HasSubstr("failed authentication")));
    }
}

TEST(SecretBoxTest, a_value_moved_to_another_key_is_refused) {
    const SecretBox box(key_filled_with(7));
    const auto error = refusal(box, box.encrypt(kToken, kWhere), "qbo/access_token");
    EXPECT_EQ(error.reason(), SecretBoxError::Reason::tampered);
}

TEST(SecretBoxTest, another_key_is_named_as_the_wrong_key) {
    const SecretBox writer(key_filled_with(7));
    const SecretBox reader(key_filled_with(8));
    EXPECT_NE(writer.key_id(), reader.key_id());
    const auto error = refusal(reader, writer.encrypt(kToken, kWhere), kWhere);
    EXPECT_EQ(error.reason(), SecretBoxError::Reason::wrong_key);
    EXPECT_THAT(error.what(), AllOf(HasSubstr("does not match the one the data was encrypted with"),
                                    HasSubstr(writer.key_id()), HasSubstr(reader.key_id())));
}

TEST(SecretBoxTest, a_forged_key_id_does_not_get_past_authentication) {
    const SecretBox writer(key_filled_with(7));
    const SecretBox reader(key_filled_with(8));
    std::string token = writer.encrypt(kToken, kWhere);
    token.replace(3, 8, reader.key_id());
    EXPECT_EQ(refusal(reader, token, kWhere).reason(), SecretBoxError::Reason::tampered);
}

TEST(SecretBoxTest, plaintext_and_broken_tokens_are_refused_without_being_echoed) {
    const SecretBox box(key_filled_with(7));
    const std::string token = box.encrypt(kToken, kWhere);
    for (const std::string& bad : {std::string(kToken), std::string("v1:"), token.substr(0, 12),
                                   token.substr(0, 11) + "not base64!", token.substr(0, 20),
                                   std::string("v2:") + token.substr(3)}) {
        const auto error = refusal(box, bad, kWhere);
        EXPECT_EQ(error.reason(), SecretBoxError::Reason::malformed) << bad;
        EXPECT_THAT(error.what(), Not(HasSubstr("RefreshToken")))
            << "never echo what might be a plaintext secret";
    }
}

TEST(SecretBoxTest, the_key_id_is_stable_for_a_key) {
    EXPECT_EQ(SecretBox(key_filled_with(1)).key_id(), SecretBox(key_filled_with(1)).key_id());
    EXPECT_THAT(SecretBox(key_filled_with(1)).key_id(), MatchesRegex("[0-9a-f]{8}"));
}

TEST(SecretBoxTest, generates_a_private_key_file_that_loads_and_is_never_overwritten) {
    testing::TempDir directory;
    const auto path = directory / "secret.key";
    SecretBox::generate_key_file(path);
    EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

    const SecretBox box = SecretBox::from_source(SecretKeySource::file(path));
    const SecretBox again = SecretBox::from_source(SecretKeySource::file(path));
    EXPECT_EQ(again.decrypt(box.encrypt(kToken, kWhere), kWhere), kToken);

    try {
        SecretBox::generate_key_file(path);
        FAIL() << "expected SecretKeyError";
    } catch (const SecretKeyError& e) {
        EXPECT_THAT(e.what(), HasSubstr("already exists"));
    }
    EXPECT_EQ(SecretBox::from_source(SecretKeySource::file(path)).key_id(), box.key_id())
        << "the key is unchanged";

    const auto other = directory / "other.key";
    SecretBox::generate_key_file(other);
    EXPECT_NE(SecretBox::from_source(SecretKeySource::file(other)).key_id(), box.key_id());
    EXPECT_THROW(SecretBox::generate_key_file(directory / "missing-dir" / "k.key"), SecretKeyError);
}

}  // namespace
}  // namespace ledgersync::services
