#pragma once
/// What every canonical type has in common: read from JSON with every shape problem collected,
/// from_json that throws them, and validation in two tiers (see validation.hpp). A canonical
/// type T provides
///     static constexpr std::string_view kType;            // "invoice": Record identity type
///     static constexpr std::string_view kSchemaId;        // "ledgersync.invoice": Record schema id
///     static constexpr std::int64_t kSchemaVersion;       // 1
///     static constexpr std::string_view kSchemaUri;       // the JSON Schema's $id
///     static T read(CanonicalReader&);                    // the shape tier
///     void check_rules(ValidationProblems&) const;        // the rules tier, on a well-shaped T
/// and the functions below give it from_json and validation.

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/validation.hpp"

namespace ledgersync::sdk::model {

/// Reads `json` as a T, adding every shape problem to `problems`. With problems, the result
/// holds what could be read and defaults elsewhere.
template <class T>
T read_canonical(const nlohmann::json& json, ValidationProblems& problems) {
    CanonicalReader reader(json, problems);
    if (!reader.is_object()) return T{};
    T value = T::read(reader);
    reader.finish();
    return value;
}

/// Reads `json` as a T; a ModelError listing every shape problem when it is not one.
template <class T>
T from_canonical_json(const nlohmann::json& json) {
    ValidationProblems problems;
    T value = read_canonical<T>(json, problems);
    if (!problems.empty()) throw ModelError("this " + std::string(T::kType), std::move(problems));
    return value;
}

/// Only the shape tier: exactly what T's JSON Schema checks.
template <class T>
ValidationProblems check_canonical_shape(const nlohmann::json& json) {
    ValidationProblems problems;
    (void)read_canonical<T>(json, problems);
    return problems;
}

/// Every problem of `json` as a T: the shape problems, or, when the shape is right, the
/// problems of the rules a schema cannot express.
template <class T>
ValidationProblems validate_canonical(const nlohmann::json& json) {
    ValidationProblems problems;
    const T value = read_canonical<T>(json, problems);
    if (problems.empty()) value.check_rules(problems);
    return problems;
}

}  // namespace ledgersync::sdk::model
