#include "hubspot/payment_processing.hpp"

#include <stdexcept>

#include "hubspot/hubspot_error.hpp"
#include "hubspot/invoice_rules.hpp"
#include "hubspot/object_types.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

std::string text(const nlohmann::json& request, const char* key, const std::string& fallback = {}) {
    const auto it = request.find(key);
    if (it == request.end() || it->is_null())
        return fallback;
    if (!it->is_string())
        throw std::invalid_argument(std::string("\"") + key + "\" is a string");
    return it->get<std::string>();
}

sdk::Decimal amount(const nlohmann::json& request, const char* key, const std::string& fallback) {
    const std::string value = text(request, key, fallback);
    if (value.empty())
        throw std::invalid_argument(std::string("\"") + key + "\" is required (a decimal string)");
    return sdk::Decimal::parse(value);
}

}  // namespace

nlohmann::json process_invoice_payment(CrmWriter& writer, const nlohmann::json& request) {
    const ObjectType& invoices = object_type("invoices");
    const ObjectType& payments = object_type("commerce_payments");
    const std::string invoice_id = text(request, "invoice_id");
    CrmObject* invoice = writer.resolve(invoices, invoice_id, "");
    if (invoice == nullptr)
        throw errors::object_not_found("no invoice " + invoice_id + " to pay");
    if (invoice->value("hs_invoice_status") != "open")
        throw errors::validation("Invoice " + invoice_id + " is " +
                                 invoice->value("hs_invoice_status") +
                                 "; buyers pay open invoices only");
    const std::string processor = text(request, "processor", "hs_payments");
    if (processor != "hs_payments" && processor != "byo_stripe")
        throw std::invalid_argument("\"processor\" is hs_payments or byo_stripe");
    const sdk::Decimal paid = amount(request, "amount", "");
    const std::string date = text(request, "initiated_date", std::to_string(writer.now_ms()));
    nlohmann::json properties = {{"hs_initial_amount", money_text(paid)},
                                 {"hs_initiated_date", date},
                                 {"hs_currency_code", invoice->value("hs_currency")},
                                 {"hs_latest_status", "succeeded"},
                                 {"hs_processor_type", processor},
                                 {"hs_payment_method_type", text(request, "method", "card")},
                                 {"hs_fees_amount", money_text(amount(request, "fees_amount", "0"))}};
    // The processor's reference: with byo_stripe, the Stripe charge or payment intent.
    if (const std::string reference = text(request, "reference_number"); !reference.empty())
        properties["hs_reference_number"] = reference;
    const nlohmann::json input = {
        {"properties", properties},
        {"associations",
         {{{"to", {{"id", invoice_id}}},
           {"types",
            {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", 542}}}}}}}};
    CrmObject& payment = writer.commit(writer.prepare_create(payments, input));
    writer.set_processor_values(
        payments, payment,
        {{"hs_platform_fee", money_text(amount(request, "platform_fee", "0"))},
         // Where the buyer paid: the invoice (read-only through the API).
         {"hs_payment_source_app", "INVOICE"},
         {"hs_payment_source_id", invoice_id}});
    writer.finish();
    return {{"id", std::to_string(payment.id)}};
}

nlohmann::json refund_processed_payment(CrmWriter& writer, const std::string& payment_id,
                                        const nlohmann::json& request) {
    const ObjectType& payments = object_type("commerce_payments");
    CrmObject* payment = writer.resolve(payments, payment_id, "");
    if (payment == nullptr)
        throw errors::object_not_found("no payment " + payment_id + " to refund");
    const std::string status = payment->value("hs_latest_status");
    if (status != "succeeded" && status != "partially_refunded" &&
        status != "processing_refund")
        throw errors::validation("Payment " + payment_id + " is " + status +
                                 "; only succeeded payments can be refunded");
    const sdk::Decimal refund = amount(request, "amount", "");
    const sdk::Decimal total = stored_decimal(*payment, "hs_refunds_amount") + refund;
    const sdk::Decimal initial = stored_decimal(*payment, "hs_initial_amount");
    if (refund.sign() <= 0 || total > initial)
        throw errors::validation("A refund of " + money_text(refund) + " on payment " +
                                 payment_id + " would refund " + money_text(total) + " of " +
                                 money_text(initial));
    const bool settled = !request.contains("settled") || request.at("settled").get<bool>();
    const std::string next =
        !settled ? "processing_refund" : (total == initial ? "refunded" : "partially_refunded");
    writer.set_processor_values(payments, *payment,
                                {{"hs_refunds_amount", money_text(total)},
                                 {"hs_latest_status", next}});
    writer.finish();
    return {{"id", payment_id}, {"hs_refunds_amount", money_text(total)}, {"hs_latest_status", next}};
}

}  // namespace ledgersync::sandbox::hubspot
