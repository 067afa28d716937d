#pragma once
/// JSON parsing that never passes a number through binary floating point.
///
/// nlohmann::json::parse turns 19.99 into a double. parse_json_exact keeps the number's exact
/// text instead: every number with a fraction or an exponent, and every integer too large for
/// 64 bits, becomes by default a JSON *string* holding the number's original text ("19.99");
/// integers that fit stay integers. Decimal::from_json (ledgersync/sdk/decimal.hpp) accepts
/// both forms. Plugins parse every payload that may hold amounts with this function, never
/// with json::parse.
///
/// To pass a document on unchanged (a record between mappers, a payload shown to an operator),
/// parse it with JsonNumbers::verbatim: such numbers become exact JsonNumber values
/// (json_number.hpp) that sdk::write_json_exact (json_writer.hpp) writes back byte for byte.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/json_number.hpp"

namespace ledgersync::sdk {

/// What parse_json_exact makes of a number that a 64-bit integer cannot hold (one with a
/// fraction or an exponent, or a huge integer).
enum class JsonNumbers {
    as_text,   ///< a JSON string with the number's text: "19.99" (what canonical JSON uses)
    verbatim,  ///< an exact JsonNumber, written back as the same number token
};

namespace detail {

/// SAX handler that builds a DOM like nlohmann's own, except for floating-point numbers.
class ExactDomBuilder {
public:
    using json = nlohmann::json;

    ExactDomBuilder(json& root, JsonNumbers numbers) : root_(root), numbers_(numbers) {}

    bool null() { return put(nullptr); }
    bool boolean(bool value) { return put(value); }
    bool number_integer(json::number_integer_t value) { return put(value); }
    bool number_unsigned(json::number_unsigned_t value) { return put(value); }
    // The binary value nlohmann computed is ignored (a template, so that its floating-point
    // type is never named here); only the token's text is kept.
    template <class Ignored>
    bool number_float(Ignored, const json::string_t& text) {
        return numbers_ == JsonNumbers::verbatim ? put(JsonNumber::from_text(text)) : put(text);
    }
    bool string(json::string_t& value) { return put(std::move(value)); }
    bool binary(json::binary_t& value) { return put(json::binary(std::move(value))); }
    bool start_object(std::size_t) {
        json* node = place(json::object());
        stack_.push_back(node);
        return true;
    }
    bool key(json::string_t& key) {
        key_ = std::move(key);
        return true;
    }
    bool end_object() {
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t) {
        json* node = place(json::array());
        stack_.push_back(node);
        return true;
    }
    bool end_array() {
        stack_.pop_back();
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
        error_ = ex.what();
        position_ = position;
        return false;
    }

    const std::string& error() const noexcept { return error_; }
    std::size_t position() const noexcept { return position_; }

private:
    template <class Value>
    bool put(Value&& value) {
        place(json(std::forward<Value>(value)));
        return true;
    }
    json* place(json&& value) {
        if (stack_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        json& parent = *stack_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        json& slot = parent[key_];
        slot = std::move(value);
        return &slot;
    }

    json& root_;
    JsonNumbers numbers_;
    std::vector<json*> stack_;
    std::string key_;
    std::string error_;
    std::size_t position_ = 0;
};

}  // namespace detail

/// Thrown by parse_json_exact for malformed input; what() says where and why.
class JsonParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Parses `text` as JSON keeping exact number text (see the file comment). Throws
/// JsonParseError on malformed input.
inline nlohmann::json parse_json_exact(std::string_view text, JsonNumbers numbers = JsonNumbers::as_text) {
    nlohmann::json root;
    detail::ExactDomBuilder builder(root, numbers);
    const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                              nlohmann::json::input_format_t::json, true);
    if (!ok) {
        throw JsonParseError(builder.error().empty() ? std::string("malformed JSON")
                                                     : builder.error());
    }
    return root;
}

}  // namespace ledgersync::sdk
