#pragma once
/// Lengths and truncation of UTF-8 text by characters, never by bytes: APIs limit fields in
/// characters ("DocNumber: at most 21"), and cutting UTF-8 at a byte count can split a
/// character and produce invalid text ("Zürich" is 6 characters and 7 bytes).
///
/// Systems count characters in one of two ways. Most count Unicode code points. Java and .NET
/// services (QuickBooks Online among them) count UTF-16 code units, where a character outside
/// the Basic Multilingual Plane (most emoji, "😀") counts as two. CharacterUnit says which.
/// A byte that does not start a valid UTF-8 sequence counts as one character of its own, so
/// invalid input is measured and cut without loss of the valid text around it.

#include <cstddef>
#include <string_view>

namespace ledgersync::sdk {

/// How a system counts the characters of a string.
enum class CharacterUnit {
    code_point,  ///< one per Unicode code point
    utf16,       ///< one per UTF-16 code unit: two for a code point above U+FFFF
};

namespace detail {

/// The length in bytes of the valid UTF-8 sequence that starts `text` (1 to 4), or 0 when the
/// first byte does not start one (then it stands alone). Overlong forms and surrogates are not
/// valid (RFC 3629 §4).
inline std::size_t utf8_sequence_length(std::string_view text) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const auto continuation = [&](std::size_t i) { return i < text.size() && (byte(i) & 0xC0) == 0x80; };
    if (text.empty()) return 0;
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (!continuation(1) || !continuation(2)) return 0;
        if (lead == 0xE0 && byte(1) < 0xA0) return 0;   // overlong
        if (lead == 0xED && byte(1) >= 0xA0) return 0;  // UTF-16 surrogates
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
        if (lead == 0xF0 && byte(1) < 0x90) return 0;  // overlong
        if (lead == 0xF4 && byte(1) >= 0x90) return 0;  // beyond U+10FFFF
        return 4;
    }
    return 0;
}

}  // namespace detail

/// True when `text` is entirely valid UTF-8.
inline bool is_valid_utf8(std::string_view text) noexcept {
    while (!text.empty()) {
        const std::size_t n = detail::utf8_sequence_length(text);
        if (n == 0) return false;
        text.remove_prefix(n);
    }
    return true;
}

/// The number of characters of `text`, counted in `unit`.
inline std::size_t character_count(std::string_view text, CharacterUnit unit = CharacterUnit::code_point) noexcept {
    std::size_t count = 0;
    while (!text.empty()) {
        const std::size_t n = detail::utf8_sequence_length(text);
        count += (n == 4 && unit == CharacterUnit::utf16) ? 2 : 1;
        text.remove_prefix(n == 0 ? 1 : n);
    }
    return count;
}

/// The longest prefix of `text` of at most `max_characters` characters counted in `unit`,
/// never ending inside a character: "Zürich" cut to 2 is "Zü".
inline std::string_view truncate_to_characters(std::string_view text, std::size_t max_characters,
                                               CharacterUnit unit = CharacterUnit::code_point) noexcept {
    std::size_t count = 0;
    std::size_t bytes = 0;
    while (bytes < text.size()) {
        const std::size_t n = detail::utf8_sequence_length(text.substr(bytes));
        const std::size_t width = (n == 4 && unit == CharacterUnit::utf16) ? 2 : 1;
        if (count + width > max_characters) break;
        count += width;
        bytes += n == 0 ? 1 : n;
    }
    return text.substr(0, bytes);
}

}  // namespace ledgersync::sdk
