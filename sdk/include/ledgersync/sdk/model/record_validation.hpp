#pragma once
/// Validation of the record envelope (sdk/record.hpp) in its JSON form, against
/// sdk/schema/record.schema.json: the envelope's own fields, the body against its canonical
/// type when the record is an upsert of a canonical schema, and the links against the body.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/canonical_types.hpp"
#include "ledgersync/sdk/model/enum_names.hpp"
#include "ledgersync/sdk/model/validation.hpp"
#include "ledgersync/sdk/record.hpp"

namespace ledgersync::sdk::model {

template <>
struct EnumNames<RecordOperation> {
    static constexpr std::string_view kWhat = "record operation";
    static constexpr EnumName<RecordOperation> kNames[] = {{RecordOperation::upsert, "upsert"},
                                                           {RecordOperation::remove, "delete"}};
};

namespace detail {

/// A link of the record's JSON form, as far as it could be read.
struct LinkFields {
    std::string type;
    std::string id;
    std::optional<std::string> path;
};

inline std::optional<LinkFields> read_link(const nlohmann::json& json, const std::string& path,
                                           ValidationProblems& problems) {
    CanonicalReader r(json, problems, path);
    if (!r.is_object()) return std::nullopt;
    LinkFields link;
    (void)r.required_text("rel", TextFormat::identifier);
    link.type = r.required_text("type", TextFormat::identifier);
    link.id = r.required_text("id", TextFormat::non_empty);
    link.path = r.text("path", Presence::optional, TextFormat::json_pointer);
    (void)r.text("target_id", Presence::optional, TextFormat::non_empty);
    r.finish();
    return link;
}

/// What sits at `pointer` in `body`, or nullptr.
inline const nlohmann::json* at_pointer(const nlohmann::json& body, const std::string& pointer) {
    try {
        const nlohmann::json::json_pointer p(pointer);
        return body.contains(p) ? &body.at(p) : nullptr;
    } catch (const nlohmann::json::exception&) {
        return nullptr;  // an array index that is not a number, for instance
    }
}

}  // namespace detail

/// Every problem of a record in its JSON form: the envelope's shape and, for an upsert whose
/// schema is a canonical type's ("ledgersync.invoice" version 1), the body's shape under
/// "/body"; once all of that is right, the body's rules, the identity type against the
/// schema, and each link's path against the reference it points at in the body.
inline ValidationProblems validate_record_json(const nlohmann::json& json) {
    ValidationProblems problems;
    CanonicalReader r(json, problems);
    if (!r.is_object()) return problems;
    std::string identity_type;
    r.object("identity", Presence::required, [&](CanonicalReader& identity) {
        (void)identity.required_text("system", TextFormat::identifier);
        (void)identity.required_text("connection", TextFormat::identifier);
        identity_type = identity.required_text("type", TextFormat::identifier);
        (void)identity.required_text("id", TextFormat::non_empty);
    });
    const auto operation = r.enumeration<RecordOperation>("operation", Presence::required);
    (void)r.text("version", Presence::required);
    (void)r.text("updated_at", Presence::optional, TextFormat::timestamp);
    std::string schema_id;
    std::optional<std::int64_t> schema_version;
    r.object("schema", Presence::required, [&](CanonicalReader& schema) {
        schema_id = schema.required_text("id", TextFormat::schema_id);
        if (const nlohmann::json* version = schema.raw("version")) {
            if (!version->is_number_integer()) {
                problems.add(schema.path_of("version"), "expected an integer, got " + CanonicalReader::describe(*version));
            } else if (version->is_number_unsigned() ? version->get<std::uint64_t>() == 0 : version->get<std::int64_t>() < 1) {
                problems.add(schema.path_of("version"), "must be 1 or more");
            } else if (version->is_number_unsigned() && version->get<std::uint64_t>() > INT64_MAX) {
                schema_version = INT64_MAX;  // a version no schema has; its body is not checked
            } else {
                schema_version = version->get<std::int64_t>();
            }
        } else {
            problems.add(schema.path_of("version"), "is required");
        }
    });
    const nlohmann::json* body = r.raw("body");
    if (body == nullptr) {
        problems.add(r.path_of("body"), "is required");
    } else if (!body->is_object()) {
        problems.add(r.path_of("body"), "expected an object, got " + CanonicalReader::describe(*body));
    }
    (void)r.raw("raw");  // the source system's own representation: anything
    const auto links = r.list<detail::LinkFields>(
        "links", Presence::required,
        [&](const nlohmann::json& item, const std::string& path) { return detail::read_link(item, path, problems); });
    r.finish();

    const CanonicalType* type = nullptr;
    if (operation == RecordOperation::upsert && schema_version &&
        *schema_version == 1 && body != nullptr && body->is_object()) {
        type = find_canonical_type(schema_id);
        if (type != nullptr && type->schema_id != schema_id) type = nullptr;  // named by schema id only
    }
    // validate() reads the body once for both tiers (the rules only when the shape is right);
    // the host checks every record, so a valid one is read once. Only when it reports problems
    // does check_shape tell shape problems (reported alone, as below) from rules problems.
    ValidationProblems body_problems;
    if (type != nullptr) {
        body_problems = problems.empty() ? type->validate(*body) : type->check_shape(*body);
        if (!problems.empty() || (!body_problems.empty() && !type->check_shape(*body).empty())) {
            problems.append(body_problems, "/body");
            return problems;
        }
    } else if (!problems.empty()) {
        return problems;
    }

    // The rules tier: the envelope has the schema's shape, and so has the body when checked.
    problems.append(body_problems, "/body");
    constexpr std::string_view kCanonicalPrefix = "ledgersync.";
    if (schema_id.compare(0, kCanonicalPrefix.size(), kCanonicalPrefix) == 0 &&
        schema_id.substr(kCanonicalPrefix.size()) != identity_type) {
        problems.add("/schema/id", "\"" + schema_id + "\" is not the schema of a record of type \"" + identity_type +
                                       "\"; use \"ledgersync." + identity_type + "\"");
    }
    if (body != nullptr) {
        // With no shape problem every link was read, so links[i] is the JSON's links[i].
        for (std::size_t i = 0; i < links.size(); ++i) {
            const auto& link = links[i];
            if (!link.path) continue;
            const std::string where = "/links/" + std::to_string(i) + "/path";
            const nlohmann::json* target = detail::at_pointer(*body, *link.path);
            if (target == nullptr) {
                problems.add(where, "the body has nothing at " + *link.path);
            } else if (!target->is_object() || target->value("type", std::string{}) != link.type ||
                       target->value("id", std::string{}) != link.id) {
                problems.add(where, *link.path + " in the body is not a reference to " + link.type + " " + link.id +
                                        ": the link must describe the reference it points at");
            }
        }
    }
    return problems;
}

/// Every problem of `record`, exactly as validate_record_json(record.to_json()) finds them.
inline ValidationProblems validate_record(const Record& record) { return validate_record_json(record.to_json()); }

}  // namespace ledgersync::sdk::model
