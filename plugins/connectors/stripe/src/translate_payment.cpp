// Charge -> canonical payment. The gross is what was captured; fees are the charge's balance
// transaction's fee_details summed by type (stripe_fee -> processing, application_fee ->
// platform, tax -> tax_on_fees), so they equal Stripe's figures exactly; net is the balance
// transaction's net. A charge settled in another currency than it was presented in is a payment
// in the settlement currency: the balance transaction's amount, fees and net, all in one currency.

#include <algorithm>

#include "stripe_amount.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::stripe {

using nlohmann::json;
using sdk::Decimal;
using sdk::model::Payment;
using sdk::model::PaymentFees;
using sdk::model::PaymentMethod;
using sdk::model::PaymentStatus;

namespace {

std::optional<PaymentMethod> method_of(const json& charge) {
    const auto details = charge.find("payment_method_details");
    if (details == charge.end() || !details->is_object()) return std::nullopt;
    const std::string type = text_member(*details, "type");
    if (type.empty()) return std::nullopt;
    if (type == "card" || type == "card_present" || type == "interac_present") return PaymentMethod::card;
    if (type == "us_bank_account" || type == "ach_debit" || type == "ach_credit_transfer") return PaymentMethod::ach;
    if (type == "sepa_debit" || type == "sepa_credit_transfer") return PaymentMethod::sepa;
    if (type == "bacs_debit") return PaymentMethod::bacs;
    if (type == "acss_debit") return PaymentMethod::pads;
    return PaymentMethod::other;
}

/// fee_details summed by type; their total must be the transaction's fee.
PaymentFees fees_of(const json& transaction, const std::string& currency, const std::string& what) {
    // Zero at the currency's scale, so that a fee type Stripe did not charge reads "0.00".
    const Decimal zero = from_minor_units(0, currency, what + " currency");
    PaymentFees fees{zero, zero, zero};
    const json& details = required_member(transaction, "fee_details", what);
    if (!details.is_array()) throw TranslationError(what + " fee_details is not a list");
    for (std::size_t i = 0; i < details.size(); ++i) {
        const json& detail = details[i];
        const std::string where = what + " fee_details[" + std::to_string(i) + "]";
        const std::string type = text_member(detail, "type");
        const std::string detail_currency = text_member(detail, "currency");
        if (!detail_currency.empty() && detail_currency != currency) {
            throw TranslationError(where + " is in " + detail_currency + ", the transaction in " + currency);
        }
        const Decimal amount = from_minor_units(required_member(detail, "amount", where), currency, where + " amount");
        if (type == "stripe_fee" || type == "payment_method_passthrough_fee") {
            fees.processing = fees.processing + amount;
        } else if (type == "application_fee") {
            fees.platform = fees.platform + amount;
        } else if (type == "tax") {
            fees.tax_on_fees = fees.tax_on_fees + amount;
        } else {
            throw TranslationError(where + " has the fee type \"" + type +
                                   "\", which the canonical payment has no place for (stripe_fee, application_fee, tax)");
        }
    }
    const Decimal fee = from_minor_units(required_member(transaction, "fee", what), currency, what + " fee");
    if (fees.total() != fee) {
        throw TranslationError(what + " fee " + fee.to_string() + " is not the sum of its fee_details " + fees.total().to_string());
    }
    return fees;
}

}  // namespace

Payment payment_from_charge(const json& charge, const TranslationSettings& settings) {
    const std::string id = stripe_id(charge);
    const std::string what = "charge " + (id.empty() ? std::string("(no id)") : id);
    if (id.empty()) throw TranslationError("a charge without an id");
    const std::string currency = text_member(charge, "currency");
    if (currency.empty()) throw TranslationError(what + " has no currency");

    const Decimal amount = from_minor_units(required_member(charge, "amount", what), currency, what + " amount");
    const bool captured = charge.value("captured", false);
    const Decimal captured_amount =
        captured ? from_minor_units(required_member(charge, "amount_captured", what), currency, what + " amount_captured") : amount;
    // amount_refunded also counts the part a partial capture released, which was never paid.
    const Decimal refunded = from_minor_units(required_member(charge, "amount_refunded", what), currency, what + " amount_refunded") -
                             (amount - captured_amount);

    Payment payment;
    payment.source = sdk::model::PaymentSource::stripe;
    payment.currency = iso_currency(currency, what + " currency");
    payment.amount = captured_amount;
    payment.date = date_of(charge.value("created", json()), what);
    payment.method = method_of(charge);
    payment.processor_ids["stripe_charge"] = id;
    if (const std::string intent = stripe_id(charge.value("payment_intent", json())); !intent.empty()) {
        payment.processor_ids["stripe_payment_intent"] = intent;
    }
    if (const std::string customer = stripe_id(charge.value("customer", json())); !customer.empty()) {
        payment.customer = sdk::model::Reference("customer", customer);
    }
    const auto metadata = charge.find("metadata");
    if (metadata != charge.end() && metadata->is_object()) {
        const std::string invoice = text_member(*metadata, settings.invoice_metadata_key.c_str());
        if (!invoice.empty()) payment.invoices.emplace_back("invoice", invoice, "HubSpot invoice " + invoice);
    }

    const std::string status = text_member(charge, "status");
    if (status == "failed") {
        payment.status = PaymentStatus::failed;
    } else if (status == "pending" || (status == "succeeded" && !captured)) {
        payment.status = PaymentStatus::pending;  // authorised or processing: no money moved yet
    } else if (status == "succeeded") {
        payment.status = refunded.is_zero() ? PaymentStatus::succeeded
                                            : (refunded == captured_amount ? PaymentStatus::refunded : PaymentStatus::partially_refunded);
    } else {
        throw TranslationError(what + " has the status \"" + status + "\" (expected succeeded, pending or failed)");
    }

    const auto transaction_member = charge.find("balance_transaction");
    if (transaction_member != charge.end() && transaction_member->is_object()) {
        const json& transaction = *transaction_member;
        const std::string transaction_what = what + " balance transaction " + stripe_id(transaction);
        const std::string settlement = text_member(transaction, "currency");
        const Decimal gross = from_minor_units(required_member(transaction, "amount", transaction_what), settlement, transaction_what + " amount");
        const PaymentFees fees = fees_of(transaction, settlement, transaction_what);
        const Decimal net = from_minor_units(required_member(transaction, "net", transaction_what), settlement, transaction_what + " net");
        if (net != gross - fees.total()) {
            throw TranslationError(transaction_what + " net " + net.to_string() + " is not amount " + gross.to_string() + " - fee " +
                                   fees.total().to_string());
        }
        if (settlement == currency) {
            if (gross != captured_amount) {
                throw TranslationError(transaction_what + " amount " + gross.to_string() + " is not the captured amount " +
                                       captured_amount.to_string());
            }
        } else {
            // Converted: the payment is what reached the balance. A partial refund is converted at
            // the charge's rate (exact amounts are on each refund).
            payment.currency = iso_currency(settlement, transaction_what + " currency");
            const Decimal rate = Decimal::from_json(required_member(transaction, "exchange_rate", transaction_what));
            const Decimal converted_refund =
                Decimal::multiply_rounded(refunded, rate, gross.scale(), sdk::RoundingMode::half_up);
            payment.amount = gross;
            if (payment.status == PaymentStatus::refunded) {
                payment.refunded_amount = gross;
            } else if (payment.status == PaymentStatus::partially_refunded) {
                payment.refunded_amount = std::clamp(converted_refund, Decimal::from_parts(1, gross.scale()),
                                                     gross - Decimal::from_parts(1, gross.scale()));
            }
        }
        payment.fees = fees;
        payment.net = net;
        payment.processor_ids["balance_transaction"] = stripe_id(transaction);
    } else if (const std::string transaction = stripe_id(charge.value("balance_transaction", json())); !transaction.empty()) {
        payment.processor_ids["balance_transaction"] = transaction;
    }
    if (!payment.refunded_amount && !refunded.is_zero() && payment.status != PaymentStatus::failed) payment.refunded_amount = refunded;
    return payment;
}

}  // namespace ledgersync::connectors::stripe
