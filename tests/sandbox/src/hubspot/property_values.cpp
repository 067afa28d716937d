#include "hubspot/property_values.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <ledgersync/sdk/decimal.hpp>

#include "common/iso_time.hpp"
#include "common/text_case.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

bool all_digits(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(),
                                        [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string as_text(const nlohmann::json& value) {
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer() || value.is_number_unsigned())
        return value.dump();
    return value.dump();
}

}  // namespace

std::optional<std::int64_t> time_value_ms(const std::string& text) {
    if (all_digits(text) && text.size() <= 15)
        return std::stoll(text);
    return parse_iso_datetime(text);
}

std::optional<std::string> normalize_value(const PropertyDefinition& property,
                                           const nlohmann::json& value, ValueProblem& problem) {
    if (value.is_null())
        return std::string();
    if (value.is_object() || value.is_array()) {
        problem = {"INVALID_VALUE", "Property \"" + property.name +
                                        "\" takes a string, number or boolean, not " +
                                        value.dump()};
        return std::nullopt;
    }
    const std::string text = as_text(value);
    if (text.empty())
        return text;
    if (property.type == "number") {
        try {
            return sdk::Decimal::parse(text).to_string();
        } catch (const sdk::DecimalError&) {
            problem = {"INVALID_NUMBER", text + " was not a valid number."};
            return std::nullopt;
        }
    }
    if (property.type == "bool") {
        const std::string l = ascii_lower(text);
        if (l == "true" || l == "false")
            return l;
        problem = {"INVALID_BOOLEAN", text + " was not a valid boolean (true or false)."};
        return std::nullopt;
    }
    if (property.type == "datetime" || property.type == "date") {
        const auto ms = time_value_ms(text);
        if (!ms) {
            problem = {"INVALID_DATE",
                       text +
                           " was not a valid date: use ISO 8601 (2024-01-31T10:00:00Z) or "
                           "epoch milliseconds."};
            return std::nullopt;
        }
        return property.type == "date" ? format_iso_date(*ms, 0)
                                       : format_iso_datetime(*ms, 0, true, true);
    }
    if (property.type == "enumeration" && !property.options.empty()) {
        // Multiple checkboxes hold "a;b"; every part must be an option.
        std::stringstream parts(text);
        std::string part;
        while (std::getline(parts, part, ';')) {
            if (!property.has_option(part)) {
                std::string allowed;
                for (const auto& o : property.options)
                    allowed += (allowed.empty() ? "" : ", ") + o.value;
                problem = {"INVALID_OPTION",
                           part + " was not one of the allowed options: [" + allowed + "]"};
                return std::nullopt;
            }
        }
    }
    return text;
}

int compare_values(const std::string& type, const std::string& a, const std::string& b) {
    if (type == "number") {
        try {
            return compare(sdk::Decimal::parse(a), sdk::Decimal::parse(b));
        } catch (const sdk::DecimalError&) {
        }
    }
    if (type == "datetime" || type == "date") {
        const auto x = time_value_ms(a);
        const auto y = time_value_ms(b);
        if (x && y)
            return *x < *y ? -1 : (*x > *y ? 1 : 0);
    }
    const std::string x = ascii_lower(a);
    const std::string y = ascii_lower(b);
    return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace ledgersync::sandbox::hubspot
