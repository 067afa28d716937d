// Payment <-> canonical payment. A QBO payment is money received (status succeeded; a voided one
// is failed), applied to invoices through Line[].LinkedTxn. Writing one applies it to its
// invoices in order, each up to its open balance (sdk::model::PaymentAllocation); a payment of
// more than they owe is refused (mapping.overpayment "fail", the default) or its rest stays
// unapplied in QBO ("leave_unapplied"). A payment never pays an invoice in another currency:
// that is refused.

#include <algorithm>

#include "qbo_json.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;
using sdk::Decimal;
using sdk::model::Payment;
using sdk::model::PaymentMethod;
using sdk::model::PaymentSource;
using sdk::model::PaymentStatus;

namespace {

// QBO's PaymentRefNum holds at most 21 characters (UTF-16 code units, as QBO counts them).
constexpr std::size_t kMaxPaymentRefNum = 21;

std::optional<PaymentMethod> method_from_qbo(const json& payment, const MappingSettings& mapping) {
    const auto id = ref_value(payment, "PaymentMethodRef");
    if (!id) return std::nullopt;
    for (const auto& [name, method_id] : mapping.payment_method_ids) {
        if (method_id == *id) return sdk::model::enum_from_name<PaymentMethod>(name);
    }
    // Intuit's default payment method names.
    std::string name = ref_name(payment, "PaymentMethodRef").value_or("");
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name.empty()) return std::nullopt;
    if (name == "cash") return PaymentMethod::cash;
    if (name == "check" || name == "cheque") return PaymentMethod::check;
    for (const char* card : {"credit card", "visa", "mastercard", "american express", "discover", "diners club"}) {
        if (name == card) return PaymentMethod::card;
    }
    if (name == "ach" || name == "e-check" || name == "echeck") return PaymentMethod::ach;
    if (name == "wire" || name == "wire transfer") return PaymentMethod::wire_transfer;
    return PaymentMethod::other;
}

}  // namespace

Payment payment_from_qbo(const json& qbo, const MappingSettings& mapping) {
    const std::string id = string_member(qbo, "Id").value_or("?");
    const sdk::Currency currency = qbo_currency(qbo, mapping);
    Payment payment;
    payment.amount = qbo_amount(decimal_member(qbo, "TotalAmt").value_or(Decimal(0)), currency, "payment " + id + " TotalAmt");
    payment.currency = currency.code;
    payment.date = string_member(qbo, "TxnDate").value_or("");
    if (payment.date.empty()) throw TranslationError("payment " + id + " has no TxnDate");
    payment.status = is_voided(qbo) ? PaymentStatus::failed : PaymentStatus::succeeded;
    payment.source = PaymentSource::qbo;
    payment.method = method_from_qbo(qbo, mapping);
    payment.reference_number = string_member(qbo, "PaymentRefNum");
    if (payment.reference_number && payment.reference_number->empty()) payment.reference_number.reset();
    if (auto customer = ref_value(qbo, "CustomerRef")) {
        payment.customer = sdk::model::Reference("customer", *customer, ref_name(qbo, "CustomerRef"));
    }
    payment.processor_ids["qbo_payment"] = id;
    if (const json* lines = array_member(qbo, "Line")) {
        for (const auto& line : *lines) {
            const json* linked = array_member(line, "LinkedTxn");
            if (linked == nullptr) continue;
            for (const auto& txn : *linked) {
                if (string_member(txn, "TxnType").value_or("") != "Invoice") continue;
                const std::string invoice = string_member(txn, "TxnId").value_or("");
                if (invoice.empty()) continue;
                const bool seen = std::any_of(payment.invoices.begin(), payment.invoices.end(),
                                              [&](const auto& ref) { return ref.id == invoice; });
                if (!seen) payment.invoices.emplace_back("invoice", invoice);
            }
        }
    }
    return payment;
}

InvoiceBalance invoice_balance_from_qbo(const json& invoice, const MappingSettings& mapping, const Decimal& reapplicable) {
    const std::string id = string_member(invoice, "Id").value_or("");
    try {
        const sdk::Currency currency = qbo_currency(invoice, mapping);
        const sdk::Money balance = qbo_money(invoice, "Balance", currency, "Balance");
        return InvoiceBalance{id, balance + sdk::Money(reapplicable, currency), ref_value(invoice, "CustomerRef").value_or("")};
    } catch (const TranslationError& e) {
        refuse("a payment of invoice " + id, std::string("the invoice cannot be read: ") + e.what(),
               "correct the invoice in QuickBooks, then retry");
    }
}

QboBody payment_to_qbo(const sdk::Record& record, const MappingSettings& mapping, const std::vector<InvoiceBalance>& invoices,
                       const std::string& customer_id) {
    const Payment payment = canonical_body<Payment>(record);
    QboBody out;
    out.entity = "Payment";
    out.label = "payment " + (payment.reference_number ? *payment.reference_number : record.identity.id);
    if (payment.status == PaymentStatus::pending || payment.status == PaymentStatus::failed) {
        refuse(out.label, "its status is " + std::string(sdk::model::enum_name(payment.status)) +
                              "; QuickBooks books money received, so only succeeded (or later refunded) payments are written",
               "let the route carry payments once they succeed (filter on status), then retry");
    }
    if (customer_id.empty()) {
        refuse(out.label, "it names no customer and no invoice to take one from; QuickBooks payments need a customer",
               "set the payment's customer or the invoices it pays in the source, then retry");
    }
    json& body = out.body;
    body["TotalAmt"] = qbo_number(payment.amount);
    body["CustomerRef"] = qbo_ref(customer_id);
    body["CurrencyRef"] = qbo_ref(payment.currency);
    body["TxnDate"] = payment.date;
    std::string note;
    if (payment.reference_number) {
        // A longer reference is cut on a character boundary, and kept whole in PrivateNote.
        const std::string cut = truncate_for_qbo(*payment.reference_number, kMaxPaymentRefNum);
        body["PaymentRefNum"] = cut;
        if (cut.size() != payment.reference_number->size()) note += "Reference: " + *payment.reference_number + "\n";
    }
    if (payment.method) {
        if (auto method = mapping.payment_method_ids.find(std::string(sdk::model::enum_name(*payment.method)));
            method != mapping.payment_method_ids.end()) {
            body["PaymentMethodRef"] = qbo_ref(method->second);
        }
    }
    if (!mapping.payment_deposit_account_id.empty()) body["DepositToAccountRef"] = qbo_ref(mapping.payment_deposit_account_id);
    note += "Received through " + std::string(sdk::model::enum_name(payment.source));
    for (const auto& [kind, id] : payment.processor_ids) note += "\n" + kind + ": " + id;
    body["PrivateNote"] = note;

    std::vector<sdk::model::OpenInvoice> open;
    for (const auto& invoice : invoices) open.push_back({invoice.id, invoice.balance});
    const sdk::model::PaymentAllocation allocation = [&] {
        try {
            return sdk::model::PaymentAllocation::allocate(payment.amount_money(), open);
        } catch (const sdk::model::PaymentCurrencyMismatch& e) {
            refuse(out.label, e.what(),
                   "correct the payment's currency or the invoices it pays in the source, then retry; ledgersync "
                   "never converts between currencies");
        }
    }();
    const bool overpaid = !allocation.unapplied.is_zero() && !allocation.unapplied.is_negative();
    if (!invoices.empty() && overpaid && mapping.overpayment == "fail") {
        // At the currency's minor unit, as people write amounts (QBO sends "600.0").
        const auto shown = [](const sdk::Money& m) { return sdk::Money::from_minor_units(m.minor_units(), m.currency()).to_string(); };
        std::string owed;
        for (const auto& invoice : invoices) {
            owed += (owed.empty() ? "" : ", ") + std::string("invoice ") + invoice.id + " " + shown(invoice.balance);
        }
        refuse(out.label, "it is an overpayment: " + shown(payment.amount_money()) +
                              " is more than the open balance of the invoices it pays (" + owed + "), by " +
                              shown(allocation.unapplied),
               "refund the part paid too much at the processor (ledgersync payments refund) or correct the invoice, then "
               "retry; to book the rest as the customer's credit instead, set mapping.overpayment to \"leave_unapplied\"");
    }
    json lines = json::array();
    for (const auto& applied : allocation.applied) {
        lines.push_back(json{{"Amount", qbo_number(applied.amount.amount())},
                             {"LinkedTxn", json::array({json{{"TxnId", applied.invoice_id}, {"TxnType", "Invoice"}}})}});
    }
    body["Line"] = std::move(lines);
    return out;
}

}  // namespace ledgersync::connectors::quickbooks
