#include "reader.hpp"

#include <algorithm>
#include <set>

#include "invoice_payments.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

/// What an invoice is read with: the associations its translation needs (its commerce payments
/// for where each was made: the bus refuses invoices made for a payment another invoice bills).
const std::vector<std::string> kInvoiceAssociations = {"line_items", "contacts", "companies", "deals",
                                                       "discounts", "fees",     "taxes",     "commerce_payments"};

}  // namespace

std::vector<std::string> properties_read(const std::string& object_type, const std::vector<std::string>& invoice_custom_properties) {
    if (object_type == "invoices") {
        std::vector<std::string> properties = invoice_properties_read();
        properties.insert(properties.end(), invoice_custom_properties.begin(), invoice_custom_properties.end());
        return properties;
    }
    if (object_type == "line_items") {
        return {"name", "description", "quantity", "price", "amount", "discount", "hs_discount_percentage", "hs_product_id",
                "hs_line_item_currency_code", "hs_lastmodifieddate", kSourceIdProperty};
    }
    if (object_type == "discounts" || object_type == "fees" || object_type == "taxes") {
        return {"hs_label", "hs_type", "hs_value", "hs_sort_order", "hs_lastmodifieddate", kSourceIdProperty};
    }
    if (object_type == "contacts") {
        return {"firstname", "lastname", "email", "company", "phone", "address", "city", "state", "zip", "country", "lastmodifieddate"};
    }
    if (object_type == "companies") {
        return {"name", "domain", "phone", "address", "city", "state", "zip", "country", "hs_lastmodifieddate"};
    }
    // The commerce payments applied to an invoice: where each was made (invoice_payments.hpp).
    if (object_type == "commerce_payments") return invoice_payment_properties_read();
    return {"name", "hs_sku", "description", "price", "hs_product_type", "hs_lastmodifieddate"};
}

Reader::Reader(HubSpotClient& client, const HubSpotConfig& config, CompanyCurrency& company_currency)
    : ObjectReader(client, config, "hubspot"), config_(config), company_currency_(company_currency) {}

std::vector<std::string> Reader::properties_of(const std::string& object_type) const {
    return properties_read(object_type, config_.invoice_custom_properties);
}

std::vector<std::string> Reader::associations_of(const std::string& object_type) const {
    return object_type == "invoices" ? kInvoiceAssociations : std::vector<std::string>{};
}

std::string Reader::object_type_of(const std::string& stream) const {
    if (stream == "invoice") return "invoices";
    if (stream == "customer") return config_.customer_from == "company" ? "companies" : "contacts";
    if (stream == "product") return "products";
    throw sdk::Unsupported("the HubSpot connector has no stream '" + stream + "' (it reads invoice, customer and product; payments and "
                           "refunds are the hubspot_payments connector's)");
}

void Reader::translate(const std::string& stream, const std::vector<json>& objects, sdk::ReadResult& result) {
    if (stream != "invoice") {
        const std::string type = object_type_of(stream);
        // A product's price is in the account's company currency (its hs_price_<currency>
        // properties, in the other currencies, have no place in the canonical product).
        const std::string currency = stream == "product" && !objects.empty() ? company_currency_.get() : std::string();
        for (const auto& object : objects) {
            try {
                result.records.push_back(stream == "customer" ? customer_record(object, type) : product_record(object, currency));
            } catch (const TranslationError& e) {
                report_untranslated(stream, object, e.what(), result);
            }
        }
        return;
    }
    std::map<std::string, std::set<std::string>> ids;
    for (const auto& invoice : objects) {
        for (const std::string type : {"line_items", "contacts", "companies", "discounts", "fees", "taxes", "commerce_payments"}) {
            for (const auto& id : associated_ids(invoice, type)) ids[type].insert(id);
        }
    }
    auto read_all = [&](const std::string& type) { return batch_read(type, {ids[type].begin(), ids[type].end()}); };
    RelatedObjects related;
    related.line_items = read_all("line_items");
    related.discounts = read_all("discounts");
    related.fees = read_all("fees");
    related.taxes = read_all("taxes");
    // Where the page's payments were made (hs_payment_source_app): one batch read for the page.
    related.payments = read_all("commerce_payments");
    // Names of customers only: the other kind's ids are kept, not read.
    if (config_.customer_from == "company") related.companies = read_all("companies");
    else related.contacts = read_all("contacts");
    for (const auto& invoice : objects) {
        try {
            result.records.push_back(invoice_record(invoice, related, config_.customer_from, config_.invoice_custom_properties));
        } catch (const TranslationError& e) {
            report_untranslated(stream, invoice, e.what(), result);
        }
    }
}

}  // namespace ledgersync::connectors::hubspot
