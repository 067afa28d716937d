// SHA-256, HMAC-SHA256, base64, percent-encoding and the other small encodings, on published
// test vectors (FIPS 180-4 examples, RFC 4231, RFC 4648).

#include <gtest/gtest.h>

#include "encoding.hpp"
#include "sha256.hpp"

namespace ledgersync::connectors::quickbooks {
namespace {

TEST(Sha256, matches_the_fips_180_examples) {
    EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(to_hex(sha256(std::string(1000000, 'a'))), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(HmacSha256, matches_rfc_4231) {
    // Test case 2, and test case 6 (a key longer than the block).
    EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_EQ(to_hex(hmac_sha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Base64, round_trips_the_rfc_4648_vectors) {
    const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64_encode(plain), encoded);
        EXPECT_EQ(base64_decode(encoded), std::string(plain));
    }
    EXPECT_FALSE(base64_decode("Zm9v!"));
    EXPECT_FALSE(base64_decode("Zg="));
    EXPECT_FALSE(base64_decode("Z=g="));
}

TEST(PercentEncode, keeps_only_unreserved_characters) {
    EXPECT_EQ(percent_encode("SELECT * FROM Invoice WHERE DocNumber = 'A&B'"),
              "SELECT%20%2A%20FROM%20Invoice%20WHERE%20DocNumber%20%3D%20%27A%26B%27");
    EXPECT_EQ(percent_encode("2026-11-26T10:00:00+00:00"), "2026-11-26T10%3A00%3A00%2B00%3A00");
    EXPECT_EQ(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
}

TEST(QueryLiteral, escapes_quotes_and_backslashes) {
    EXPECT_EQ(query_literal("Adam's Candy Shop"), "'Adam\\'s Candy Shop'");
    EXPECT_EQ(query_literal("a\\b"), "'a\\\\b'");
}

TEST(ConstantTimeEqual, compares_bytes) {
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
    EXPECT_TRUE(constant_time_equal("", ""));
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
