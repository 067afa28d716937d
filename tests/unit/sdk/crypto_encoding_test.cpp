// SHA-256, HMAC-SHA256, base64, hex and percent-encoding (ledgersync/sdk/crypto.hpp,
// encoding.hpp) on published test vectors: FIPS 180-4 examples, RFC 4231, RFC 4648, Intuit's
// own webhook signature vector; and the three webhook signature schemes composed from them.

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

namespace ledgersync::sdk {
namespace {

std::string bytes(std::size_t count, char value) { return std::string(count, value); }

std::string unhex(std::string_view text) {
    const auto decoded = hex_decode(text);
    if (!decoded) throw std::invalid_argument("bad hex in a test vector");
    return *decoded;
}

std::string shared_file(const std::string& relative) {
    std::ifstream in(std::string(LEDGERSYNC_SHARED_DIR) + "/" + relative, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(Sha256, matches_the_fips_180_examples) {
    EXPECT_EQ(hex_encode(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hex_encode(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hex_encode(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(hex_encode(sha256(bytes(1000000, 'a'))), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    EXPECT_EQ(sha256("abc").size(), kSha256Size);
}

TEST(HmacSha256, matches_every_rfc_4231_test_case) {
    struct Case {
        std::string key;
        std::string data;
        const char* mac;
    };
    const Case cases[] = {
        {bytes(20, '\x0b'), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {"Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {bytes(20, '\xaa'), bytes(50, '\xdd'), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), bytes(50, '\xcd'),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
        // Test case 5 checks a truncated output; the full MAC is not published, so it is left out.
        {bytes(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {bytes(131, '\xaa'),
         "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be "
         "hashed before being used by the HMAC algorithm.",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    for (const auto& c : cases) EXPECT_EQ(hex_encode(hmac_sha256(c.key, c.data)), c.mac) << c.data;
}

TEST(HmacSha256, an_empty_key_and_message_are_valid_input) {
    // RFC 2104 pads an empty key with zeros; this value is that of every conforming library.
    EXPECT_EQ(hex_encode(hmac_sha256("", "")), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(WebhookSignatures, intuit_signature_matches_intuits_test_vector) {
    const auto vector = parse_json_exact(shared_file("specs/qbo/samples/webhooks/signature_test_vector.json"));
    const std::string body = shared_file("specs/qbo/samples/webhooks/" + vector.at("payload_file").get<std::string>());
    ASSERT_FALSE(body.empty());
    const std::string signature = base64_encode(hmac_sha256(vector.at("verifier_token").get<std::string>(), body));
    EXPECT_TRUE(constant_time_equal(signature, vector.at("expected_signature").get<std::string>()));
}

// The HubSpot v3 and Stripe v1 messages as their documentation composes them (reference/hubspot.md,
// reference/stripe.md); the expected MACs were computed with the openssl command line tool.
TEST(WebhookSignatures, hubspot_v3_is_base64_hmac_of_method_uri_body_and_timestamp) {
    const std::string message = std::string("POST") + "https://ledgersync.example/webhooks/hubspot?portal=62515" +
                                R"([{"eventId":1,"subscriptionType":"deal.propertyChange"}])" + "1700000000000";
    EXPECT_EQ(base64_encode(hmac_sha256("hubspot-client-secret", message)), "dnGabBRSAvjNMPlDOGGK6l4TLG2NBtPy2LZn7Ncsw/U=");
}

TEST(WebhookSignatures, stripe_v1_is_hex_hmac_of_timestamp_dot_payload) {
    const std::string signed_payload = std::string("1495999758") + "." + R"({"id":"evt_test_webhook","object":"event"})";
    EXPECT_EQ(hex_encode(hmac_sha256("whsec_test_secret", signed_payload)),
              "bd9584a798a9bd54c579fb7780e70d915eb8f35bcacc651f9a06a3cce74be871");
}

TEST(ConstantTimeEqual, compares_bytes_and_lengths) {
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
    EXPECT_FALSE(constant_time_equal("", "a"));
    EXPECT_TRUE(constant_time_equal("", ""));
    EXPECT_TRUE(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
    EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

const std::pair<const char*, const char*> kRfc4648Vectors[] = {
    {"", ""},          {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
};

TEST(Base64, round_trips_the_rfc_4648_vectors) {
    for (const auto& [plain, encoded] : kRfc4648Vectors) {
        EXPECT_EQ(base64_encode(plain), encoded);
        EXPECT_EQ(base64_decode(encoded), std::string(plain)) << encoded;
    }
}

TEST(Base64, decoding_refuses_what_is_not_exactly_base64) {
    for (const char* bad : {"Zm9v!", "Zg=", "Z=g=", "Zg==Zg==", "Zm9", " Zm9v", "Zm9v\n", "Zm-v", "Zm_v", "===="}) {
        EXPECT_FALSE(base64_decode(bad)) << bad;
    }
}

TEST(Base64, round_trips_every_byte_value) {
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    for (std::size_t n = 0; n <= all.size(); n += 37) {
        const std::string part = all.substr(0, n);
        EXPECT_EQ(base64_decode(base64_encode(part)), part);
        EXPECT_EQ(base64url_decode(base64url_encode(part)), part);
    }
}

TEST(Base64Url, uses_the_url_safe_alphabet_without_padding) {
    // RFC 4648 §5: 0xfb 0xff encode to "+/8=" in the standard alphabet.
    EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    EXPECT_EQ(base64url_encode("\xfb\xff", true), "-_8=");
    EXPECT_EQ(base64url_decode("-_8"), std::string("\xfb\xff"));
    EXPECT_EQ(base64url_decode("-_8="), std::string("\xfb\xff"));
    EXPECT_FALSE(base64url_decode("+/8="));
    EXPECT_FALSE(base64url_decode("Z"));
    for (const auto& [plain, encoded] : kRfc4648Vectors) {
        std::string unpadded = encoded;
        while (!unpadded.empty() && unpadded.back() == '=') unpadded.pop_back();
        EXPECT_EQ(base64url_encode(plain), unpadded);
    }
}

TEST(Hex, encodes_lower_case_and_decodes_either_case) {
    EXPECT_EQ(hex_encode(std::string("\x00\x7f\x80\xff", 4)), "007f80ff");
    EXPECT_EQ(hex_decode("007F80ff"), std::string("\x00\x7f\x80\xff", 4));
    EXPECT_FALSE(hex_decode("abc"));
    EXPECT_FALSE(hex_decode("zz"));
}

TEST(PercentEncode, keeps_only_rfc_3986_unreserved_characters) {
    EXPECT_EQ(percent_encode("SELECT * FROM Invoice WHERE DocNumber = 'A&B'"),
              "SELECT%20%2A%20FROM%20Invoice%20WHERE%20DocNumber%20%3D%20%27A%26B%27");
    EXPECT_EQ(percent_encode("2026-11-26T10:00:00+00:00"), "2026-11-26T10%3A00%3A00%2B00%3A00");
    EXPECT_EQ(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
    EXPECT_EQ(percent_encode("Zürich"), "Z%C3%BCrich");
}

TEST(FormUrlencode, writes_spaces_as_plus_and_keeps_the_whatwg_set) {
    EXPECT_EQ(form_urlencode("a b*c~d"), "a+b*c%7Ed");
    EXPECT_EQ(form_urlencode("metadata[order_id]=6735"), "metadata%5Border_id%5D%3D6735");
    EXPECT_EQ(form_urlencode("x+y"), "x%2By");
}

TEST(PercentDecode, reverses_both_encodings) {
    const std::string text = "Zürich & co. ~ 100% + [x]";
    EXPECT_EQ(percent_decode(percent_encode(text)), text);
    EXPECT_EQ(percent_decode(form_urlencode(text), PlusSign::space), text);
    EXPECT_EQ(percent_decode("a+b"), "a+b");
    EXPECT_EQ(percent_decode("a+b", PlusSign::space), "a b");
    // An escape at the very end is decoded; a broken one is kept as it is.
    EXPECT_EQ(percent_decode("x%41"), "xA");
    EXPECT_EQ(percent_decode("100%"), "100%");
    EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
}

}  // namespace
}  // namespace ledgersync::sdk
