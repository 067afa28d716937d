// Rule 6 on its own: the DocNumber made of a prefix and the source's number, shortened
// deterministically past QuickBooks' 21 characters.

#include <gtest/gtest.h>

#include <ledgersync/sdk/utf8_text.hpp>

#include "doc_number.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {
namespace {

std::size_t utf16_length(const std::string& text) { return sdk::character_count(text, sdk::CharacterUnit::utf16); }

TEST(QboInvoiceRulesDocNumber, a_number_that_fits_is_the_prefix_and_the_number_unchanged) {
    EXPECT_EQ(doc_number("", "INV-1001"), "INV-1001");
    EXPECT_EQ(doc_number("HS-", "INV-1001"), "HS-INV-1001");
    // 21 characters exactly: kept whole.
    EXPECT_EQ(doc_number("HS-", "123456789012345678"), "HS-123456789012345678");
}

TEST(QboInvoiceRulesDocNumber, a_longer_number_keeps_its_first_14_characters_and_six_hex_digits_of_its_sha256) {
    // sha256("HS-2026-00000001234567") starts b16a98; sha256("INV-2026-0000000000001") 4bd744.
    EXPECT_EQ(doc_number("HS-", "2026-00000001234567"), "HS-2026-000000-b16a98");
    EXPECT_EQ(doc_number("", "INV-2026-0000000000001"), "INV-2026-00000-4bd744");
    EXPECT_EQ(utf16_length(doc_number("HS-", "2026-00000001234567")), 21u);
}

TEST(QboInvoiceRulesDocNumber, shortening_is_deterministic_and_keeps_numbers_with_the_same_start_apart) {
    const std::string a = doc_number("HS-", "2026-11-Acme-Corporation-0042");
    EXPECT_EQ(a, doc_number("HS-", "2026-11-Acme-Corporation-0042"));
    const std::string b = doc_number("HS-", "2026-11-Acme-Corporation-0043");
    EXPECT_EQ(a.substr(0, 15), b.substr(0, 15));
    EXPECT_NE(a, b);
    // The prefix is part of what is hashed: the same number under another prefix differs.
    EXPECT_NE(doc_number("A-", "2026-11-Acme-Corporation-0042").substr(15), a.substr(15));
}

TEST(QboInvoiceRulesDocNumber, length_counts_utf16_units_and_the_cut_never_splits_a_character) {
    // 18 characters of which "😀" counts 2 UTF-16 units: with "HS" 21 as QuickBooks counts
    // (and 20 code points, 25 bytes), kept whole.
    const std::string fits = "Zürich-😀-123456789";
    ASSERT_EQ(utf16_length(fits), 19u);
    EXPECT_EQ(doc_number("HS", fits), "HS" + fits);
    // 13 units, then an emoji that would be units 14 and 15: the head stops before it.
    const std::string emoji_at_cut = "ABCDEFGHIJKLM😀NOPQRSTUV";
    const std::string shortened = doc_number("", emoji_at_cut);
    EXPECT_EQ(shortened.substr(0, 14), "ABCDEFGHIJKLM-");
    EXPECT_EQ(utf16_length(shortened), 20u);
    EXPECT_TRUE(sdk::is_valid_utf8(shortened));
}

}  // namespace
}  // namespace ledgersync::mappers::qbo_invoice_rules
