#pragma once
/// Canonical enumerations travel as lower-case names ("partially_refunded"). Each enum of the
/// model declares its names once, in an EnumNames specialisation beside it; reading, writing,
/// validation messages and the JSON Schemas' `enum` lists all follow that one table.

#include <optional>
#include <string>
#include <string_view>

namespace ledgersync::sdk::model {

/// One value of an enum and its name in canonical JSON.
template <class Enum>
struct EnumName {
    Enum value;
    std::string_view name;
};

/// Specialised for every canonical enum with `static constexpr EnumName<Enum> kNames[]`
/// (every value, in declaration order) and `static constexpr std::string_view kWhat`
/// (what the value is, for messages: "invoice status").
template <class Enum>
struct EnumNames;

/// The canonical name of `value`.
template <class Enum>
std::string_view enum_name(Enum value) {
    for (const auto& entry : EnumNames<Enum>::kNames) {
        if (entry.value == value) return entry.name;
    }
    return {};
}

/// The value named `name`, or nullopt for a name the enum does not have.
template <class Enum>
std::optional<Enum> enum_from_name(std::string_view name) {
    for (const auto& entry : EnumNames<Enum>::kNames) {
        if (entry.name == name) return entry.value;
    }
    return std::nullopt;
}

/// The names joined for a message: "draft, open, paid or voided".
template <class Enum>
std::string enum_name_list() {
    std::string text;
    const std::size_t count = sizeof(EnumNames<Enum>::kNames) / sizeof(EnumNames<Enum>::kNames[0]);
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) text += i + 1 == count ? " or " : ", ";
        text += EnumNames<Enum>::kNames[i].name;
    }
    return text;
}

}  // namespace ledgersync::sdk::model
