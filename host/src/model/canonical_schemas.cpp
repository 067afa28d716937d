#include "model/canonical_schemas.hpp"

#include <algorithm>

namespace ledgersync::model {

namespace {

bool is_decimal_pattern(const std::string& pattern) {
    const bool digits = pattern.find("[0-9]") != std::string::npos || pattern.find("\\d") != std::string::npos;
    return digits && pattern.find("\\.") != std::string::npos;
}

}  // namespace

std::vector<std::string> split_field_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t dot = std::min(path.find('.', start), path.size());
        parts.push_back(path.substr(start, dot - start));
        start = dot + 1;
    }
    return parts;
}

std::string_view to_string(FieldKind kind) {
    switch (kind) {
        case FieldKind::string: return "text";
        case FieldKind::decimal: return "a decimal";
        case FieldKind::integer: return "an integer";
        case FieldKind::boolean: return "a boolean";
        case FieldKind::date: return "a date";
        case FieldKind::datetime: return "a date-time";
        case FieldKind::enumeration: return "an enumeration";
        case FieldKind::object: return "an object";
        case FieldKind::array: return "an array";
    }
    return "text";
}

const CanonicalSchemas& CanonicalSchemas::builtin() {
    static const CanonicalSchemas instance([] {
        std::vector<std::pair<std::string, nlohmann::json>> parsed;
        for (const auto& s : embedded_schemas()) parsed.emplace_back(std::string(s.name), nlohmann::json::parse(s.text));
        return parsed;
    }());
    return instance;
}

CanonicalSchemas::CanonicalSchemas(const std::vector<std::pair<std::string, nlohmann::json>>& schemas)
    : schemas_(schemas) {}

bool CanonicalSchemas::has_type(const std::string& type) const {
    return std::any_of(schemas_.begin(), schemas_.end(), [&](const auto& s) { return s.first == type; });
}

std::vector<std::string> CanonicalSchemas::types() const {
    std::vector<std::string> names;
    for (const auto& s : schemas_) names.push_back(s.first);
    return names;
}

const nlohmann::json* CanonicalSchemas::document_for(const std::string& ref_file) const {
    for (const auto& [name, schema] : schemas_) {
        const std::string id = schema.value("$id", std::string{});
        if (ref_file == name + ".schema.json" || ref_file == id ||
            (!id.empty() && id.size() >= ref_file.size() &&
             id.compare(id.size() - ref_file.size(), ref_file.size(), ref_file) == 0)) {
            return &schema;
        }
    }
    return nullptr;
}

// Follows $ref chains (local "#/$defs/x" or "<file>#/$defs/x") to the schema that describes a value.
const nlohmann::json* CanonicalSchemas::resolve(const nlohmann::json& node, const nlohmann::json& document) const {
    const nlohmann::json* current = &node;
    const nlohmann::json* doc = &document;
    for (int depth = 0; depth < 16 && current->is_object() && current->contains("$ref"); ++depth) {
        const std::string ref = (*current)["$ref"].get<std::string>();
        const auto hash = ref.find('#');
        const std::string file = ref.substr(0, hash);
        const std::string pointer = hash == std::string::npos ? "" : ref.substr(hash + 1);
        if (!file.empty()) {
            doc = document_for(file);
            if (doc == nullptr) return nullptr;
        }
        try {
            current = &doc->at(nlohmann::json::json_pointer(pointer));
        } catch (const nlohmann::json::exception&) {
            return nullptr;
        }
    }
    return current;
}

std::optional<FieldInfo> CanonicalSchemas::field(const std::string& type, const std::string& path) const {
    const nlohmann::json* document = nullptr;
    for (const auto& [name, schema] : schemas_) {
        if (name == type) document = &schema;
    }
    if (document == nullptr || path.empty()) return std::nullopt;
    const nlohmann::json* node = resolve(*document, *document);
    for (const auto& part : split_field_path(path)) {
        if (node == nullptr || !node->is_object()) return std::nullopt;
        const nlohmann::json* next = nullptr;
        if (auto props = node->find("properties"); props != node->end() && props->contains(part)) {
            next = &(*props)[part];
        } else if (auto extra = node->find("additionalProperties"); extra != node->end() && extra->is_object()) {
            next = &*extra;  // a free-form map: any key
        } else if (extra != node->end() && extra->is_boolean() && extra->get<bool>() && !node->contains("properties")) {
            return FieldInfo{FieldKind::string, {}};
        } else {
            return std::nullopt;
        }
        node = resolve(*next, *document);
    }
    if (node == nullptr) return std::nullopt;
    FieldInfo info;
    if (node->contains("enum")) {
        info.kind = FieldKind::enumeration;
        for (const auto& v : (*node)["enum"]) {
            if (v.is_string()) info.values.push_back(v.get<std::string>());
        }
        return info;
    }
    std::string json_type = "string";
    if (auto t = node->find("type"); t != node->end()) {
        if (t->is_string()) {
            json_type = t->get<std::string>();
        } else if (t->is_array()) {
            for (const auto& candidate : *t) {
                if (candidate != "null") json_type = candidate.get<std::string>();
            }
        }
    }
    const std::string format = node->value("format", std::string{});
    if (json_type == "object") info.kind = FieldKind::object;
    else if (json_type == "array") info.kind = FieldKind::array;
    else if (json_type == "boolean") info.kind = FieldKind::boolean;
    else if (json_type == "integer") info.kind = FieldKind::integer;
    else if (format == "date") info.kind = FieldKind::date;
    else if (format == "date-time") info.kind = FieldKind::datetime;
    else if (format == "decimal" || is_decimal_pattern(node->value("pattern", std::string{}))) info.kind = FieldKind::decimal;
    else info.kind = FieldKind::string;
    return info;
}

std::vector<std::string> CanonicalSchemas::properties(const std::string& type) const {
    std::vector<std::string> names;
    for (const auto& [name, schema] : schemas_) {
        if (name != type) continue;
        const nlohmann::json* root = resolve(schema, schema);
        if (root != nullptr && root->contains("properties")) {
            for (const auto& [key, value] : (*root)["properties"].items()) names.push_back(key);
        }
    }
    return names;
}

}  // namespace ledgersync::model
