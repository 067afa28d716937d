#pragma once
/// A JSON number kept as its exact text inside an nlohmann::json document.
///
/// nlohmann::json stores every number with a fraction as a binary floating-point value, so it
/// cannot hold 19.99 or 12345678901234567.89 exactly, let alone write them back as they came.
/// A JsonNumber is a JSON value of a kind no parsed document contains (a binary value with the
/// subtype kSubtype) holding the number's text. sdk::write_json_exact (json_writer.hpp) writes
/// it as a number token, byte for byte; sdk::parse_json_exact(text, JsonNumbers::verbatim)
/// (json.hpp) produces it; Decimal::from_json reads it; Decimal::to_json_number makes one.
/// nlohmann's own dump() cannot write it as a number: always write such documents with
/// sdk::write_json_exact.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sdk {

/// Text that is not a JSON number was given where one was required.
class JsonNumberError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

class JsonNumber {
public:
    /// The binary subtype that marks a JsonNumber ('N').
    static constexpr std::uint8_t kSubtype = 0x4E;

    /// True when `text` is a JSON number token (RFC 8259 §6): an optional '-', an integer part
    /// without leading zeros, an optional fraction and an optional exponent ("-0.5", "1e3").
    static bool is_number_text(std::string_view text) noexcept {
        std::size_t i = 0;
        const auto digits = [&]() {
            const std::size_t start = i;
            while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
            return i - start;
        };
        if (i < text.size() && text[i] == '-') ++i;
        if (i < text.size() && text[i] == '0') {
            ++i;
        } else if (digits() == 0) {
            return false;
        }
        if (i < text.size() && text[i] == '.') {
            ++i;
            if (digits() == 0) return false;
        }
        if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
            ++i;
            if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
            if (digits() == 0) return false;
        }
        return i == text.size();
    }

    /// A JsonNumber holding `text`; throws JsonNumberError when `text` is not a JSON number.
    static nlohmann::json from_text(std::string_view text) {
        if (!is_number_text(text)) {
            throw JsonNumberError("\"" + std::string(text) + "\" is not a JSON number");
        }
        return nlohmann::json::binary(std::vector<std::uint8_t>(text.begin(), text.end()), kSubtype);
    }

    /// True for a value made by from_text().
    static bool is(const nlohmann::json& value) noexcept {
        return value.is_binary() && value.get_binary().has_subtype() && value.get_binary().subtype() == kSubtype;
    }

    /// The number's text; throws JsonNumberError when `value` is not a JsonNumber.
    static std::string text(const nlohmann::json& value) {
        if (!is(value)) throw JsonNumberError("expected an exact JSON number, got " + std::string(value.type_name()));
        const auto& bytes = value.get_binary();
        return std::string(bytes.begin(), bytes.end());
    }
};

}  // namespace ledgersync::sdk
