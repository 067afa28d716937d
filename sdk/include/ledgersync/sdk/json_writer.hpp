#pragma once
/// JSON text in which every number is written exactly as it is held, never through a double.
///
/// write_json_exact writes an nlohmann::json document itself: exact JsonNumber values
/// (json_number.hpp: from Decimal::to_json_number, or parsed with JsonNumbers::verbatim) as
/// their number tokens, byte for byte; strings, integers, booleans and null as nlohmann would.
/// A binary floating-point number in the document is a programming error (the amount already
/// lost its exact value) and is refused, never written.
///
/// APIs that send amounts as JSON numbers ("TotalAmt": 362.07) are served in one of two ways:
/// build the document with Decimal::to_json_number() for each amount, or keep amounts as
/// decimal strings and name the members that hold numbers with JsonWriteOptions::number_members.

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/json_number.hpp"

namespace ledgersync::sdk {

/// A document that cannot be written exactly: a binary floating-point number, or a binary value
/// that is not a JsonNumber, or (with InvalidUtf8::refuse) a string that is not UTF-8.
class JsonWriteError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

/// True when the member `key` of an object that is itself the member `parent_key` of its parent
/// holds a number (`parent_key` is empty at the top level; the elements of an array belong to
/// the member that holds the array).
using JsonNumberMembers = std::function<bool(std::string_view parent_key, std::string_view key)>;

/// What to do with a string that is not valid UTF-8.
enum class InvalidUtf8 {
    refuse,   ///< throw JsonWriteError: the text would change
    replace,  ///< write U+FFFD for each invalid byte (what a lenient server answers)
};

struct JsonWriteOptions {
    /// Spaces per level; negative: compact, on one line (nlohmann's dump() convention).
    int indent = -1;
    /// Members whose string values are decimal text to be written as number tokens: a string
    /// there that is a JSON number ("362.07") is written as 362.07; anything else stays a
    /// string. Empty: only JsonNumber values are written as numbers.
    JsonNumberMembers number_members;
    InvalidUtf8 invalid_utf8 = InvalidUtf8::refuse;
};

namespace detail {

class ExactJsonWriter {
public:
    ExactJsonWriter(const JsonWriteOptions& options, std::string& out) : options_(options), out_(out) {}

    void write(const nlohmann::json& value, std::string_view parent_key, int depth) {
        switch (value.type()) {
            case nlohmann::json::value_t::object: {
                if (value.empty()) {
                    out_ += "{}";
                    return;
                }
                out_ += '{';
                bool first = true;
                for (auto it = value.begin(); it != value.end(); ++it) {
                    if (!first) out_ += ',';
                    first = false;
                    newline(depth + 1);
                    write_scalar(nlohmann::json(it.key()));
                    out_ += options_.indent >= 0 ? ": " : ":";
                    write_member(it.value(), parent_key, it.key(), depth + 1);
                }
                newline(depth);
                out_ += '}';
                return;
            }
            case nlohmann::json::value_t::array: {
                if (value.empty()) {
                    out_ += "[]";
                    return;
                }
                out_ += '[';
                bool first = true;
                for (const auto& element : value) {
                    if (!first) out_ += ',';
                    first = false;
                    newline(depth + 1);
                    write(element, parent_key, depth + 1);
                }
                newline(depth);
                out_ += ']';
                return;
            }
            case nlohmann::json::value_t::binary:
                if (!JsonNumber::is(value)) {
                    throw JsonWriteError("the document holds a binary value that is not an exact JSON number");
                }
                out_ += JsonNumber::text(value);
                return;
            case nlohmann::json::value_t::number_float:
                throw JsonWriteError(
                    "the document holds a binary floating-point number, which has lost its exact value; build "
                    "amounts with Decimal::to_json_number() or parse with sdk::parse_json_exact");
            default:
                write_scalar(value);
                return;
        }
    }

private:
    void write_member(const nlohmann::json& value, std::string_view parent_key, std::string_view key, int depth) {
        if (value.is_string() && options_.number_members && options_.number_members(parent_key, key)) {
            const auto& text = value.get_ref<const std::string&>();
            if (JsonNumber::is_number_text(text)) {
                out_ += text;
                return;
            }
        }
        // Members of a nested object or array belong to `key`.
        write(value, value.is_structured() ? key : parent_key, depth);
    }

    void write_scalar(const nlohmann::json& value) {
        try {
            out_ += value.dump(-1, ' ', false,
                               options_.invalid_utf8 == InvalidUtf8::replace ? nlohmann::json::error_handler_t::replace
                                                                             : nlohmann::json::error_handler_t::strict);
        } catch (const nlohmann::json::type_error& e) {
            throw JsonWriteError(std::string("the document holds text that is not UTF-8: ") + e.what());
        }
    }

    void newline(int depth) {
        if (options_.indent < 0) return;
        out_ += '\n';
        out_.append(static_cast<std::size_t>(depth) * static_cast<std::size_t>(options_.indent), ' ');
    }

    const JsonWriteOptions& options_;
    std::string& out_;
};

}  // namespace detail

/// The JSON text of `document` with every number exact (see the file comment). Throws
/// JsonWriteError for what cannot be written exactly.
inline std::string write_json_exact(const nlohmann::json& document, const JsonWriteOptions& options = {}) {
    std::string out;
    detail::ExactJsonWriter writer(options, out);
    writer.write(document, {}, 0);
    return out;
}

}  // namespace ledgersync::sdk
