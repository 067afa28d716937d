#pragma once
/// Checks decoded request parameters against an operation's schema from the spec and coerces
/// them to what they mean, as Stripe does: unknown parameters are refused (parameter_unknown,
/// naming the parameter Rack-style: `metadata[k]`, `items[0][price]`), missing required ones
/// too (parameter_missing), integers and booleans are parsed from their text, members keyed by
/// indices become arrays where the schema wants an array, enums and maxLength are enforced.
/// The first problem found is thrown as a StripeError.

#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class StripeSpec;

class ParameterValidator {
public:
    explicit ParameterValidator(const StripeSpec& spec) : spec_(spec) {}

    /// `parameters` (the form decoder's tree) checked against `schema`, coerced.
    nlohmann::json validate(const nlohmann::json& schema, const nlohmann::json& parameters) const;

private:
    nlohmann::json coerce(const nlohmann::json& schema, const nlohmann::json& value,
                          const std::string& name) const;
    nlohmann::json coerce_object(const nlohmann::json& schema, const nlohmann::json& value,
                                 const std::string& name) const;
    nlohmann::json coerce_array(const nlohmann::json& schema, const nlohmann::json& value,
                                const std::string& name) const;
    nlohmann::json coerce_scalar(const nlohmann::json& schema, const nlohmann::json& value,
                                 const std::string& name) const;

    const StripeSpec& spec_;
};

}  // namespace ledgersync::sandbox::stripe
