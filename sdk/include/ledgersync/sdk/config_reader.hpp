#pragma once
/// Reads a JSON configuration object key by key, collecting every problem with its JSON path and
/// a hint on how to fix it, and rejecting keys nobody asked for (Fluent Bit's config map).
///
///     sdk::ConfigProblems problems;
///     sdk::ConfigReader cfg(config_json, problems);
///     auto realm = cfg.required<std::string>("realm_id", "the QuickBooks company id");
///     auto minor = cfg.value_or<std::int64_t>("minorversion", 75, "an integer such as 75");
///     auto streams = cfg.strings("streams", {"invoice"}, "a stream name");
///     auto currency = cfg.currency("home_currency");     // ISO 4217, checked
///     cfg.finish();                       // unknown keys become problems
///     problems.throw_if_any();            // one sdk::Error listing them all

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/money.hpp"

#include "ledgersync/sdk/outcome.hpp"

namespace ledgersync::sdk {

/// One configuration problem: where it is (a JSON pointer) and what to do about it.
struct ConfigProblem {
    std::string path;
    std::string message;
};

/// The problems found in one configuration document.
class ConfigProblems {
public:
    void add(std::string path, std::string message) {
        problems_.push_back({std::move(path), std::move(message)});
    }
    bool empty() const noexcept { return problems_.empty(); }
    const std::vector<ConfigProblem>& all() const noexcept { return problems_; }

    /// One problem per line, "<path>: <message>".
    std::string to_string() const {
        std::string text;
        for (const auto& p : problems_) {
            if (!text.empty()) text += '\n';
            text += (p.path.empty() ? std::string("/") : p.path) + ": " + p.message;
        }
        return text;
    }

    /// Throws a fatal sdk::Error carrying to_string() when there is any problem. The host
    /// prefixes each line's path with the location of the plugin's config in the host config.
    void throw_if_any() const {
        if (!empty()) {
            throw Error(Outcome::fatal(to_string(), "fix the configuration keys listed above"));
        }
    }

private:
    std::vector<ConfigProblem> problems_;
};

namespace detail {

template <class T>
struct ConfigType;
template <>
struct ConfigType<std::string> {
    static constexpr const char* name = "a string";
    static bool matches(const nlohmann::json& j) { return j.is_string(); }
};
template <>
struct ConfigType<std::int64_t> {
    static constexpr const char* name = "an integer";
    static bool matches(const nlohmann::json& j) { return j.is_number_integer(); }
};
template <>
struct ConfigType<bool> {
    static constexpr const char* name = "true or false";
    static bool matches(const nlohmann::json& j) { return j.is_boolean(); }
};
template <>
struct ConfigType<std::vector<std::string>> {
    static constexpr const char* name = "an array of strings";
    static bool matches(const nlohmann::json& j) {
        return j.is_array() &&
               std::all_of(j.begin(), j.end(), [](const auto& e) { return e.is_string(); });
    }
};

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

/// Escapes a key for use in a JSON pointer (RFC 6901).
inline std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

}  // namespace detail

/// Reads one JSON object of a configuration. See the file comment for the pattern.
class ConfigReader {
public:
    /// `object` must outlive the reader; `path` is its JSON pointer ("" for the document root).
    ConfigReader(const nlohmann::json& object, ConfigProblems& problems, std::string path = {})
        : object_(object), problems_(problems), path_(std::move(path)) {
        if (!object_.is_object()) {
            problems_.add(path_, "expected a JSON object, got " + describe(object_) + ".");
            valid_ = false;
        }
    }

    /// JSON pointer of `key` in this object.
    std::string path_of(std::string_view key) const { return path_ + "/" + detail::pointer_token(key); }
    const std::string& path() const noexcept { return path_; }
    ConfigProblems& problems() const noexcept { return problems_; }

    /// The value of a key that must be present. `hint` describes a correct value.
    template <class T>
    T required(std::string_view key, std::string_view hint) {
        known_.emplace(key);
        const nlohmann::json* value = find(key);
        if (value == nullptr) {
            if (valid_) problems_.add(path_of(key), "required key is missing; set it to " + std::string(hint) + ".");
            return T{};
        }
        return convert<T>(key, *value, hint).value_or(T{});
    }

    /// The value of an optional key, or nullopt when absent (or wrong, which is reported).
    template <class T>
    std::optional<T> optional(std::string_view key, std::string_view hint) {
        known_.emplace(key);
        const nlohmann::json* value = find(key);
        if (value == nullptr) return std::nullopt;
        return convert<T>(key, *value, hint);
    }

    /// The value of an optional key, or `fallback` when absent.
    template <class T>
    T value_or(std::string_view key, T fallback, std::string_view hint) {
        return optional<T>(key, hint).value_or(std::move(fallback));
    }

    /// An integer key within [min, max].
    std::int64_t integer_in(std::string_view key, std::int64_t fallback, std::int64_t min,
                            std::int64_t max, std::string_view hint) {
        const auto value = optional<std::int64_t>(key, hint);
        if (!value) return fallback;
        if (*value < min || *value > max) {
            problems_.add(path_of(key), "value " + std::to_string(*value) + " is out of range; use " +
                                            std::string(hint) + " between " + std::to_string(min) +
                                            " and " + std::to_string(max) + ".");
            return fallback;
        }
        return *value;
    }

    /// A string key whose value must be one of `allowed`.
    std::string one_of(std::string_view key, std::string fallback,
                       const std::vector<std::string>& allowed, std::string_view hint) {
        auto value = optional<std::string>(key, hint);
        if (!value) return fallback;
        if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
            problems_.add(path_of(key), "\"" + *value + "\" is not allowed; use one of " + join(allowed) +
                                            " (" + std::string(hint) + ").");
            return fallback;
        }
        return *value;
    }

    /// A list of non-empty strings (`"streams": ["invoice", "payment"]`), or `fallback` when
    /// absent. A value that is not an array, and each element that is not a non-empty string,
    /// is reported at its own path ("/streams/1"). With `allowed` non-empty, each element must be
    /// one of them.
    std::vector<std::string> strings(std::string_view key, std::vector<std::string> fallback, std::string_view hint,
                                     const std::vector<std::string>& allowed = {}) {
        known_.emplace(key);
        const nlohmann::json* value = find(key);
        if (value == nullptr) return fallback;
        if (!value->is_array()) {
            problems_.add(path_of(key), "expected an array of strings, got " + describe(*value) + "; set it to " +
                                            std::string(hint) + ".");
            return fallback;
        }
        std::vector<std::string> result;
        for (std::size_t i = 0; i < value->size(); ++i) {
            const auto& element = (*value)[i];
            const std::string at = path_of(key) + "/" + std::to_string(i);
            if (!element.is_string() || element.get_ref<const std::string&>().empty()) {
                problems_.add(at, "expected a non-empty string, got " + describe(element) + "; each entry is " +
                                      std::string(hint) + ".");
            } else if (!allowed.empty() &&
                       std::find(allowed.begin(), allowed.end(), element.get<std::string>()) == allowed.end()) {
                problems_.add(at, "\"" + element.get<std::string>() + "\" is not allowed; use one of " + join(allowed) + ".");
            } else {
                result.push_back(element.get<std::string>());
            }
        }
        return result;
    }

    /// A string key naming one value of an enumeration, given as (name, value) pairs:
    ///     auto mode = cfg.enumeration("tax_mode", TaxMode::automatic,
    ///                                 {{"automatic", TaxMode::automatic}, {"codes", TaxMode::codes}},
    ///                                 "how the company computes sales tax");
    /// `fallback` when absent; an unknown name is reported with the allowed ones.
    template <class Enum>
    Enum enumeration(std::string_view key, Enum fallback, const std::vector<std::pair<std::string, Enum>>& names,
                     std::string_view hint) {
        std::vector<std::string> allowed;
        for (const auto& entry : names) allowed.push_back(entry.first);
        const std::string chosen = one_of(key, "", allowed, hint);
        for (const auto& entry : names) {
            if (entry.first == chosen) return entry.second;
        }
        return fallback;
    }

    /// An ISO 4217 currency code ("USD", "EUR", "JPY"), or nullopt when absent. A code that is
    /// not upper case or that ISO 4217 does not list is reported (with the upper-case form when
    /// that is the fix).
    std::optional<std::string> currency(std::string_view key, std::string_view hint = "an ISO 4217 code such as \"USD\"") {
        auto code = optional<std::string>(key, hint);
        if (!code) return std::nullopt;
        if (Currency::find(*code)) return code;
        std::string upper = *code;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c); });
        problems_.add(path_of(key), "\"" + *code + "\" is not an ISO 4217 currency code" +
                                        (upper != *code && Currency::find(upper) ? "; write it in upper case: \"" + upper + "\""
                                                                                 : "; use " + std::string(hint)) + ".");
        return std::nullopt;
    }

    /// The raw value of a key, for values read by other code; nullptr when absent.
    const nlohmann::json* raw(std::string_view key) {
        known_.emplace(key);
        return find(key);
    }

    /// Declares a key as known without reading it (read elsewhere, or deliberately ignored).
    void allow(std::string_view key) { known_.emplace(key); }

    /// Reports every key of the object that was not read or allowed, suggesting the closest
    /// known key. Keys starting with '$' ("$comment") are annotations and always allowed.
    /// Call it after reading all keys.
    void finish() {
        if (!valid_) return;
        for (const auto& [key, value] : object_.items()) {
            // "$schema", "$comment": annotations for editors and readers, never settings.
            if (known_.count(key) != 0 || (!key.empty() && key.front() == '$')) continue;
            std::string message = "unknown key";
            if (auto suggestion = closest_known(key)) message += "; did you mean \"" + *suggestion + "\"?";
            else message += ".";
            if (!known_.empty()) message += " Known keys here: " + join(std::vector<std::string>(known_.begin(), known_.end())) + ".";
            problems_.add(path_of(key), message);
        }
    }

    static std::string describe(const nlohmann::json& value) {
        std::string text = value.dump();
        if (text.size() > 60) text = text.substr(0, 57) + "...";
        return std::string(value.type_name()) + " " + text;
    }

private:
    const nlohmann::json* find(std::string_view key) const {
        if (!valid_) return nullptr;
        auto it = object_.find(std::string(key));
        return it == object_.end() ? nullptr : &*it;
    }

    template <class T>
    std::optional<T> convert(std::string_view key, const nlohmann::json& value, std::string_view hint) {
        if (!detail::ConfigType<T>::matches(value)) {
            problems_.add(path_of(key), std::string("expected ") + detail::ConfigType<T>::name + ", got " +
                                            describe(value) + "; set it to " + std::string(hint) + ".");
            return std::nullopt;
        }
        return value.get<T>();
    }

    std::optional<std::string> closest_known(std::string_view key) const {
        std::optional<std::string> best;
        std::size_t best_distance = 3;  // suggest only near misses
        for (const auto& candidate : known_) {
            const std::size_t d = detail::edit_distance(key, candidate);
            if (d < best_distance) {
                best_distance = d;
                best = candidate;
            }
        }
        return best;
    }

    static std::string join(const std::vector<std::string>& items) {
        std::string text;
        for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
        return text;
    }

    const nlohmann::json& object_;
    ConfigProblems& problems_;
    std::string path_;
    std::set<std::string, std::less<>> known_;
    bool valid_ = true;
};

}  // namespace ledgersync::sdk
