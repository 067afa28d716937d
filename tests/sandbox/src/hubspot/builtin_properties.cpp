#include "hubspot/builtin_properties.hpp"

#include <cctype>
#include <cstring>
#include <sstream>

namespace ledgersync::sandbox::hubspot {

namespace {

enum Flags : unsigned { kNone = 0, kReadOnly = 1, kUnique = 2 };

struct Row {
    const char* types;  ///< comma-separated object type names, "*" for every type
    const char* name;
    const char* type;
    const char* field_type;
    unsigned flags;
    const char* options;  ///< comma-separated enumeration values
};

// clang-format off
const Row kRows[] = {
    {"*", "hs_object_id", "number", "number", kReadOnly, ""},
    {"invoices,line_items,discounts,fees,taxes,commerce_payments,products,companies,deals", "hs_lastmodifieddate", "datetime", "date", kReadOnly, ""},
    {"invoices,discounts,fees,taxes,commerce_payments", "hs_createdate", "datetime", "date", kReadOnly, ""},
    {"contacts,companies,deals,products,line_items", "createdate", "datetime", "date", kReadOnly, ""},
    {"contacts", "lastmodifieddate", "datetime", "date", kReadOnly, ""},
    {"contacts", "email", "string", "text", kUnique, ""},
    {"contacts", "firstname", "string", "text", kNone, ""},
    {"contacts", "lastname", "string", "text", kNone, ""},
    {"contacts,companies", "phone", "string", "phonenumber", kNone, ""},
    {"contacts", "company", "string", "text", kNone, ""},
    {"contacts,companies", "address", "string", "text", kNone, ""},
    {"contacts,companies", "city", "string", "text", kNone, ""},
    {"contacts,companies", "state", "string", "text", kNone, ""},
    {"contacts,companies", "zip", "string", "text", kNone, ""},
    {"contacts,companies", "country", "string", "text", kNone, ""},
    {"companies,products,line_items", "name", "string", "text", kNone, ""},
    {"companies", "domain", "string", "text", kNone, ""},
    {"deals", "dealname", "string", "text", kNone, ""},
    {"deals", "dealstage", "enumeration", "radio", kNone, "appointmentscheduled,qualifiedtobuy,presentationscheduled,decisionmakerboughtin,contractsent,closedwon,closedlost"},
    {"deals", "pipeline", "enumeration", "select", kNone, "default"},
    {"deals", "amount", "number", "number", kNone, ""},
    {"deals", "closedate", "datetime", "date", kNone, ""},
    {"deals", "deal_currency_code", "string", "text", kNone, ""},
    {"products,line_items", "description", "string", "textarea", kNone, ""},
    {"products,line_items", "price", "number", "number", kNone, ""},
    {"products,line_items", "hs_sku", "string", "text", kNone, ""},
    {"products", "hs_cost_of_goods_sold", "number", "number", kNone, ""},
    {"products", "hs_product_type", "enumeration", "select", kNone, "inventory,non_inventory,service"},
    {"line_items", "quantity", "number", "number", kNone, ""},
    {"line_items", "amount", "number", "number", kReadOnly, ""},
    {"line_items", "discount", "number", "number", kNone, ""},
    {"line_items", "hs_discount_percentage", "number", "number", kNone, ""},
    {"line_items", "hs_total_discount", "number", "number", kReadOnly, ""},
    {"line_items", "hs_line_item_currency_code", "string", "text", kNone, ""},
    {"line_items", "hs_product_id", "string", "text", kNone, ""},
    {"line_items", "hs_tax_rate_group_id", "string", "text", kNone, ""},
    {"line_items", "hs_recurring_billing_period", "string", "text", kNone, ""},
    {"line_items", "recurringbillingfrequency", "enumeration", "select", kNone, "weekly,biweekly,monthly,quarterly,per_six_months,annually,per_two_years,per_three_years,per_four_years,per_five_years"},
    {"line_items", "hs_recurring_billing_start_date", "date", "date", kNone, ""},
    {"line_items", "hs_recurring_billing_end_date", "date", "date", kNone, ""},
    {"line_items", "hs_position_on_quote", "number", "number", kNone, ""},
    {"line_items", "hs_service_start_date", "date", "date", kNone, ""},
    {"invoices", "hs_currency", "string", "text", kNone, ""},
    {"invoices", "hs_invoice_status", "enumeration", "select", kNone, "draft,open,paid,voided"},
    {"invoices", "hs_number", "string", "text", kReadOnly, ""},
    {"invoices", "hs_invoice_date", "datetime", "date", kNone, ""},
    {"invoices", "hs_due_date", "datetime", "date", kNone, ""},
    {"invoices", "hs_subtotal", "number", "number", kReadOnly, ""},
    {"invoices", "hs_amount_billed", "number", "number", kReadOnly, ""},
    {"invoices", "hs_amount_paid", "number", "number", kReadOnly, ""},
    {"invoices", "hs_balance_due", "number", "number", kReadOnly, ""},
    {"invoices", "hs_total_discounts", "number", "number", kReadOnly, ""},
    {"invoices", "hs_total_fees", "number", "number", kReadOnly, ""},
    {"invoices", "hs_total_taxes", "number", "number", kReadOnly, ""},
    {"invoices", "hs_payment_date", "datetime", "date", kReadOnly, ""},
    {"invoices", "hs_voided_date", "datetime", "date", kReadOnly, ""},
    {"invoices", "hs_purchase_order_number", "string", "text", kNone, ""},
    {"invoices", "hs_comments", "string", "textarea", kNone, ""},
    {"invoices", "hs_tax_id", "string", "text", kNone, ""},
    {"invoices", "hs_language", "string", "text", kNone, ""},
    {"invoices", "hs_locale", "string", "text", kNone, ""},
    {"invoices", "hs_title", "string", "text", kNone, ""},
    {"invoices", "hs_invoice_billable", "bool", "booleancheckbox", kNone, "true,false"},
    {"invoices", "hs_invoice_source", "string", "text", kNone, ""},
    {"invoices", "hs_invoice_link", "string", "text", kReadOnly, ""},
    {"invoices", "hs_pdf_download_link", "string", "text", kReadOnly, ""},
    {"invoices", "hs_allow_partial_payments", "bool", "booleancheckbox", kNone, "true,false"},
    {"invoices", "hs_invoice_payment_collection_method", "enumeration", "select", kNone, "manual,none"},
    {"invoices", "hs_custom_fields", "string", "text", kNone, ""},
    {"discounts,fees,taxes", "hs_label", "string", "text", kNone, ""},
    {"discounts,fees,taxes", "hs_type", "enumeration", "select", kNone, "FIXED,PERCENT"},
    {"discounts,fees,taxes", "hs_value", "number", "number", kNone, ""},
    {"discounts,fees,taxes", "hs_sort_order", "number", "number", kNone, ""},
    {"commerce_payments", "hs_initial_amount", "number", "number", kNone, ""},
    {"commerce_payments", "hs_initiated_date", "datetime", "date", kNone, ""},
    {"commerce_payments", "hs_currency_code", "string", "text", kNone, ""},
    {"commerce_payments", "hs_customer_email", "string", "text", kNone, ""},
    {"commerce_payments", "hs_latest_status", "enumeration", "select", kNone, "processing,succeeded,failed,partially_refunded,refunded,processing_refund,disputed_won,disputed_lost,disputed_action_required,disputed_awaiting_decision"},
    {"commerce_payments", "hs_payment_method_type", "enumeration", "select", kNone, "card,ach,cash,check,wire_transfer,other,sepa,bacs,pads"},
    {"commerce_payments", "hs_processor_type", "enumeration", "select", kNone, "hs_payments,byo_stripe,none,quickbooks,xero"},
    {"commerce_payments", "hs_fees_amount", "number", "number", kNone, ""},
    {"commerce_payments", "hs_refunds_amount", "number", "number", kNone, ""},
    {"commerce_payments", "hs_reference_number", "string", "text", kNone, ""},
    {"commerce_payments", "hs_internal_comment", "string", "textarea", kNone, ""},
    {"commerce_payments", "hs_payout_date", "datetime", "date", kNone, ""},
    {"commerce_payments", "hs_platform_fee", "number", "number", kReadOnly, ""},
    {"commerce_payments", "hs_net_amount", "number", "number", kReadOnly, ""},
    {"commerce_payments", "hs_net_amount_after_refunds", "number", "number", kReadOnly, ""},
    {"commerce_payments", "hs_payment_creation_method", "string", "text", kReadOnly, ""},
    {"commerce_payments", "hs_has_associated_invoice", "bool", "booleancheckbox", kReadOnly, "true,false"},
    {"commerce_payments", "hs_payment_source_app", "enumeration", "select", kReadOnly, "SALES_CHECKOUT,QUOTE,INVOICE,MIGRATION,SUBSCRIPTION"},
    {"commerce_payments", "hs_payment_source_id", "string", "text", kReadOnly, ""},
};
// clang-format on

bool applies_to(const Row& row, const std::string& type) {
    if (std::strcmp(row.types, "*") == 0)
        return true;
    std::stringstream list(row.types);
    std::string item;
    while (std::getline(list, item, ',')) {
        if (item == type)
            return true;
    }
    return false;
}

std::string label_of(const std::string& name) {
    std::string label;
    bool upper = true;
    for (std::size_t i = name.rfind("hs_", 0) == 0 ? 3 : 0; i < name.size(); ++i) {
        const char c = name[i];
        if (c == '_') {
            label.push_back(' ');
            upper = true;
        } else {
            label.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                                  : c);
            upper = false;
        }
    }
    return label;
}

}  // namespace

std::vector<PropertyDefinition> builtin_properties(const ObjectType& type) {
    std::vector<PropertyDefinition> out;
    int order = 0;
    for (const Row& row : kRows) {
        if (!applies_to(row, type.name))
            continue;
        PropertyDefinition p;
        p.name = row.name;
        p.label = label_of(row.name);
        p.type = row.type;
        p.field_type = row.field_type;
        p.group_name = type.singular + "information";
        p.hubspot_defined = true;
        p.read_only_value = (row.flags & kReadOnly) != 0;
        p.has_unique_value = (row.flags & kUnique) != 0;
        p.display_order = order++;
        std::stringstream list(row.options);
        std::string value;
        int option_order = 0;
        while (std::getline(list, value, ','))
            p.options.push_back({label_of(value), value, option_order++, false});
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<PropertyGroup> builtin_groups(const ObjectType& type) {
    return {{type.singular + "information", type.label + " information", 0, false}};
}

}  // namespace ledgersync::sandbox::hubspot
