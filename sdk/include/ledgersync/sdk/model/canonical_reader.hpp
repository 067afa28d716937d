#pragma once
/// Reads one JSON object of a canonical document key by key, the way the JSON Schemas in
/// sdk/schema describe it, and records every problem at its JSON pointer instead of stopping
/// at the first. The canonical types read themselves with it; a partner defining a type of
/// its own can do the same.
///
///     ValidationProblems problems;
///     CanonicalReader r(json, problems);
///     refund.amount = r.required_decimal("amount", DecimalForm::positive);
///     refund.payment = r.reference("payment", Presence::required, "payment").value_or(Reference{});
///     r.finish();   // keys the object should not have become problems
///
/// Problems sit where a JSON Schema validator (ajv's instancePath) puts them, except that a
/// missing or unexpected key is reported at the key's own pointer ("/lines/0/amount") rather
/// than at the object holding it, which is more useful to whoever fixes the document.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/config_reader.hpp"
#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/enum_names.hpp"
#include "ledgersync/sdk/model/formats.hpp"
#include "ledgersync/sdk/model/reference.hpp"
#include "ledgersync/sdk/model/validation.hpp"

namespace ledgersync::sdk::model {

/// Whether a key must be present.
enum class Presence { required, optional };

/// Escapes a key for use as a JSON pointer token (RFC 6901: "~" -> "~0", "/" -> "~1").
inline std::string json_pointer_token(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

/// Reads one object of a canonical document. See the file comment.
class CanonicalReader {
public:
    /// `value` must outlive the reader; `path` is its JSON pointer ("" for the document).
    CanonicalReader(const nlohmann::json& value, ValidationProblems& problems, std::string path = {})
        : value_(value), problems_(problems), path_(std::move(path)) {
        if (!value_.is_object()) type_problem(path_, value_, "an object");
    }

    /// False when the value is not a JSON object (already reported); every read then yields
    /// nothing and reports nothing more, as a schema validator does.
    bool is_object() const noexcept { return value_.is_object(); }
    const std::string& path() const noexcept { return path_; }
    ValidationProblems& problems() const noexcept { return problems_; }
    /// JSON pointer of `key` in this object.
    std::string path_of(std::string_view key) const { return path_ + "/" + json_pointer_token(key); }

    /// True when the key is present, whatever its value. Does not mark the key as read.
    bool present(std::string_view key) const { return find(key) != nullptr; }
    /// The raw value of a key (nullptr when absent) for values read elsewhere; marks it read.
    const nlohmann::json* raw(std::string_view key) {
        known_.emplace(key);
        return find(key);
    }
    /// Reports `key` as missing with `why` ("required when status is open") unless present.
    void require(std::string_view key, const std::string& why) {
        if (is_object() && !present(key)) problems_.add(path_of(key), "is required " + why);
    }

    /// A string in `format`; nullopt when absent or wrong (reported).
    std::optional<std::string> text(std::string_view key, Presence presence, TextFormat format = TextFormat::any) {
        const nlohmann::json* value = lookup(key, presence);
        if (value == nullptr) return std::nullopt;
        return read_text(*value, path_of(key), format, problems_);
    }
    /// A string that must be present; "" when missing or wrong (reported).
    std::string required_text(std::string_view key, TextFormat format = TextFormat::any) {
        return text(key, Presence::required, format).value_or(std::string{});
    }

    /// Decimal text in a string, in `form`; nullopt when absent or wrong (reported).
    std::optional<Decimal> decimal(std::string_view key, Presence presence, DecimalForm form = DecimalForm::any) {
        const nlohmann::json* value = lookup(key, presence);
        if (value == nullptr) return std::nullopt;
        return read_decimal(*value, path_of(key), form, problems_);
    }
    /// A decimal that must be present; zero when missing or wrong (reported).
    Decimal required_decimal(std::string_view key, DecimalForm form = DecimalForm::any) {
        return decimal(key, Presence::required, form).value_or(Decimal{});
    }

    /// One of the names of `Enum` (see enum_names.hpp); nullopt when absent or wrong.
    template <class Enum>
    std::optional<Enum> enumeration(std::string_view key, Presence presence) {
        const nlohmann::json* value = lookup(key, presence);
        if (value == nullptr) return std::nullopt;
        const std::string path = path_of(key);
        if (!value->is_string()) {
            type_problem(path, *value, "a string");
            return std::nullopt;
        }
        auto parsed = enum_from_name<Enum>(value->get_ref<const std::string&>());
        if (!parsed) {
            problems_.add(path, "\"" + value->get<std::string>() + "\" is not a " + std::string(EnumNames<Enum>::kWhat) +
                                    "; use " + enum_name_list<Enum>());
        }
        return parsed;
    }

    /// A reference object {"type", "id", "name"?} whose type must be `type`.
    std::optional<Reference> reference(std::string_view key, Presence presence, std::string_view type) {
        const nlohmann::json* value = lookup(key, presence);
        if (value == nullptr) return std::nullopt;
        return read_reference(*value, path_of(key), type, problems_);
    }

    /// An object whose every value is a string in `value_format` (custom fields, external ids);
    /// empty when absent or wrong.
    std::map<std::string, std::string> text_map(std::string_view key, TextFormat value_format) {
        std::map<std::string, std::string> out;
        const nlohmann::json* value = lookup(key, Presence::optional);
        if (value == nullptr) return out;
        const std::string path = path_of(key);
        if (!value->is_object()) {
            type_problem(path, *value, "an object of strings");
            return out;
        }
        for (const auto& [name, item] : value->items()) {
            if (auto text_value = read_text(item, path + "/" + json_pointer_token(name), value_format, problems_)) {
                out.emplace(name, std::move(*text_value));
            }
        }
        return out;
    }

    /// An array of strings in `item_format`; empty when absent or wrong.
    std::vector<std::string> text_list(std::string_view key, TextFormat item_format) {
        return list<std::string>(key, Presence::optional, [&](const nlohmann::json& item, const std::string& path) {
            return read_text(item, path, item_format, problems_);
        });
    }

    /// An array whose items `read_item(item_json, item_path)` turns into optional<T>; items
    /// that yield nullopt are left out. `min_items` is checked like the schema's minItems.
    template <class T, class ReadItem>
    std::vector<T> list(std::string_view key, Presence presence, ReadItem&& read_item, std::size_t min_items = 0) {
        std::vector<T> out;
        const nlohmann::json* value = lookup(key, presence);
        if (value == nullptr) return out;
        const std::string path = path_of(key);
        if (!value->is_array()) {
            type_problem(path, *value, "an array");
            return out;
        }
        if (value->size() < min_items) {
            problems_.add(path, "must have at least " + std::to_string(min_items) + (min_items == 1 ? " item" : " items"));
        }
        for (std::size_t i = 0; i < value->size(); ++i) {
            std::optional<T> item = read_item((*value)[i], path + "/" + std::to_string(i));
            if (item) out.push_back(std::move(*item));
        }
        return out;
    }

    /// A nested object read by `read_fields(CanonicalReader&)`; false when absent or not an
    /// object (reported). The nested reader's unknown keys are reported too.
    template <class ReadFields>
    bool object(std::string_view key, Presence presence, ReadFields&& read_fields) {
        const nlohmann::json* value = lookup(key, presence);
        if (value == nullptr) return false;
        CanonicalReader nested(*value, problems_, path_of(key));
        if (!nested.is_object()) return false;
        read_fields(nested);
        nested.finish();
        return true;
    }

    /// Reports every key that was not read: canonical objects have no keys beyond their
    /// schema's (custom data belongs in custom_fields, or in the record's raw body).
    void finish() {
        if (!is_object()) return;
        for (const auto& [key, value] : value_.items()) {
            if (known_.count(key) == 0) {
                problems_.add(path_of(key), "is not a field of this object" + known_keys_hint());
            }
        }
    }

    // Readers of single values, shared by the methods above and by list items.

    static std::optional<std::string> read_text(const nlohmann::json& value, const std::string& path, TextFormat format,
                                                ValidationProblems& problems) {
        if (!value.is_string()) {
            type_problem(path, value, "a string", problems);
            return std::nullopt;
        }
        const auto& text_value = value.get_ref<const std::string&>();
        if (auto problem = text_format_problem(text_value, format)) {
            problems.add(path, *problem);
            return std::nullopt;
        }
        return text_value;
    }

    static std::optional<Decimal> read_decimal(const nlohmann::json& value, const std::string& path, DecimalForm form,
                                               ValidationProblems& problems) {
        if (!value.is_string()) {
            problems.add(path, "expected decimal text in a string such as \"19.99\", got " + describe(value) +
                                   ": canonical JSON never writes amounts as JSON numbers");
            return std::nullopt;
        }
        const auto& text_value = value.get_ref<const std::string&>();
        if (auto problem = decimal_form_problem(text_value, form)) {
            problems.add(path, *problem);
            return std::nullopt;
        }
        try {
            return Decimal::parse(text_value);
        } catch (const DecimalError& e) {
            // Well-formed but beyond what a Decimal holds (more than 18 significant digits).
            problems.add(path, e.what());
            return std::nullopt;
        }
    }

    static std::optional<Reference> read_reference(const nlohmann::json& value, const std::string& path,
                                                   std::string_view type, ValidationProblems& problems) {
        CanonicalReader r(value, problems, path);
        if (!r.is_object()) return std::nullopt;
        Reference ref;
        if (const nlohmann::json* t = r.lookup("type", Presence::required)) {
            if (!t->is_string() || t->get_ref<const std::string&>() != type) {
                problems.add(r.path_of("type"), "must be \"" + std::string(type) + "\", got " + describe(*t));
            }
        }
        ref.type = std::string(type);
        ref.id = r.required_text("id", TextFormat::non_empty);
        ref.name = r.text("name", Presence::optional);
        r.finish();
        return ref;
    }

    /// "number 20", "string \"x\"", shortened when long.
    static std::string describe(const nlohmann::json& value) { return ConfigReader::describe(value); }

private:
    const nlohmann::json* find(std::string_view key) const {
        if (!is_object()) return nullptr;
        const auto it = value_.find(std::string(key));
        return it == value_.end() ? nullptr : &*it;
    }

    /// The value of `key`, marking it read; a missing required key is reported.
    const nlohmann::json* lookup(std::string_view key, Presence presence) {
        known_.emplace(key);
        const nlohmann::json* value = find(key);
        if (value == nullptr && presence == Presence::required && is_object()) {
            problems_.add(path_of(key), "is required");
        }
        return value;
    }

    void type_problem(const std::string& path, const nlohmann::json& value, const char* expected) const {
        type_problem(path, value, expected, problems_);
    }
    static void type_problem(const std::string& path, const nlohmann::json& value, const char* expected,
                             ValidationProblems& problems) {
        problems.add(path, std::string("expected ") + expected + ", got " + describe(value));
    }

    std::string known_keys_hint() const {
        std::string text;
        for (const auto& key : known_) text += (text.empty() ? "" : ", ") + key;
        return text.empty() ? std::string{} : "; the fields are " + text;
    }

    const nlohmann::json& value_;
    ValidationProblems& problems_;
    std::string path_;
    std::set<std::string, std::less<>> known_;
};

}  // namespace ledgersync::sdk::model
