#include "stripe/parameter_validator.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <ledgersync/sdk/decimal.hpp>

#include "stripe/stripe_error.hpp"
#include "stripe/stripe_spec.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

std::string member_name(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "[" + key + "]";
}

bool all_digits(const std::string& text) {
    return !text.empty() && text.size() <= 9 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string describe_value(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

// "must be one of a, b, or c" as Stripe words enum errors.
std::string one_of(const nlohmann::json& values) {
    std::vector<std::string> names;
    for (const auto& v : values) {
        if (v.is_string() && !v.get<std::string>().empty())
            names.push_back(v.get<std::string>());
    }
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += names.size() > 2 ? ", " : " ";
        if (i + 1 == names.size() && names.size() > 1)
            out += "or ";
        out += names[i];
    }
    return out;
}

std::string schema_type(const nlohmann::json& schema) {
    const auto it = schema.find("type");
    return it != schema.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

nlohmann::json ParameterValidator::validate(const nlohmann::json& schema,
                                            const nlohmann::json& parameters) const {
    return coerce_object(spec_.resolve(schema), parameters, "");
}

nlohmann::json ParameterValidator::coerce(const nlohmann::json& raw_schema,
                                          const nlohmann::json& value,
                                          const std::string& name) const {
    const nlohmann::json& schema = spec_.resolve(raw_schema);
    if (const auto any = schema.find("anyOf"); any != schema.end() && any->is_array()) {
        // The first alternative that accepts the value wins; when none does, the error of the
        // alternative of the value's own kind (object for a hash, scalar for text) is the
        // informative one.
        std::optional<StripeError> first_error;
        for (const auto& alternative : *any) {
            try {
                return coerce(alternative, value, name);
            } catch (const StripeError& e) {
                const std::string type = schema_type(spec_.resolve(alternative));
                const bool same_kind = (value.is_object() && type == "object") ||
                                       (value.is_string() && type != "object" && type != "array");
                if (!first_error || same_kind)
                    first_error = e;
            }
        }
        if (first_error)
            throw *first_error;
    }
    const std::string type = schema_type(schema);
    if (type == "object")
        return coerce_object(schema, value, name);
    if (type == "array")
        return coerce_array(schema, value, name);
    return coerce_scalar(schema, value, name);
}

nlohmann::json ParameterValidator::coerce_object(const nlohmann::json& schema,
                                                 const nlohmann::json& value,
                                                 const std::string& name) const {
    if (!value.is_object()) {
        throw errors::parameter_invalid(
            name, "Invalid object: " + name + " must be a hash (" + name + "[key]=value)",
            "parameter_invalid_object");
    }
    const nlohmann::json empty = nlohmann::json::object();
    const auto props_it = schema.find("properties");
    const nlohmann::json& properties = props_it == schema.end() ? empty : *props_it;
    const auto additional = schema.find("additionalProperties");
    // Stripe's spec marks only top-level bodies "additionalProperties": false, but Stripe
    // refuses unknown nested members too (payment_method_options[card][colour]): a hash with
    // declared properties is closed unless it says otherwise; one with none (metadata-like
    // free-form hashes) is open.
    const bool open = additional != schema.end()
                          ? additional->is_object() || (additional->is_boolean() && additional->get<bool>())
                          : props_it == schema.end() || props_it->empty();
    // Unknown members first: Stripe names an unknown parameter before a missing one.
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (!properties.contains(it.key()) && !open)
            throw errors::parameter_unknown(member_name(name, it.key()));
    }
    if (const auto required = schema.find("required"); required != schema.end()) {
        for (const auto& key : *required) {
            if (!value.contains(key.get<std::string>()))
                throw errors::parameter_missing(member_name(name, key.get<std::string>()));
        }
    }
    nlohmann::json out = nlohmann::json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string child = member_name(name, it.key());
        if (properties.contains(it.key())) {
            out[it.key()] = coerce(properties.at(it.key()), it.value(), child);
        } else if (additional != schema.end() && additional->is_object()) {
            out[it.key()] = coerce(*additional, it.value(), child);
        } else {
            out[it.key()] = it.value();
        }
    }
    return out;
}

nlohmann::json ParameterValidator::coerce_array(const nlohmann::json& schema,
                                                const nlohmann::json& value,
                                                const std::string& name) const {
    std::vector<const nlohmann::json*> elements;
    if (value.is_array()) {
        for (const auto& element : value)
            elements.push_back(&element);
    } else if (value.is_object()) {
        // name[0]=..&name[1]=.. (stripe-node's encoding): the indices give the order.
        std::vector<std::pair<long, const nlohmann::json*>> indexed;
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (!all_digits(it.key())) {
                throw errors::parameter_invalid(
                    name, "Invalid array: " + name + " must be a list (" + name + "[]=value)",
                    "parameter_invalid_array");
            }
            indexed.emplace_back(std::stol(it.key()), &it.value());
        }
        std::sort(indexed.begin(), indexed.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [index, element] : indexed)
            elements.push_back(element);
    } else if (value.is_string() && value.get<std::string>().empty()) {
        return nlohmann::json::array();  // "name=" clears a list, as Stripe allows
    } else {
        throw errors::parameter_invalid(
            name, "Invalid array: " + name + " must be a list (" + name + "[]=value)",
            "parameter_invalid_array");
    }
    nlohmann::json out = nlohmann::json::array();
    const nlohmann::json items = schema.value("items", nlohmann::json::object());
    for (std::size_t i = 0; i < elements.size(); ++i)
        out.push_back(coerce(items, *elements[i], name + "[" + std::to_string(i) + "]"));
    return out;
}

nlohmann::json ParameterValidator::coerce_scalar(const nlohmann::json& schema,
                                                 const nlohmann::json& value,
                                                 const std::string& name) const {
    const std::string type = schema_type(schema);
    if (!value.is_string()) {
        throw errors::parameter_invalid(
            name, "Invalid " + (type.empty() ? std::string("string") : type) + ": " + name +
                      " must be a single value, not a hash or list",
            "parameter_invalid_" + (type.empty() ? std::string("string") : type));
    }
    const std::string& text = value.get_ref<const std::string&>();
    if (type == "integer") {
        const bool negative = !text.empty() && text.front() == '-';
        const std::string digits = negative ? text.substr(1) : text;
        if (digits.empty() || digits.size() > 18 ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            throw errors::parameter_invalid(name, "Invalid integer: " + text,
                                            "parameter_invalid_integer");
        }
        const std::int64_t magnitude = std::stoll(digits);
        return negative ? -magnitude : magnitude;
    }
    if (type == "boolean") {
        if (text == "true")
            return true;
        if (text == "false")
            return false;
        throw errors::parameter_invalid(name, "Invalid boolean: " + text,
                                        "parameter_invalid_boolean");
    }
    if (type == "number") {
        try {
            // Exact text: a decimal parameter never passes through a double.
            return sdk::Decimal::parse(text).to_string();
        } catch (const sdk::DecimalError&) {
            throw errors::parameter_invalid(name, "Invalid decimal: " + text,
                                            "parameter_invalid_decimal");
        }
    }
    if (const auto values = schema.find("enum"); values != schema.end() && values->is_array()) {
        if (std::find(values->begin(), values->end(), value) == values->end()) {
            throw errors::parameter_invalid(
                name, "Invalid " + name + ": must be one of " + one_of(*values),
                "parameter_invalid_string");
        }
    }
    if (const auto max = schema.find("maxLength"); max != schema.end() && max->is_number_integer()) {
        if (text.size() > max->get<std::size_t>()) {
            throw errors::parameter_invalid(
                name,
                "Invalid string: " + describe_value(value).substr(0, 20) + "...; must be at most " +
                    std::to_string(max->get<std::size_t>()) + " characters",
                "string_length_exceeded");
        }
    }
    return value;
}

}  // namespace ledgersync::sandbox::stripe
