// Canonical invoices -> HubSpot invoice and line item properties.

#include <algorithm>

#include <ledgersync/sdk/calendar_date.hpp>
#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/timestamp.hpp>

#include "adjustments.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

std::string text_or(const json& object, const char* key, const std::string& fallback = {}) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

/// A canonical date as the epoch milliseconds of its UTC midnight, HubSpot's datetime form.
std::string datetime_of_date(const std::string& date, const char* field) {
    const auto day = sdk::CalendarDate::parse(date);
    if (!day) throw TranslationError(std::string(field) + " \"" + date + "\" is not a date (YYYY-MM-DD)");
    return std::to_string(sdk::Timestamp::start_of(*day).epoch_milliseconds());
}

}  // namespace

std::string line_source_id(const std::string& invoice_source_id, std::size_t index) {
    return invoice_source_id + "#line" + std::to_string(index + 1);
}

json invoice_properties(const json& canonical, const std::string& source_id, const std::string& source_system,
                        const std::vector<std::string>& custom_properties) {
    json properties = json::object();
    const std::string currency = text_or(canonical, "currency");
    if (currency.empty()) throw TranslationError("the invoice has no currency");
    properties["hs_currency"] = currency;
    properties["hs_invoice_date"] = datetime_of_date(text_or(canonical, "issue_date"), "issue_date");
    if (const std::string due = text_or(canonical, "due_date"); !due.empty()) {
        properties["hs_due_date"] = datetime_of_date(due, "due_date");
    }
    if (const std::string memo = text_or(canonical, "memo"); !memo.empty()) properties["hs_comments"] = memo;
    if (const auto fields = canonical.find("custom_fields"); fields != canonical.end() && fields->is_object()) {
        for (const auto& [name, value] : fields->items()) {
            if (std::find(custom_properties.begin(), custom_properties.end(), name) == custom_properties.end()) {
                throw TranslationError("the invoice's custom field \"" + name + "\" has no HubSpot invoice property: add the "
                                       "property's internal name to the connection's invoice_custom_properties (the property "
                                       "must exist in HubSpot), or rename or drop the field with field_mapping");
            }
            if (!value.is_string()) throw TranslationError("the invoice's custom field \"" + name + "\" is not text");
            properties[name] = value;
        }
    }
    properties[kSourceIdProperty] = source_id;
    properties[kSourceSystemProperty] = source_system;
    return properties;
}

json line_item_properties(const json& line, const std::string& currency, const std::string& source_id) {
    json properties = json::object();
    const std::string kind = text_or(line, "kind", "item");
    const std::string amount_text = text_or(line, "amount");
    if (amount_text.empty()) throw TranslationError("a line has no amount");
    const sdk::Decimal amount = sdk::Decimal::parse(amount_text);
    properties["name"] = line_name(line);
    properties["hs_line_item_currency_code"] = currency;
    const std::string quantity = text_or(line, "quantity");
    const std::string unit_price = text_or(line, "unit_price");
    if (!quantity.empty() && !unit_price.empty()) {
        if (sdk::Decimal::parse(unit_price).is_negative() || sdk::Decimal::parse(quantity).is_negative()) {
            throw TranslationError("a line of " + quantity + " x " + unit_price + " has a negative quantity or price, which a "
                                   "HubSpot line item cannot have");
        }
        properties["quantity"] = quantity;
        properties["price"] = unit_price;
        if (const auto discount = line.find("discount"); discount != line.end() && discount->is_object()) {
            if (const std::string percent = text_or(*discount, "percent"); !percent.empty()) {
                properties["hs_discount_percentage"] = percent;
            } else if (const std::string off = text_or(*discount, "amount"); !off.empty()) {
                // HubSpot's discount is per unit: the line's discount must divide by its quantity.
                const sdk::Decimal q = sdk::Decimal::parse(quantity);
                const sdk::Decimal per_unit = sdk::Decimal::divide(sdk::Decimal::parse(off), q, 6, sdk::RoundingMode::half_up);
                if (per_unit * q != sdk::Decimal::parse(off)) {
                    throw TranslationError("a line discount of " + off + " over a quantity of " + quantity +
                                           " is not a whole discount per unit, which HubSpot line items need");
                }
                properties["discount"] = per_unit.normalized().to_string();
            }
        }
    } else {
        if (amount.is_negative()) {
            throw TranslationError("a " + kind + " line of " + amount_text + " is negative; HubSpot line items cannot have a "
                                   "negative price");
        }
        properties["quantity"] = "1";
        properties["price"] = amount_text;
    }
    properties[kSourceIdProperty] = source_id;
    return properties;
}

}  // namespace ledgersync::connectors::hubspot
