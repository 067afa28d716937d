#include "stripe/stripe_spec.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/http_message.hpp"
#include "ledgersync/sdk/json.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

constexpr std::string_view kSchemaRefPrefix = "#/components/schemas/";

// The query parameters of a GET/DELETE operation as one object schema.
nlohmann::json query_parameters_schema(const nlohmann::json& operation) {
    nlohmann::json schema = {{"type", "object"},
                             {"additionalProperties", false},
                             {"properties", nlohmann::json::object()},
                             {"required", nlohmann::json::array()}};
    for (const auto& parameter : operation.value("parameters", nlohmann::json::array())) {
        if (parameter.value("in", "") != "query")
            continue;
        const std::string name = parameter.at("name");
        schema["properties"][name] = parameter.value("schema", nlohmann::json::object());
        if (parameter.value("required", false))
            schema["required"].push_back(name);
    }
    return schema;
}

nlohmann::json body_parameters_schema(const nlohmann::json& operation) {
    const auto body = operation.find("requestBody");
    if (body == operation.end())
        return {{"type", "object"}, {"additionalProperties", false}};
    const auto& content = body->at("content");
    const auto form = content.find("application/x-www-form-urlencoded");
    if (form == content.end())
        return {{"type", "object"}, {"additionalProperties", false}};
    return form->value("schema", nlohmann::json::object());
}

std::size_t literal_segments(const std::vector<std::string>& parts) {
    std::size_t n = 0;
    for (const auto& p : parts)
        n += (p.empty() || p.front() != '{') ? 1 : 0;
    return n;
}

}  // namespace

std::shared_ptr<const StripeSpec> StripeSpec::load(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read the Stripe OpenAPI spec " + file);
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json document;
    try {
        // The spec holds no fractional numbers today; parsing it exactly keeps any that
        // appear (an example amount, a bound) from passing through a double.
        document = sdk::parse_json_exact(text.str());
    } catch (const std::exception& e) {
        throw std::runtime_error("the Stripe OpenAPI spec " + file + " is not JSON: " + e.what());
    }
    if (!document.contains("paths") || !document.contains("components"))
        throw std::runtime_error(file + " is not an OpenAPI document (no paths/components)");
    return std::make_shared<const StripeSpec>(std::move(document));
}

StripeSpec::StripeSpec(nlohmann::json document) : document_(std::move(document)) {
    api_version_ = document_.at("info").value("version", "");
    for (auto path = document_.at("paths").begin(); path != document_.at("paths").end(); ++path) {
        for (const char* method : {"get", "post", "delete"}) {
            const auto op = path->find(method);
            if (op == path->end())
                continue;
            SpecOperation operation;
            operation.method = method;
            for (auto& c : operation.method)
                c = static_cast<char>(c - 'a' + 'A');
            operation.path_template = path.key();
            operation.parameters_schema = operation.method == "POST"
                                              ? body_parameters_schema(*op)
                                              : query_parameters_schema(*op);
            operations_.push_back(std::move(operation));
        }
    }
    const auto& schemas = document_.at("components").at("schemas");
    for (auto it = schemas.begin(); it != schemas.end(); ++it) {
        const auto fields = it->find("x-expandableFields");
        if (fields != it->end() && fields->is_array())
            expandable_[it.key()] = fields->get<std::vector<std::string>>();
    }
}

const SpecOperation* StripeSpec::find(const std::string& method, const std::string& path) const {
    const auto parts = split_path(path);
    const SpecOperation* best = nullptr;
    std::size_t best_literals = 0;
    for (const auto& operation : operations_) {
        if (operation.method != method)
            continue;
        const auto template_parts = split_path(operation.path_template);
        if (template_parts.size() != parts.size())
            continue;
        bool match = true;
        for (std::size_t i = 0; i < parts.size() && match; ++i) {
            const bool variable = !template_parts[i].empty() && template_parts[i].front() == '{';
            match = variable || template_parts[i] == parts[i];
        }
        if (!match)
            continue;
        const std::size_t literals = literal_segments(template_parts);
        if (best == nullptr || literals > best_literals) {
            best = &operation;
            best_literals = literals;
        }
    }
    return best;
}

const nlohmann::json* StripeSpec::schema(const std::string& name) const {
    const auto& schemas = document_.at("components").at("schemas");
    const auto it = schemas.find(name);
    return it == schemas.end() ? nullptr : &*it;
}

const nlohmann::json& StripeSpec::resolve(const nlohmann::json& node) const {
    if (!node.is_object())
        return node;
    const auto ref = node.find("$ref");
    if (ref == node.end() || !ref->is_string())
        return node;
    const std::string& target = ref->get_ref<const std::string&>();
    if (target.rfind(kSchemaRefPrefix, 0) != 0)
        return node;
    const nlohmann::json* resolved = schema(target.substr(kSchemaRefPrefix.size()));
    return resolved == nullptr ? node : resolve(*resolved);
}

const std::vector<std::string>& StripeSpec::expandable_fields(const std::string& object_name) const {
    static const std::vector<std::string> kNone;
    const auto it = expandable_.find(object_name);
    return it == expandable_.end() ? kNone : it->second;
}

}  // namespace ledgersync::sandbox::stripe
