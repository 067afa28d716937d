#pragma once
/// The canonical JSON Schemas (sdk/schema/*.schema.json), compiled into the host, and what the
/// bus asks of them: which fields a canonical type has and what kind of value each holds.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::model {

struct EmbeddedSchema {
    std::string_view name;  ///< "invoice" for invoice.schema.json
    std::string_view text;
};

/// The schemas compiled in (generated from sdk/schema by host/cmake/embed_schemas.cmake).
const std::vector<EmbeddedSchema>& embedded_schemas();

/// What kind of value a field holds, as far as comparisons are concerned.
enum class FieldKind { string, decimal, integer, boolean, date, datetime, enumeration, object, array };
/// "a decimal", "an enumeration"...: for messages.
std::string_view to_string(FieldKind kind);

struct FieldInfo {
    FieldKind kind = FieldKind::string;
    /// For enumerations: the allowed values.
    std::vector<std::string> values;
};

/// The parts of a dotted field path: "totals.total" -> {"totals", "total"}.
std::vector<std::string> split_field_path(const std::string& path);

/// Looks fields up in the canonical schemas.
class CanonicalSchemas {
public:
    /// The schemas compiled into this binary.
    static const CanonicalSchemas& builtin();

    /// Builds a catalogue from (name, schema) pairs; for tests.
    explicit CanonicalSchemas(const std::vector<std::pair<std::string, nlohmann::json>>& schemas);

    /// True when a schema for canonical `type` exists.
    bool has_type(const std::string& type) const;
    std::vector<std::string> types() const;

    /// The field at dotted `path` ("totals.total", "custom_fields.po_number") of `type`, or
    /// nullopt when the schema has no such field. Free-form maps accept any key below them.
    std::optional<FieldInfo> field(const std::string& type, const std::string& path) const;

    /// The top-level property names of `type` (for "did you mean" suggestions).
    std::vector<std::string> properties(const std::string& type) const;

private:
    const nlohmann::json* resolve(const nlohmann::json& node, const nlohmann::json& document) const;
    const nlohmann::json* document_for(const std::string& ref_file) const;

    std::vector<std::pair<std::string, nlohmann::json>> schemas_;
};

}  // namespace ledgersync::model
