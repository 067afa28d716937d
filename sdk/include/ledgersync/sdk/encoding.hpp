#pragma once
/// Text encodings of bytes that APIs and webhook signatures use: base64 (RFC 4648 §4 standard
/// and §5 URL-safe), hexadecimal, and percent-encoding (RFC 3986 for URLs, the
/// application/x-www-form-urlencoded variant for form bodies). Base64 is OpenSSL's
/// (EVP_EncodeBlock / EVP_DecodeBlock); decoding is strict: what is not exactly the encoding
/// is refused (nullopt), never guessed at.

#include <climits>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <openssl/evp.h>

namespace ledgersync::sdk {

namespace detail {

inline int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

inline int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

inline bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

/// `text` with every byte `keep` refuses written %XX (upper-case hex), and a space as '+' when
/// `space_as_plus`.
template <class Keep>
std::string escape_bytes(std::string_view text, Keep keep, bool space_as_plus) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (keep(c)) {
            out += ch;
        } else if (c == ' ' && space_as_plus) {
            out += '+';
        } else {
            out += '%';
            out += kDigits[c >> 4];
            out += kDigits[c & 0x0f];
        }
    }
    return out;
}

/// Base64 input larger than this is refused: OpenSSL's block functions count in int.
inline constexpr std::size_t kMaxBase64Input = static_cast<std::size_t>(INT_MAX) / 4 * 3;

}  // namespace detail

/// Standard base64 (RFC 4648 §4) with '=' padding and no line breaks: "Zm9vYg==".
inline std::string base64_encode(std::string_view bytes) {
    if (bytes.size() > detail::kMaxBase64Input) throw std::length_error("base64_encode: input too large");
    std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');  // EVP_EncodeBlock writes a final NUL
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(written < 0 ? 0 : written));
    return out;
}

/// Decodes standard base64 with padding ("Zm9vYg=="); nullopt for anything else: a length that
/// is not a multiple of 4, a character outside the alphabet (including whitespace and the
/// URL-safe '-' and '_'), or '=' anywhere but in the last two places.
inline std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0 || text.size() > detail::kMaxBase64Input) return std::nullopt;
    std::size_t padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '=') {
            if (i + 2 < text.size()) return std::nullopt;
            ++padding;
        } else if (padding > 0 || detail::base64_value(text[i]) < 0) {
            return std::nullopt;
        }
    }
    if (text.empty()) return std::string();
    std::string out(text.size() / 4 * 3, '\0');
    // EVP_DecodeBlock counts the bytes the padding stands for; they are removed below.
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (written < 0 || static_cast<std::size_t>(written) != out.size()) return std::nullopt;
    out.resize(out.size() - padding);
    return out;
}

/// URL-safe base64 (RFC 4648 §5: '-' and '_' for '+' and '/'), without padding unless `padded`.
inline std::string base64url_encode(std::string_view bytes, bool padded = false) {
    std::string out = base64_encode(bytes);
    for (char& c : out) {
        if (c == '+') c = '-';
        if (c == '/') c = '_';
    }
    if (!padded) {
        while (!out.empty() && out.back() == '=') out.pop_back();
    }
    return out;
}

/// Decodes URL-safe base64, with or without padding; nullopt for anything else (including the
/// standard alphabet's '+' and '/').
inline std::optional<std::string> base64url_decode(std::string_view text) {
    std::string standard(text);
    for (char& c : standard) {
        if (c == '+' || c == '/') return std::nullopt;
        if (c == '-') c = '+';
        if (c == '_') c = '/';
    }
    if (standard.size() % 4 == 1) return std::nullopt;
    if (standard.find('=') == std::string::npos) standard.append((4 - standard.size() % 4) % 4, '=');
    return base64_decode(standard);
}

/// Lower-case hexadecimal, two digits a byte: "00ff".
inline std::string hex_encode(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        out += kDigits[c >> 4];
        out += kDigits[c & 0x0f];
    }
    return out;
}

/// Decodes hexadecimal of either case; nullopt for an odd length or a non-hex character.
inline std::optional<std::string> hex_decode(std::string_view text) {
    if (text.size() % 2 != 0) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = detail::hex_value(text[i]);
        const int low = detail::hex_value(text[i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        out += static_cast<char>(high * 16 + low);
    }
    return out;
}

/// Percent-encodes every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~), with
/// upper-case hex: for a path segment or a query parameter name or value ("a b&c" -> "a%20b%26c").
inline std::string percent_encode(std::string_view text) {
    return detail::escape_bytes(text, [](unsigned char c) { return detail::is_unreserved(c); }, false);
}

/// The application/x-www-form-urlencoded form of a name or value (WHATWG URL standard): A-Z a-z
/// 0-9 * - . _ stay, a space becomes '+', every other byte %XX ("a b~" -> "a+b%7E"); what
/// form bodies such as Stripe's and OAuth token requests carry.
inline std::string form_urlencode(std::string_view text) {
    return detail::escape_bytes(
        text, [](unsigned char c) { return (detail::is_unreserved(c) && c != '~') || c == '*'; }, true);
}

/// How percent_decode reads '+'.
enum class PlusSign {
    literal,  ///< '+' is itself (URL paths, RFC 3986 queries)
    space,    ///< '+' is a space (application/x-www-form-urlencoded)
};

/// Decodes %XX escapes (either case). A '%' not followed by two hex digits is kept as it is, as
/// browsers and servers do, so no input is refused and no byte is lost.
inline std::string percent_decode(std::string_view text, PlusSign plus = PlusSign::literal) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+' && plus == PlusSign::space) {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && detail::hex_value(text[i + 1]) >= 0 &&
                   detail::hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(detail::hex_value(text[i + 1]) * 16 + detail::hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace ledgersync::sdk
