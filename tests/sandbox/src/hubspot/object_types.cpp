#include "hubspot/object_types.hpp"

#include "common/text_case.hpp"

#include "hubspot/hubspot_error.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

std::vector<ObjectType> build_types() {
    // Scopes: granular CRM scopes where HubSpot documents them; discounts, fees and taxes use
    // the line items' scopes (HubSpot's docs do not name theirs; see README "Decisions").
    return {
        {"contacts",
         "0-1",
         "contact",
         "Contact",
         "crm.objects.contacts.read",
         "crm.objects.contacts.write",
         {},
         {"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"},
         "createdate",
         "lastmodifieddate"},
        {"companies",
         "0-2",
         "company",
         "Company",
         "crm.objects.companies.read",
         "crm.objects.companies.write",
         {},
         {"createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"},
         "createdate",
         "hs_lastmodifieddate"},
        {"deals",
         "0-3",
         "deal",
         "Deal",
         "crm.objects.deals.read",
         "crm.objects.deals.write",
         {"dealname", "dealstage"},
         {"amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
          "hs_object_id", "pipeline"},
         "createdate",
         "hs_lastmodifieddate"},
        {"products",
         "0-7",
         "product",
         "Product",
         "crm.objects.products.read",
         "crm.objects.products.write",
         {"name"},
         {"createdate", "description", "hs_lastmodifieddate", "hs_object_id", "name", "price"},
         "createdate",
         "hs_lastmodifieddate"},
        {"line_items",
         "0-8",
         "line_item",
         "Line item",
         "crm.objects.line_items.read",
         "crm.objects.line_items.write",
         {},
         {"createdate", "hs_lastmodifieddate", "hs_object_id", "name", "price", "quantity",
          "amount"},
         "createdate",
         "hs_lastmodifieddate"},
        {"invoices",
         "0-53",
         "invoice",
         "Invoice",
         "crm.objects.invoices.read",
         "crm.objects.invoices.write",
         {"hs_currency"},
         {"hs_createdate", "hs_lastmodifieddate", "hs_object_id"},
         "hs_createdate",
         "hs_lastmodifieddate"},
        {"discounts",
         "0-84",
         "discount",
         "Discount",
         "crm.objects.line_items.read",
         "crm.objects.line_items.write",
         {"hs_type", "hs_value"},
         {"hs_createdate", "hs_lastmodifieddate", "hs_object_id", "hs_label", "hs_type",
          "hs_value"},
         "hs_createdate",
         "hs_lastmodifieddate"},
        {"fees",
         "0-85",
         "fee",
         "Fee",
         "crm.objects.line_items.read",
         "crm.objects.line_items.write",
         {"hs_type", "hs_value"},
         {"hs_createdate", "hs_lastmodifieddate", "hs_object_id", "hs_label", "hs_type",
          "hs_value"},
         "hs_createdate",
         "hs_lastmodifieddate"},
        {"taxes",
         "0-86",
         "tax",
         "Tax",
         "crm.objects.line_items.read",
         "crm.objects.line_items.write",
         {"hs_type", "hs_value"},
         {"hs_createdate", "hs_lastmodifieddate", "hs_object_id", "hs_label", "hs_type",
          "hs_value"},
         "hs_createdate",
         "hs_lastmodifieddate"},
        {"commerce_payments",
         "0-101",
         "commerce_payment",
         "Commerce payment",
         "crm.objects.commercepayments.read",
         "crm.objects.commercepayments.write",
         {"hs_initial_amount", "hs_initiated_date"},
         {"hs_createdate", "hs_lastmodifieddate", "hs_object_id"},
         "hs_createdate",
         "hs_lastmodifieddate"},
    };
}

}  // namespace

const std::vector<ObjectType>& all_object_types() {
    static const std::vector<ObjectType> types = build_types();
    return types;
}

const ObjectType* find_object_type(std::string_view name) {
    for (const auto& type : all_object_types()) {
        if (equals_ascii_ignore_case(name, type.name) || name == type.type_id ||
            equals_ascii_ignore_case(name, type.singular))
            return &type;
    }
    // Commerce payments are also called "payment" in association names ("payment_to_invoice").
    if (equals_ascii_ignore_case(name, "payments") || equals_ascii_ignore_case(name, "payment") ||
        equals_ascii_ignore_case(name, "commerce_payment"))
        return find_object_type("commerce_payments");
    if (equals_ascii_ignore_case(name, "line_item") ||
        equals_ascii_ignore_case(name, "lineitems") || equals_ascii_ignore_case(name, "lineitem"))
        return find_object_type("line_items");
    return nullptr;
}

const ObjectType& object_type(std::string_view name) {
    if (const ObjectType* type = find_object_type(name))
        return *type;
    std::string known;
    for (const auto& type : all_object_types())
        known += (known.empty() ? "" : ", ") + type.name;
    throw errors::validation("Unable to infer object type from: " + std::string(name) +
                             " (the sandbox serves " + known + ")");
}

}  // namespace ledgersync::sandbox::hubspot
