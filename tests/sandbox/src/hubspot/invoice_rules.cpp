#include "hubspot/invoice_rules.hpp"

#include <algorithm>
#include <vector>

#include "hubspot/hubspot_error.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

using sdk::Decimal;
using sdk::RoundingMode;

constexpr int kCents = 2;

Decimal cents(const Decimal& value) {
    return value.rounded(kCents, RoundingMode::half_up);
}

Decimal percent_of(const Decimal& base, const Decimal& percent) {
    return Decimal::divide(base * percent, Decimal(100), kCents, RoundingMode::half_up);
}

// The discounts, fees or taxes of an invoice, in hs_sort_order then id.
std::vector<const CrmObject*> adjustments(CrmAccount& account, const CrmObject& invoice,
                                          const char* type_name) {
    const ObjectType& type = object_type(type_name);
    std::vector<const CrmObject*> out;
    for (const auto& [id, labels] :
         account.associations().targets("invoices", invoice.id, type.name)) {
        if (const CrmObject* o = account.live(type, id))
            out.push_back(o);
    }
    std::stable_sort(out.begin(), out.end(), [](const CrmObject* a, const CrmObject* b) {
        const Decimal x = stored_decimal(*a, "hs_sort_order");
        const Decimal y = stored_decimal(*b, "hs_sort_order");
        return x != y ? x < y : a->id < b->id;
    });
    return out;
}

// A FIXED adjustment is its value; a PERCENT one is that percentage of `base`.
Decimal adjustment_amount(const CrmObject& adjustment, const Decimal& base) {
    const Decimal value = stored_decimal(adjustment, "hs_value");
    return adjustment.value("hs_type") == "PERCENT" ? percent_of(base, value) : cents(value);
}

}  // namespace

Decimal stored_decimal(const CrmObject& object, const std::string& property) {
    const std::string& text = object.value(property);
    if (text.empty())
        return Decimal(0);
    try {
        return Decimal::parse(text);
    } catch (const sdk::DecimalError&) {
        throw errors::validation("Property " + property + " of record " +
                                 std::to_string(object.id) + " holds \"" + text +
                                 "\", which is not a number");
    }
}

std::string money_text(const Decimal& value) {
    return cents(value).to_string();
}

LineAmount line_item_amount(const CrmObject& line_item) {
    const Decimal quantity =
        line_item.value("quantity").empty() ? Decimal(1) : stored_decimal(line_item, "quantity");
    const Decimal price = stored_decimal(line_item, "price");
    const Decimal gross = cents(quantity * price);
    Decimal net = cents(quantity * (price - stored_decimal(line_item, "discount")));
    const Decimal percent = stored_decimal(line_item, "hs_discount_percentage");
    if (percent.sign() != 0)
        net = net - percent_of(net, percent);
    return {net, gross - net};
}

InvoiceTotals invoice_totals(CrmAccount& account, const CrmObject& invoice) {
    InvoiceTotals t;
    const ObjectType& line_items = object_type("line_items");
    for (const auto& [id, labels] :
         account.associations().targets("invoices", invoice.id, "line_items")) {
        if (const CrmObject* line = account.live(line_items, id))
            t.subtotal = t.subtotal + line_item_amount(*line).amount;
    }
    Decimal running = t.subtotal;
    for (const CrmObject* discount : adjustments(account, invoice, "discounts")) {
        Decimal amount = adjustment_amount(*discount, running);
        if (amount > running)
            amount = running;  // a discount never takes the invoice below zero
        running = running - amount;
        t.discounts = t.discounts + amount;
    }
    for (const CrmObject* fee : adjustments(account, invoice, "fees"))
        t.fees = t.fees + adjustment_amount(*fee, running);
    const Decimal taxable = running + t.fees;
    for (const CrmObject* tax : adjustments(account, invoice, "taxes"))
        t.taxes = t.taxes + adjustment_amount(*tax, taxable);
    t.billed = taxable + t.taxes;

    const ObjectType& payments = object_type("commerce_payments");
    for (const auto& [id, labels] :
         account.associations().targets("invoices", invoice.id, "commerce_payments")) {
        const CrmObject* payment = account.live(payments, id);
        if (payment == nullptr)
            continue;
        const std::string& status = payment->value("hs_latest_status");
        if (status != "succeeded" && status != "partially_refunded" && status != "refunded")
            continue;
        Decimal net = stored_decimal(*payment, "hs_initial_amount") -
                      stored_decimal(*payment, "hs_refunds_amount");
        if (net.sign() < 0)
            net = Decimal(0);
        t.paid = t.paid + net;
    }
    t.balance_due = t.billed - t.paid;
    if (t.balance_due.sign() < 0)
        t.balance_due = Decimal(0);
    if (invoice.value("hs_invoice_status") == "voided")
        t.balance_due = Decimal(0);
    return t;
}

void check_invoice_transition(const std::string& invoice_id, const std::string& from,
                              const std::string& to, std::size_t contacts, std::size_t line_items) {
    if (from == to)
        return;
    const std::string what = "Invoice " + (invoice_id.empty() ? std::string("(new)") : invoice_id);
    if (to == "draft" && !from.empty()) {
        throw errors::validation(what + " is " + from +
                                 "; an invoice cannot go back to draft once finalized");
    }
    if (to == "open") {
        if (from != "draft" && !from.empty() && from != "paid")
            throw errors::validation(what + " is " + from + " and cannot be reopened");
        if (from == "paid")
            throw errors::validation(what + " is paid; its status follows its payments");
        if (contacts != 1 || line_items == 0) {
            throw errors::validation(what +
                                     " cannot be finalized (moved to open): it needs exactly one "
                                     "associated contact (it has " +
                                     std::to_string(contacts) +
                                     ") and at least one line item (it has " +
                                     std::to_string(line_items) +
                                     "); associate them (types 177 and 409) before setting "
                                     "hs_invoice_status to open")
                .sub_category("INVOICE_NOT_READY_TO_FINALIZE");
        }
    }
    if (to == "paid") {
        throw errors::validation(
            what +
            ": hs_invoice_status becomes paid when associated payments cover the "
            "balance due; recording payments by setting the status is not possible "
            "through the API");
    }
    if (to == "voided" && from != "open") {
        throw errors::validation(what + " is " + (from.empty() ? std::string("new") : from) +
                                 "; only open invoices can be voided");
    }
    if (from == "voided")
        throw errors::validation(what + " is voided; a voided invoice cannot change status");
}

}  // namespace ledgersync::sandbox::hubspot
