// HubSpot objects -> canonical records.

#include <algorithm>
#include <set>

#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/model/customer.hpp>
#include <ledgersync/sdk/model/invoice.hpp>
#include <ledgersync/sdk/model/product.hpp>
#include <ledgersync/sdk/model/record_validation.hpp>
#include <ledgersync/sdk/timestamp.hpp>

#include "adjustments.hpp"
#include "translate.hpp"
#include "invoice_payments.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

std::string utc_text(std::int64_t ms) { return sdk::Timestamp::from_epoch_milliseconds(ms).to_rfc3339(); }

/// The UTC day of a HubSpot datetime property, "YYYY-MM-DD".
std::optional<std::string> date_of(const json& object, const std::string& name) {
    const auto text = property(object, name);
    if (!text) return std::nullopt;
    const auto ms = hubspot_time_ms(*text);
    if (!ms) throw TranslationError("property " + name + " is not a datetime: \"" + *text + "\"");
    return utc_text(*ms).substr(0, 10);
}

std::string object_id(const json& object) {
    const auto it = object.find("id");
    if (it == object.end() || !it->is_string() || it->get<std::string>().empty()) throw TranslationError("an object without an id");
    return it->get<std::string>();
}

/// The record around a canonical body of type `type`, checked against the canonical schemas.
template <class Model>
sdk::Record make_record(const json& object, const std::string& type, json body) {
    const std::string id = object_id(object);
    const auto modified = modified_ms(object);
    if (!modified) throw TranslationError(type + " " + id + " has no modification date (hs_lastmodifieddate / updatedAt)");
    sdk::Record record;
    record.identity = {"hubspot", "hubspot", type, id};
    record.version = utc_text(*modified);
    record.updated_at = record.version;
    record.schema = std::string(Model::kSchemaId);
    record.schema_version = Model::kSchemaVersion;
    try {
        record.links = sdk::model::to_record_links(Model::from_json(body).references());
    } catch (const std::exception& e) {
        throw TranslationError(type + " " + id + " does not translate into a valid canonical " + type + ": " + e.what());
    }
    record.body = std::move(body);
    record.raw = object;
    const auto problems = sdk::model::validate_record(record);
    if (!problems.empty()) {
        throw TranslationError(type + " " + id + " does not translate into a valid canonical " + type + ":\n" + problems.to_string());
    }
    // The host names the connection when it ingests the record.
    record.identity.connection.clear();
    return record;
}

json line_from(const json& line_item) {
    const std::string id = object_id(line_item);
    json line{{"id", id}, {"kind", "item"}};
    if (const auto name = property(line_item, "name")) line["description"] = *name;
    else if (const auto description = property(line_item, "description")) line["description"] = *description;
    if (const auto product = property(line_item, "hs_product_id")) line["product"] = {{"type", "product"}, {"id", *product}};
    const auto price = decimal_property(line_item, "price");
    if (price && sdk::Decimal::parse(*price).is_negative()) {
        throw TranslationError("line item " + id + " has a negative price " + *price);
    }
    line["quantity"] = decimal_property(line_item, "quantity").value_or("1");
    line["unit_price"] = price.value_or("0");
    const auto percent = decimal_property(line_item, "hs_discount_percentage");
    const auto per_unit = decimal_property(line_item, "discount");
    if (percent && per_unit && !sdk::Decimal::parse(*percent).is_zero() && !sdk::Decimal::parse(*per_unit).is_zero()) {
        throw TranslationError("line item " + id + " has both a discount per unit and a discount percentage; the canonical "
                               "line holds one discount");
    }
    if (percent && !sdk::Decimal::parse(*percent).is_zero()) {
        line["discount"] = {{"percent", *percent}};
    } else if (per_unit && !sdk::Decimal::parse(*per_unit).is_zero()) {
        const sdk::Decimal total = sdk::Decimal::parse(*per_unit) * sdk::Decimal::parse(line["quantity"].get<std::string>());
        line["discount"] = {{"amount", total.to_string()}};
    }
    const auto amount = decimal_property(line_item, "amount");
    if (!amount) throw TranslationError("line item " + id + " has no amount");
    line["amount"] = *amount;
    return line;
}

}  // namespace

std::string display_name_of(const json& object, const std::string& object_type) {
    if (object_type == "companies") {
        if (const auto name = property(object, "name")) return *name;
        return property(object, "domain").value_or("");
    }
    const std::string first = property(object, "firstname").value_or("");
    const std::string last = property(object, "lastname").value_or("");
    const std::string full = first.empty() || last.empty() ? first + last : first + " " + last;
    if (!full.empty()) return full;
    return property(object, "email").value_or("");
}

namespace {

/// When `invoice` or one of its parts (line items, discounts, fees, taxes) last changed: the
/// invoice's version, since a change to a part does not always change the invoice's own date.
std::optional<std::int64_t> last_change_ms(const json& invoice, const RelatedObjects& related) {
    auto latest = modified_ms(invoice);
    if (!latest) return latest;
    for (const auto& [association, parts] : {std::pair{"line_items", &related.line_items}, {"discounts", &related.discounts},
                                             {"fees", &related.fees}, {"taxes", &related.taxes}}) {
        for (const auto& part_id : associated_ids(invoice, association)) {
            const auto part = parts->find(part_id);
            if (part == parts->end()) continue;
            if (const auto at = modified_ms(part->second); at && *at > *latest) latest = at;
        }
    }
    return latest;
}

}  // namespace

std::vector<std::string> invoice_properties_read() {
    return {"hs_invoice_status", "hs_number",        "hs_currency",    "hs_invoice_date", "hs_due_date",
            "hs_comments",       "hs_subtotal",      "hs_amount_billed", "hs_amount_paid", "hs_balance_due",
            "hs_createdate",     "hs_lastmodifieddate", kSourceIdProperty, kSourceSystemProperty};
}

bool connector_invoice_property(const std::string& name) {
    if (name.rfind("ledgersync_", 0) == 0 || name == "hs_object_id") return true;
    const auto own = invoice_properties_read();
    return std::find(own.begin(), own.end(), name) != own.end();
}

sdk::Record invoice_record(const json& invoice, const RelatedObjects& related, const std::string& customer_from,
                           const std::vector<std::string>& custom_properties) {
    const std::string id = object_id(invoice);
    try {
        json body = json::object();
        const std::string status = property(invoice, "hs_invoice_status").value_or("draft");
        body["status"] = status;
        if (const auto number = property(invoice, "hs_number")) body["number"] = *number;
        const auto currency = property(invoice, "hs_currency");
        if (!currency) throw TranslationError("it has no currency (hs_currency)");
        body["currency"] = *currency;
        const auto issued = date_of(invoice, "hs_invoice_date");
        const auto created = date_of(invoice, "hs_createdate");
        if (!issued && !created) throw TranslationError("it has no invoice date (hs_invoice_date)");
        body["issue_date"] = issued ? *issued : *created;
        if (const auto due = date_of(invoice, "hs_due_date")) body["due_date"] = *due;
        if (const auto memo = property(invoice, "hs_comments")) body["memo"] = *memo;
        json custom_fields = json::object();
        for (const auto& name : custom_properties) {
            if (const auto value = property(invoice, name)) custom_fields[name] = *value;
        }
        if (!custom_fields.empty()) body["custom_fields"] = custom_fields;

        const auto contacts = associated_ids(invoice, "contacts");
        const auto companies = associated_ids(invoice, "companies");
        const auto deals = associated_ids(invoice, "deals");
        json associations = json::object();
        if (!contacts.empty()) associations["contacts"] = contacts;
        if (!companies.empty()) associations["companies"] = companies;
        if (!deals.empty()) associations["deals"] = deals;
        if (!associations.empty()) body["associations"] = associations;
        json payments = json::array();
        for (const auto& payment_id : associated_ids(invoice, "commerce_payments")) {
            const auto it = related.payments.find(payment_id);
            payments.push_back(invoice_payment_entry(payment_id, it == related.payments.end() ? nullptr : &it->second));
        }
        if (!payments.empty()) body["payments"] = payments;
        const auto& customer_ids = customer_from == "company" ? companies : contacts;
        const auto& customer_objects = customer_from == "company" ? related.companies : related.contacts;
        if (customer_ids.size() > 1) {
            throw TranslationError("it is associated with " + std::to_string(customer_ids.size()) + " " + customer_from +
                                   " records; the canonical invoice has one customer");
        }
        if (!customer_ids.empty()) {
            json customer{{"type", "customer"}, {"id", customer_ids.front()}};
            if (const auto it = customer_objects.find(customer_ids.front()); it != customer_objects.end()) {
                const std::string name = display_name_of(it->second, customer_from == "company" ? "companies" : "contacts");
                if (!name.empty()) customer["name"] = name;
            }
            body["customer"] = customer;
        }

        json lines = json::array();
        for (const auto& line_id : associated_ids(invoice, "line_items")) {
            const auto it = related.line_items.find(line_id);
            if (it == related.line_items.end()) throw TranslationError("its line item " + line_id + " could not be read");
            lines.push_back(line_from(it->second));
        }
        sdk::Decimal items_subtotal;
        for (const auto& line : lines) items_subtotal += sdk::Decimal::parse(line["amount"].get<std::string>());
        const CanonicalAdjustments adjustments = read_adjustments(invoice, related, items_subtotal, *currency);
        for (const auto& line : adjustments.lines) lines.push_back(line);
        body["lines"] = lines;
        if (adjustments.discount) body["discount"] = *adjustments.discount;

        sdk::Decimal subtotal;
        sdk::Decimal tax;
        for (const auto& line : lines) (line["kind"] == "tax" ? tax : subtotal) += sdk::Decimal::parse(line["amount"].get<std::string>());
        const sdk::Decimal total = subtotal - adjustments.discount_amount + tax;
        const sdk::Decimal paid = sdk::Decimal::parse(decimal_property(invoice, "hs_amount_paid").value_or("0"));
        const auto billed = decimal_property(invoice, "hs_amount_billed");
        // A voided invoice keeps what it billed; HubSpot's balance of 0 stays in raw.
        sdk::Decimal balance = total - paid;
        if (status != "voided") {
            if (const auto due = decimal_property(invoice, "hs_balance_due")) balance = sdk::Decimal::parse(*due);
        }
        body["totals"] = {{"subtotal", subtotal.to_string()}, {"discount", adjustments.discount_amount.to_string()},
                          {"tax", tax.to_string()}, {"total", total.to_string()},
                          {"amount_paid", paid.to_string()}, {"balance_due", balance.to_string()}};
        body["source_system"] = property(invoice, kSourceSystemProperty).value_or("hubspot");
        const auto modified = last_change_ms(invoice, related);
        body["updated_at"] = modified ? utc_text(*modified) : "";
        // HubSpot's own total must be the translation's, exactly (a voided invoice keeps what it
        // billed, see above); a wrong line, if any, is named as well.
        std::string billed_mismatch;
        if (billed && status != "voided" && sdk::Decimal::parse(*billed) != total) {
            billed_mismatch = "its line items, discounts, fees and taxes come to " + total.to_string() + " " + *currency +
                              ", but HubSpot bills " + *billed + " (hs_amount_billed)";
        }
        sdk::Record record;
        try {
            record = make_record<sdk::model::Invoice>(invoice, "invoice", std::move(body));
            // A part's change (a line item renamed) leaves the invoice's own date alone.
            if (modified) record.version = record.updated_at = utc_text(*modified);
        } catch (const TranslationError& e) {
            if (billed_mismatch.empty()) throw;
            throw TranslationError(billed_mismatch + "; and " + e.what());
        }
        if (!billed_mismatch.empty()) throw TranslationError(billed_mismatch);
        return record;
    } catch (const TranslationError& e) {
        const std::string text = e.what();
        if (text.rfind("invoice " + id, 0) == 0) throw;
        throw TranslationError("invoice " + id + ": " + text);
    } catch (const sdk::DecimalError& e) {
        throw TranslationError("invoice " + id + " holds an amount that is not an exact decimal: " + e.what());
    }
}

sdk::Record customer_record(const json& object, const std::string& object_type) {
    json body = json::object();
    const std::string id = object_id(object);
    const std::string name = display_name_of(object, object_type);
    body["display_name"] = name.empty() ? (object_type == "companies" ? "Company " : "Contact ") + id : name;
    if (object_type == "contacts") {
        if (const auto company = property(object, "company")) body["company_name"] = *company;
        if (const auto email = property(object, "email")) body["email"] = *email;
    } else {
        body["company_name"] = body["display_name"];
    }
    if (const auto phone = property(object, "phone")) body["phone"] = *phone;
    json address = json::object();
    for (const auto& [from, to] : {std::pair<const char*, const char*>{"address", "line1"}, {"city", "city"}, {"state", "region"},
                                   {"zip", "postal_code"}, {"country", "country"}}) {
        if (const auto value = property(object, from)) address[to] = *value;
    }
    if (!address.empty()) body["billing_address"] = address;
    return make_record<sdk::model::Customer>(object, "customer", std::move(body));
}

sdk::Record product_record(const json& product, const std::string& currency) {
    json body = json::object();
    const std::string id = object_id(product);
    const auto name = property(product, "name");
    if (!name) throw TranslationError("product " + id + " has no name");
    body["name"] = *name;
    if (const auto sku = property(product, "hs_sku")) body["sku"] = *sku;
    if (const auto description = property(product, "description")) body["description"] = *description;
    if (const auto price = decimal_property(product, "price")) {
        body["unit_price"] = *price;
        body["currency"] = currency;
    }
    body["type"] = property(product, "hs_product_type").value_or("service");
    return make_record<sdk::model::Product>(product, "product", std::move(body));
}

}  // namespace ledgersync::connectors::hubspot
