#include "qbo/sales_form_view.hpp"

#include "qbo/qbo_json.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

std::string cents(const sdk::Decimal& amount) { return amount.rounded(2, sdk::RoundingMode::half_up).to_string(); }

std::string address_text(const nlohmann::json& address) {
    if (!address.is_object())
        return {};
    std::string out;
    for (const char* member :
         {"Line1", "Line2", "Line3", "City", "CountrySubDivisionCode", "PostalCode"}) {
        const std::string part = string_member(address, member);
        if (!part.empty())
            out += (out.empty() ? "" : ", ") + part;
    }
    return out;
}

}  // namespace

SalesFormView SalesFormView::of(const nlohmann::json& txn) {
    SalesFormView view;
    view.number = string_member(txn, "DocNumber");
    view.date = string_member(txn, "TxnDate");
    view.due_date = string_member(txn, "DueDate");
    const nlohmann::json customer = txn.value("CustomerRef", nlohmann::json::object());
    view.customer = customer.is_object() ? string_member(customer, "name") : "";
    view.billing_address = address_text(txn.value("BillAddr", nlohmann::json::object()));
    view.currency = reference_value(txn, "CurrencyRef");
    sdk::Decimal discount;
    bool discounted = false;
    for (const auto& line : txn.value("Line", nlohmann::json::array())) {
        const std::string type = string_member(line, "DetailType");
        if (type == "SalesItemLineDetail" || type == "DescriptionOnly" || type == "GroupLineDetail") {
            const nlohmann::json detail = line.value(type, nlohmann::json::object());
            Line shown;
            shown.description = string_member(line, "Description");
            if (shown.description.empty() && detail.is_object()) {
                const auto item = detail.value("ItemRef", nlohmann::json::object());
                shown.description = item.is_object() ? string_member(item, "name") : "";
            }
            if (detail.is_object() && detail.contains("Qty"))
                shown.quantity = decimal_member(detail, "Qty").to_string();
            if (detail.is_object() && detail.contains("UnitPrice"))
                shown.rate = decimal_member(detail, "UnitPrice").to_string();
            if (type != "DescriptionOnly")
                shown.amount = cents(decimal_member(line, "Amount"));
            view.lines.push_back(std::move(shown));
        } else if (type == "DiscountLineDetail") {
            discount = decimal_member(line, "Amount");
            discounted = true;
        } else if (type == "SubTotalLineDetail") {
            view.subtotal = cents(decimal_member(line, "Amount"));
        }
    }
    if (view.subtotal.empty())
        view.subtotal = cents(sdk::Decimal());
    if (discounted && !discount.is_zero())
        view.discount = cents(discount);
    view.tax = cents(decimal_member(txn.value("TxnTaxDetail", nlohmann::json::object()), "TotalTax"));
    view.total = cents(decimal_member(txn, "TotalAmt"));
    if (txn.contains("Balance"))
        view.balance = cents(decimal_member(txn, "Balance"));
    view.memo = txn.contains("CustomerMemo") ? string_member(txn.at("CustomerMemo"), "value") : "";
    for (const auto& field : txn.value("CustomField", nlohmann::json::array())) {
        const std::string value = string_member(field, "StringValue");
        if (!value.empty())
            view.custom_fields.emplace_back(string_member(field, "Name"), value);
    }
    return view;
}

}  // namespace ledgersync::sandbox::qbo
