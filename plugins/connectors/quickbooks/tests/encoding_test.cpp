// QBO's own encodings. SHA-256, HMAC, base64 and percent-encoding are the SDK's, tested on
// published vectors in tests/unit/sdk/crypto_encoding_test.cpp.

#include <gtest/gtest.h>

#include "encoding.hpp"

namespace ledgersync::connectors::quickbooks {
namespace {

TEST(QueryLiteral, escapes_quotes_and_backslashes) {
    EXPECT_EQ(query_literal("Adam's Candy Shop"), "'Adam\\'s Candy Shop'");
    EXPECT_EQ(query_literal("a\\b"), "'a\\\\b'");
}

TEST(PercentEncode, the_client_encodes_query_values_with_the_rfc_3986_unreserved_set) {
    EXPECT_EQ(percent_encode("SELECT * FROM Invoice WHERE DocNumber = 'A&B'"),
              "SELECT%20%2A%20FROM%20Invoice%20WHERE%20DocNumber%20%3D%20%27A%26B%27");
    EXPECT_EQ(percent_encode("2026-11-26T10:00:00+00:00"), "2026-11-26T10%3A00%3A00%2B00%3A00");
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
