// RefundReceipt / CreditMemo <-> canonical refund. QBO cannot link a refund receipt to the payment
// it refunds (reference/qbo.md §1.10-1.11), so the connector writes the payment and the reason
// into PrivateNote as a marker line ("[ledgersync] payment=125; reason=duplicate") and reads it
// back; a refund made in QBO by hand names its payment with the same line, or through a
// LinkedTxn of type Payment when QBO has one.

#include "qbo_json.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;
using sdk::Decimal;
using sdk::model::Refund;
using sdk::model::RefundBooking;
using sdk::model::RefundReason;
using sdk::model::RefundStatus;

namespace {

std::string reason_text(RefundReason reason) {
    switch (reason) {
        case RefundReason::duplicate: return "duplicate payment";
        case RefundReason::fraudulent: return "fraudulent payment";
        case RefundReason::requested_by_customer: return "requested by the customer";
        case RefundReason::other: return "other reason";
    }
    return "other reason";
}

}  // namespace

Refund refund_from_qbo(std::string_view entity, const json& qbo, const MappingSettings& mapping) {
    const std::string id = string_member(qbo, "Id").value_or("?");
    const bool credit_memo = entity == "CreditMemo";
    const std::string what = std::string(credit_memo ? "credit memo " : "refund receipt ") + id;
    const sdk::Currency currency = qbo_currency(qbo, mapping);
    Refund refund;
    refund.amount = qbo_amount(decimal_member(qbo, "TotalAmt").value_or(Decimal(0)), currency, what + " TotalAmt");
    if (is_voided(qbo) || refund.amount.sign() <= 0) {
        throw TranslationError(what + " has no amount (voided, or zero): a canonical refund returns a positive amount");
    }
    refund.currency = currency.code;
    refund.date = string_member(qbo, "TxnDate").value_or("");
    if (refund.date.empty()) throw TranslationError(what + " has no TxnDate");
    refund.status = RefundStatus::succeeded;
    const RefundMarker marker = read_refund_marker(string_member(qbo, "PrivateNote").value_or(""));
    refund.reason = sdk::model::enum_from_name<RefundReason>(marker.reason).value_or(RefundReason::other);
    std::string payment = marker.payment_id;
    if (payment.empty()) {
        if (const json* linked = array_member(qbo, "LinkedTxn")) {
            for (const auto& txn : *linked) {
                if (string_member(txn, "TxnType").value_or("") == "Payment") payment = string_member(txn, "TxnId").value_or("");
            }
        }
    }
    if (payment.empty()) {
        throw TranslationError(what + " names no payment (QuickBooks does not link refunds to payments); add the line "
                                      "\"[ledgersync] payment=<payment Id>\" to its memo to sync it");
    }
    refund.payment = sdk::model::Reference("payment", payment);
    refund.processor_ids[credit_memo ? "qbo_credit_memo" : "qbo_refund_receipt"] = id;
    refund.book_as = credit_memo ? RefundBooking::credit_memo : RefundBooking::refund_receipt;
    if (!marker.note.empty()) refund.memo = marker.note;
    return refund;
}

std::string refund_entity(const sdk::Record& record, const MappingSettings& mapping) {
    const auto book_as = record.body.find("book_as");
    const bool credit_memo = book_as != record.body.end() && book_as->is_string() ? *book_as == "credit_memo"
                                                                                  : mapping.refund_as == "credit_memo";
    return credit_memo ? "CreditMemo" : "RefundReceipt";
}

QboBody refund_to_qbo(const sdk::Record& record, const MappingSettings& mapping, std::string_view entity,
                      const std::string& payment_qbo_id, const std::string& payment_customer_id) {
    const Refund refund = canonical_body<Refund>(record);
    const bool credit_memo = entity == "CreditMemo";
    QboBody out;
    out.entity = std::string(entity);
    out.label = "refund " + record.identity.id + " of payment " + refund.payment.id;
    if (refund.status != RefundStatus::succeeded) {
        refuse(out.label, "its status is " + std::string(sdk::model::enum_name(refund.status)) + "; only succeeded refunds are booked",
               "let the route carry refunds once they succeed (filter on status), then retry");
    }
    if (mapping.refund_item_id.empty()) {
        refuse(out.label, std::string("a ") + (credit_memo ? "credit memo" : "refund receipt") +
                              " needs a line on an item, and no refund item is configured",
               "set mapping.refund_item_id to the QuickBooks item refunds are booked on, then retry");
    }
    if (!credit_memo && mapping.refund_account_id.empty()) {
        refuse(out.label, "a refund receipt needs the account the money is paid from, and none is configured",
               "set mapping.refund_account_id (for example the processor's clearing account), then retry");
    }
    if (credit_memo && payment_customer_id.empty()) {
        refuse(out.label, "a credit memo needs a customer, and the refunded payment has none in QuickBooks",
               "set the customer of the payment in QuickBooks, or book refunds as refund receipts (the route's refund_booking "
               "mapper, or the connection's mapping.refund_as)");
    }
    json& body = out.body;
    if (!payment_customer_id.empty()) body["CustomerRef"] = qbo_ref(payment_customer_id);
    body["TxnDate"] = refund.date;
    body["CurrencyRef"] = qbo_ref(refund.currency);
    if (!credit_memo) body["DepositToAccountRef"] = qbo_ref(mapping.refund_account_id);
    json detail{{"ItemRef", qbo_ref(mapping.refund_item_id)}, {"Qty", qbo_number(Decimal(1))}, {"UnitPrice", qbo_number(refund.amount)}};
    if (!mapping.line_tax_code.empty()) detail["TaxCodeRef"] = qbo_ref(mapping.line_tax_code);
    body["Line"] = json::array({json{{"DetailType", "SalesItemLineDetail"},
                                     {"Amount", qbo_number(refund.amount)},
                                     {"Description", "Refund of payment " + refund.payment.id + " (" + reason_text(refund.reason) + ")"},
                                     {"SalesItemLineDetail", std::move(detail)}}});
    std::string note = refund.memo ? *refund.memo + "\n" : std::string();
    for (const auto& [kind, id] : refund.processor_ids) note += kind + ": " + id + "\n";
    note += refund_marker(payment_qbo_id, sdk::model::enum_name(refund.reason));
    body["PrivateNote"] = note;
    return out;
}

}  // namespace ledgersync::connectors::quickbooks
