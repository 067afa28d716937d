// Invoice <-> canonical invoice. The rules (docs/connectors/quickbooks.md, "Invoices"):
//  - SalesItemLineDetail lines are item lines, or fee / tax / discount lines when their item is
//    one of the mapping's fee, tax or discount items (QBO's SHIPPING_ITEM_ID is a fee);
//  - the one DiscountLineDetail is the invoice-level discount;
//  - TxnTaxDetail (QBO's own sales tax) becomes tax lines, one per TaxLine, whatever the
//    invoice's GlobalTaxCalculation: QBO's Line.Amount is always the amount before tax, also on
//    a "TaxInclusive" invoice, whose SalesItemLineDetail.TaxInclusiveAmt carries the amount
//    with tax; TotalAmt = the lines + TxnTaxDetail.TotalTax either way;
//  - SubTotalLineDetail is computed and DescriptionOnly lines carry no amount: both stay in raw;
//  - GroupLineDetail bundles are read as their component lines.
// Writing: item, fee, tax and discount lines become SalesItemLineDetail lines on their product
// or the mapping's items; a line discount becomes a discount line right after its line; the
// invoice discount becomes the DiscountLineDetail (an amount when tax lines exist, because QBO
// would take a percentage of a subtotal that includes them). Tax lines carry the mapping's
// non-taxable tax code, so that QBO's own sales tax never taxes the tax again.

#include <map>

#include "qbo_json.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;
using sdk::Decimal;
using sdk::RoundingMode;
using sdk::model::Discount;
using sdk::model::Invoice;
using sdk::model::InvoiceStatus;
using sdk::model::LineItem;
using sdk::model::LineKind;
using sdk::model::Reference;

namespace {

constexpr const char* kShippingItem = "SHIPPING_ITEM_ID";
// DocNumber holds at most 21 characters (reference/qbo.md §1.10).
constexpr std::size_t kMaxDocNumber = 21;
// Unit prices QBO writes are rates with up to 5 decimals (10.5 format); quantities and prices we
// derive are kept at this many digits, enough for round(quantity x price) to give the amount.
constexpr int kDerivedScale = 10;

Decimal zero(int exponent) { return Decimal::from_parts(0, exponent); }

/// Quantity and unit price of a line for which QBO gave `amount` and possibly `qty` and
/// `price`, such that round_half_up(quantity x price) == amount. Lines with a quantity and a
/// price that do not give the amount (a QBO quirk of imported data) keep the amount, as
/// 1 x amount, and say so in the comment.
void quantity_and_price(const std::optional<Decimal>& qty, const std::optional<Decimal>& price, const Decimal& amount,
                        int exponent, LineItem& line) {
    const auto gives = [&](const Decimal& q, const Decimal& p) {
        return Decimal::multiply_rounded(q, p, exponent, RoundingMode::half_up) == amount;
    };
    if (qty && price && gives(*qty, *price)) {
        line.quantity = *qty;
        line.unit_price = *price;
        return;
    }
    if (qty && !price) {
        if (qty->is_zero() && amount.is_zero()) {
            line.quantity = *qty;
            line.unit_price = Decimal(0);
            return;
        }
        if (!qty->is_zero()) {
            const Decimal derived = Decimal::divide(amount, *qty, kDerivedScale, RoundingMode::half_up).normalized();
            if (gives(*qty, derived)) {
                line.quantity = *qty;
                line.unit_price = derived;
                return;
            }
        }
    }
    if (price && !qty && !price->is_zero()) {
        const Decimal derived = Decimal::divide(amount, *price, kDerivedScale, RoundingMode::half_up).normalized();
        if (gives(derived, *price)) {
            line.quantity = derived;
            line.unit_price = *price;
            return;
        }
    }
    if (qty && price) {
        const std::string note = "QuickBooks line gives Qty " + qty->to_string() + " x UnitPrice " + price->to_string() +
                                 " but Amount " + amount.to_string() + "; the amount is kept";
        line.comment = line.comment ? *line.comment + "; " + note : note;
    }
    line.quantity = Decimal(1);
    line.unit_price = amount;
}

/// One SalesItemLineDetail line (also the components of a bundle).
LineItem sales_item_line(const json& qbo_line, const MappingSettings& mapping, const sdk::Currency& currency,
                         const std::string& where) {
    const json empty = json::object();
    const json* detail = object_member(qbo_line, "SalesItemLineDetail");
    if (detail == nullptr) detail = &empty;
    LineItem line;
    line.id = string_member(qbo_line, "Id");
    if (line.id && line.id->empty()) line.id.reset();
    line.description = string_member(qbo_line, "Description");
    const Decimal amount = qbo_amount(decimal_member(qbo_line, "Amount").value_or(Decimal(0)), currency, where + " Amount");
    line.amount = amount;
    const std::string item = ref_value(*detail, "ItemRef").value_or("");
    if (!item.empty() && item != kShippingItem) {
        line.product = Reference("product", item, ref_name(*detail, "ItemRef"));
    }
    if (!mapping.tax_item_id.empty() && item == mapping.tax_item_id) {
        line.kind = LineKind::tax;
    } else if (item == kShippingItem || mapping.fee_item_ids.count(item) != 0) {
        line.kind = LineKind::fee;
    } else if (!mapping.discount_item_id.empty() && item == mapping.discount_item_id && amount.sign() <= 0) {
        line.kind = LineKind::discount;
    } else {
        line.kind = LineKind::item;
    }
    const auto qty = decimal_member(*detail, "Qty");
    const auto price = decimal_member(*detail, "UnitPrice");
    if (line.kind == LineKind::item) {
        quantity_and_price(qty, price, amount, currency.exponent, line);
    } else if (qty && price &&
               Decimal::multiply_rounded(*qty, *price, currency.exponent, RoundingMode::half_up) == amount) {
        line.quantity = *qty;
        line.unit_price = *price;
    }
    return line;
}

bool is_zero_or_absent(const std::optional<Decimal>& value) { return !value || value->is_zero(); }

}  // namespace

Invoice invoice_from_qbo(const json& qbo, const MappingSettings& mapping, const std::string& updated_at) {
    const std::string id = string_member(qbo, "Id").value_or("?");
    const sdk::Currency currency = qbo_currency(qbo, mapping);
    const int exponent = currency.exponent;
    Invoice invoice;
    invoice.number = string_member(qbo, "DocNumber");
    if (invoice.number && invoice.number->empty()) invoice.number.reset();
    invoice.currency = currency.code;
    invoice.issue_date = string_member(qbo, "TxnDate").value_or("");
    if (invoice.issue_date.empty()) throw TranslationError("invoice " + id + " has no TxnDate");
    invoice.due_date = string_member(qbo, "DueDate");
    if (auto customer = ref_value(qbo, "CustomerRef")) invoice.customer = Reference("customer", *customer, ref_name(qbo, "CustomerRef"));
    if (auto memo = object_member(qbo, "CustomerMemo")) invoice.memo = string_member(*memo, "value");
    if (auto term = ref_value(qbo, "SalesTermRef")) {
        invoice.terms = ref_name(qbo, "SalesTermRef");
        if (!invoice.terms) {
            for (const auto& [name, term_id] : mapping.term_ids) {
                if (term_id == *term) invoice.terms = name;
            }
        }
    }

    std::optional<Decimal> discount_amount;
    const json* lines = array_member(qbo, "Line");
    if (lines != nullptr) {
        for (std::size_t i = 0; i < lines->size(); ++i) {
            const json& line = (*lines)[i];
            const std::string where = "invoice " + id + " Line[" + std::to_string(i) + "]";
            if (detail_type_is(line, "SalesItemLineDetail")) {
                invoice.lines.push_back(sales_item_line(line, mapping, currency, where));
            } else if (detail_type_is(line, "GroupLineDetail")) {
                const json* group = object_member(line, "GroupLineDetail");
                const json* parts = group == nullptr ? nullptr : array_member(*group, "Line");
                if (parts == nullptr) continue;
                for (std::size_t k = 0; k < parts->size(); ++k) {
                    if (detail_type_is((*parts)[k], "SalesItemLineDetail")) {
                        invoice.lines.push_back(
                            sales_item_line((*parts)[k], mapping, currency, where + ".GroupLineDetail.Line[" + std::to_string(k) + "]"));
                    }
                }
            } else if (detail_type_is(line, "DiscountLineDetail")) {
                if (invoice.discount) throw TranslationError(where + ": a second DiscountLineDetail (QuickBooks allows one)");
                const json empty = json::object();
                const json* detail = object_member(line, "DiscountLineDetail");
                if (detail == nullptr) detail = &empty;
                discount_amount = qbo_amount(decimal_member(line, "Amount").value_or(Decimal(0)), currency, where + " Amount").abs();
                const auto percent = decimal_member(*detail, "DiscountPercent");
                if (bool_member(*detail, "PercentBased", false) && percent) {
                    invoice.discount = Discount::percent(*percent);
                } else {
                    invoice.discount = Discount::amount(*discount_amount);
                }
            } else if (detail_type_is(line, "SubTotalLineDetail") || detail_type_is(line, "DescriptionOnly") ||
                       detail_type_is(line, "DescriptionLineDetail")) {
                continue;  // computed, or text only: kept in raw
            } else if (!is_zero_or_absent(decimal_member(line, "Amount"))) {
                throw TranslationError(where + ": line type \"" + string_member(line, "DetailType").value_or("") +
                                       "\" with an amount has no canonical form");
            }
        }
    }

    // QBO's own sales tax (TxnTaxDetail). Line amounts are before tax on every invoice, also
    // with GlobalTaxCalculation "TaxInclusive" (QBO then shows TaxInclusiveAmt on the lines and
    // still states the tax here), so the tax is always its own lines.
    if (const json* tax = object_member(qbo, "TxnTaxDetail"); tax != nullptr) {
        const Decimal total_tax = qbo_amount(decimal_member(*tax, "TotalTax").value_or(Decimal(0)), currency, "TotalTax");
        std::vector<LineItem> tax_lines;
        Decimal sum = zero(exponent);
        if (const json* tax_lines_json = array_member(*tax, "TaxLine")) {
            for (const auto& tax_line : *tax_lines_json) {
                LineItem line;
                line.kind = LineKind::tax;
                line.amount = qbo_amount(decimal_member(tax_line, "Amount").value_or(Decimal(0)), currency, "TaxLine Amount");
                std::string description = "Sales tax";
                if (const json* d = object_member(tax_line, "TaxLineDetail")) {
                    if (auto pct = decimal_member(*d, "TaxPercent")) description += " " + pct->to_string() + "%";
                    if (auto rate = ref_value(*d, "TaxRateRef")) description += " (tax rate " + *rate + ")";
                }
                line.description = description;
                sum += line.amount;
                tax_lines.push_back(std::move(line));
            }
        }
        if (sum != total_tax) {
            // No itemised tax, or lines that do not add up: the total is what QBO charges.
            tax_lines.clear();
            if (!total_tax.is_zero()) {
                LineItem line;
                line.kind = LineKind::tax;
                line.amount = total_tax;
                line.description = "Sales tax";
                tax_lines.push_back(std::move(line));
            }
        }
        for (auto& line : tax_lines) invoice.lines.push_back(std::move(line));
    }

    const sdk::Money total = qbo_money(qbo, "TotalAmt", currency, "TotalAmt");
    const sdk::Money balance = qbo_money(qbo, "Balance", currency, "Balance", total);
    if (is_voided(qbo)) {
        invoice.status = InvoiceStatus::voided;
    } else if (balance.is_zero()) {
        invoice.status = InvoiceStatus::paid;
    } else {
        invoice.status = InvoiceStatus::open;
    }

    // A percentage discount is kept as a percentage when it is what QBO charged on the canonical
    // subtotal; otherwise (tax lines in QBO's subtotal, rounding) the amount QBO charged.
    invoice.totals.amount_paid = (total - balance).amount();
    invoice.totals = invoice.computed_totals();
    if (invoice.discount && invoice.discount->is_percent() && discount_amount && invoice.totals.discount != *discount_amount) {
        invoice.discount = Discount::amount(*discount_amount);
        invoice.totals = invoice.computed_totals();
    }
    if (invoice.total() != total) {
        throw TranslationError("invoice " + id + ": its lines make a total of " + invoice.total().to_string() +
                               " but QuickBooks says TotalAmt " + total.to_string());
    }

    std::map<std::string, std::string> names_by_id;
    for (const auto& [name, definition] : mapping.custom_field_ids) names_by_id[definition] = name;
    if (const json* fields = array_member(qbo, "CustomField")) {
        for (const auto& field : *fields) {
            const auto value = string_member(field, "StringValue");
            if (!value) continue;  // a defined field without a value on this invoice
            const std::string definition = string_member(field, "DefinitionId").value_or("");
            std::string name;
            if (auto mapped = names_by_id.find(definition); mapped != names_by_id.end()) name = mapped->second;
            else name = string_member(field, "Name").value_or("custom_field_" + definition);
            invoice.custom_fields[name] = *value;
        }
    }
    invoice.source_system = "quickbooks";
    invoice.updated_at = updated_at;
    return invoice;
}

// ----------------------------------------------------------------------------------------------
// canonical -> QBO

namespace {

/// A SalesItemLineDetail line; `tax_code` "" leaves QBO's default for the item.
json sales_line(const std::string& item_id, const std::optional<std::string>& description, const Decimal& quantity,
                const Decimal& price, const Decimal& amount, const std::string& tax_code) {
    json detail{{"ItemRef", qbo_ref(item_id)}, {"Qty", qbo_number(quantity)}, {"UnitPrice", qbo_number(price)}};
    if (!tax_code.empty()) detail["TaxCodeRef"] = qbo_ref(tax_code);
    json line{{"DetailType", "SalesItemLineDetail"}, {"Amount", qbo_number(amount)}, {"SalesItemLineDetail", std::move(detail)}};
    if (description && !description->empty()) line["Description"] = *description;
    return line;
}

std::optional<std::string> line_text(const LineItem& line) {
    if (line.description && line.comment) return *line.description + " (" + *line.comment + ")";
    if (line.description) return line.description;
    return line.comment;
}

}  // namespace

QboBody invoice_to_qbo(const sdk::Record& record, const MappingSettings& mapping, bool custom_numbers) {
    const Invoice invoice = canonical_body<Invoice>(record);
    const std::string label = "invoice " + (invoice.number ? *invoice.number : record.identity.id);
    const int exponent = sdk::Currency::of(invoice.currency).exponent;
    const ResolvedLinks links(record);
    QboBody out;
    out.entity = "Invoice";
    out.label = label;
    out.expected_total = invoice.totals.total;
    json& body = out.body;

    if (invoice.status == InvoiceStatus::draft) {
        refuse(label, "it is a draft; drafts are not synced (an invoice is synced once it is finalized)",
               "finalize the invoice, or filter drafts out of the route");
    }
    if (!invoice.customer) refuse(label, "it has no customer; QuickBooks invoices need one", "set the invoice's customer");
    body["CustomerRef"] = qbo_ref(links.qbo_id("/customer", *invoice.customer));
    if (invoice.number && custom_numbers) {
        require_length(label, "DocNumber", *invoice.number, kMaxDocNumber,
                       "put the qbo_invoice_rules mapper last in the route (it shortens longer numbers), or "
                       "shorten the number in the source, then retry");
        body["DocNumber"] = *invoice.number;
    }
    body["TxnDate"] = invoice.issue_date;
    if (invoice.due_date) body["DueDate"] = *invoice.due_date;
    body["CurrencyRef"] = qbo_ref(invoice.currency);
    if (invoice.memo) body["CustomerMemo"] = json{{"value", *invoice.memo}};
    if (invoice.terms) {
        const auto term = mapping.term_ids.find(*invoice.terms);
        if (term == mapping.term_ids.end()) {
            refuse(label, "its payment terms \"" + *invoice.terms + "\" have no QuickBooks term to go to",
                   "add them to mapping.term_ids (the terms as the source names them -> the id of the QuickBooks term, "
                   "Settings > All lists > Terms), or remove the terms from the source invoice, then retry");
        }
        body["SalesTermRef"] = qbo_ref(term->second);
    }
    if (!invoice.custom_fields.empty()) {
        json fields = json::array();
        for (const auto& [name, value] : invoice.custom_fields) {
            const auto definition = mapping.custom_field_ids.find(name);
            if (definition == mapping.custom_field_ids.end()) {
                refuse(label, "its custom field \"" + name + "\" has no QuickBooks custom field to go to",
                       "map it in mapping.custom_field_ids (QuickBooks offers at most 3 sales-form custom fields), or "
                       "leave it out with a field mapping, then retry");
            }
            fields.push_back(json{{"DefinitionId", definition->second}, {"Name", name}, {"Type", "StringType"}, {"StringValue", value}});
        }
        body["CustomField"] = std::move(fields);
    }

    json lines = json::array();
    json tax_lines = json::array();
    bool has_tax_lines = false;
    for (std::size_t i = 0; i < invoice.lines.size(); ++i) {
        const LineItem& line = invoice.lines[i];
        const std::string path = "/lines/" + std::to_string(i);
        const std::string where = "line " + std::to_string(i + 1);
        const auto text = line_text(line);
        switch (line.kind) {
            case LineKind::item: {
                if (!line.product) {
                    refuse(label, where + " sells no product; QuickBooks item lines need an item",
                           "link a product to the line in the source, or make it a fee line");
                }
                const std::string item = links.qbo_id(path + "/product", *line.product);
                const Decimal gross = *line.gross_amount(exponent);
                lines.push_back(sales_line(item, text, *line.quantity, *line.unit_price, gross, mapping.line_tax_code));
                if (line.discount) {
                    const Decimal off = *line.discount_amount(exponent);
                    if (!off.is_zero()) {
                        if (mapping.discount_item_id.empty()) {
                            refuse(label, where + " has a line discount, and QuickBooks has no line discounts: it becomes "
                                              "a discount line, which needs a discount item",
                                   "set mapping.discount_item_id to the QuickBooks item for discounts, then retry");
                        }
                        std::string explanation = line.comment ? *line.comment
                                                               : (line.discount->is_percent()
                                                                      ? line.discount->value().to_string() + "% discount"
                                                                      : std::string("discount"));
                        const std::string description =
                            explanation + (line.description ? " on " + *line.description : std::string());
                        lines.push_back(
                            sales_line(mapping.discount_item_id, description, Decimal(1), -off, -off, mapping.line_tax_code));
                    }
                }
                break;
            }
            case LineKind::fee:
            case LineKind::discount: {
                std::string item;
                if (line.product) {
                    item = links.qbo_id(path + "/product", *line.product);
                } else {
                    item = line.kind == LineKind::fee ? mapping.fee_item_id : mapping.discount_item_id;
                    if (item.empty()) {
                        const bool fee = line.kind == LineKind::fee;
                        refuse(label, where + " is a " + (fee ? "fee" : "discount") +
                                          " line without a product, and QuickBooks lines need an item",
                               std::string("set mapping.") + (fee ? "fee_item_id" : "discount_item_id") +
                                   " to the QuickBooks item for such lines, or link a product to the line, then retry");
                    }
                }
                const Decimal quantity = line.quantity ? *line.quantity : Decimal(1);
                const Decimal price = line.unit_price ? *line.unit_price : line.amount;
                lines.push_back(sales_line(item, text, quantity, price, line.amount, mapping.line_tax_code));
                break;
            }
            case LineKind::tax: {
                if (mapping.tax_item_id.empty()) {
                    refuse(label, where + " is a tax line; taxes are booked on an item whose account tracks collected "
                                      "tax, and no such item is configured",
                           "set mapping.tax_item_id to the QuickBooks item on your sales-tax liability account, then retry");
                }
                has_tax_lines = true;
                // Never taxed again: the line is the tax (QBO's automated sales tax would add
                // tax on a taxable line, whatever line_tax_code says for the other lines).
                tax_lines.push_back(sales_line(mapping.tax_item_id, text ? text : std::optional<std::string>("Tax"), Decimal(1),
                                               line.amount, line.amount, mapping.tax_line_tax_code));
                break;
            }
        }
    }
    if (invoice.discount && !invoice.totals.discount.is_zero()) {
        json detail = json::object();
        if (invoice.discount->is_percent() && !has_tax_lines) {
            detail["PercentBased"] = true;
            detail["DiscountPercent"] = qbo_number(invoice.discount->value());
        } else {
            detail["PercentBased"] = false;
        }
        if (!mapping.discount_account_id.empty()) detail["DiscountAccountRef"] = qbo_ref(mapping.discount_account_id);
        lines.push_back(json{{"DetailType", "DiscountLineDetail"}, {"Amount", qbo_number(invoice.totals.discount)},
                             {"DiscountLineDetail", std::move(detail)}});
    }
    for (auto& line : tax_lines) lines.push_back(std::move(line));
    if (lines.empty()) {
        refuse(label, "it has no lines; QuickBooks invoices need at least one", "add a line to the invoice, then retry");
    }
    body["Line"] = std::move(lines);
    return out;
}

}  // namespace ledgersync::connectors::quickbooks
