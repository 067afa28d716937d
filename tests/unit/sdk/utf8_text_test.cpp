// Lengths and truncation of UTF-8 text by characters (ledgersync/sdk/utf8_text.hpp).

#include <string>

#include <gtest/gtest.h>
#include <ledgersync/sdk/utf8_text.hpp>

namespace ledgersync::sdk {
namespace {

// "Zürich" (ü is 2 bytes), "日本" (3 bytes each), "😀" (4 bytes, two UTF-16 code units).
const std::string kZurich = "Z\xc3\xbcrich";
const std::string kJapan = "\xe6\x97\xa5\xe6\x9c\xac";
const std::string kGrin = "\xf0\x9f\x98\x80";

TEST(Utf8Text, counts_characters_not_bytes) {
    EXPECT_EQ(kZurich.size(), 7u);
    EXPECT_EQ(character_count(kZurich), 6u);
    EXPECT_EQ(character_count(kJapan), 2u);
    EXPECT_EQ(character_count(kGrin), 1u);
    EXPECT_EQ(character_count(kGrin, CharacterUnit::utf16), 2u);
    EXPECT_EQ(character_count(kZurich, CharacterUnit::utf16), 6u);
    EXPECT_EQ(character_count(""), 0u);
}

TEST(Utf8Text, truncates_on_character_boundaries) {
    EXPECT_EQ(truncate_to_characters(kZurich, 2), "Z\xc3\xbc");
    EXPECT_EQ(truncate_to_characters(kJapan, 1), "\xe6\x97\xa5");
    EXPECT_EQ(truncate_to_characters(kZurich, 100), kZurich);
    EXPECT_EQ(truncate_to_characters(kZurich, 0), "");
    // An emoji that does not fit whole in the UTF-16 limit is left out, never split.
    EXPECT_EQ(truncate_to_characters("a" + kGrin, 2, CharacterUnit::utf16), "a");
    EXPECT_EQ(truncate_to_characters("a" + kGrin, 2, CharacterUnit::code_point), "a" + kGrin);
    EXPECT_TRUE(is_valid_utf8(truncate_to_characters(kJapan + kJapan, 3)));
}

TEST(Utf8Text, a_multibyte_string_exactly_at_the_limit_is_kept_whole) {
    std::string twenty_one;
    for (int i = 0; i < 21; ++i) twenty_one += "\xc3\xa9";  // 21 x "é": 42 bytes
    EXPECT_EQ(character_count(twenty_one, CharacterUnit::utf16), 21u);
    EXPECT_EQ(truncate_to_characters(twenty_one, 21, CharacterUnit::utf16), twenty_one);
    EXPECT_EQ(truncate_to_characters(twenty_one + "x", 21, CharacterUnit::utf16), twenty_one);
}

TEST(Utf8Text, invalid_bytes_count_as_one_character_each) {
    EXPECT_FALSE(is_valid_utf8("caf\xe9"));
    EXPECT_EQ(character_count("caf\xe9"), 4u);
    EXPECT_EQ(truncate_to_characters("ab\xff" "cd", 3), "ab\xff");
    EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // a UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xe6\x97"));          // cut short
    EXPECT_TRUE(is_valid_utf8(kZurich + kJapan + kGrin));
}

}  // namespace
}  // namespace ledgersync::sdk
