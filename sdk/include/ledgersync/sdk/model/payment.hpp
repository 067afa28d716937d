#pragma once
/// The canonical payment (schema sdk/schema/payment.schema.json, "ledgersync.payment" v1):
/// money received against invoices, through HubSpot payments, Stripe, QBO or by hand.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/canonical_type.hpp"
#include "ledgersync/sdk/model/enum_names.hpp"
#include "ledgersync/sdk/model/money_rules.hpp"
#include "ledgersync/sdk/model/payment_fees.hpp"
#include "ledgersync/sdk/model/reference.hpp"
#include "ledgersync/sdk/money.hpp"

namespace ledgersync::sdk::model {

/// Where a payment is. Disputes and processing states of the processors map onto these.
enum class PaymentStatus { pending, succeeded, failed, refunded, partially_refunded };

template <>
struct EnumNames<PaymentStatus> {
    static constexpr std::string_view kWhat = "payment status";
    static constexpr EnumName<PaymentStatus> kNames[] = {{PaymentStatus::pending, "pending"},
                                                         {PaymentStatus::succeeded, "succeeded"},
                                                         {PaymentStatus::failed, "failed"},
                                                         {PaymentStatus::refunded, "refunded"},
                                                         {PaymentStatus::partially_refunded, "partially_refunded"}};
};

/// Through what the money came: shown on each invoice's payments, and used to refuse turning a
/// payment that came from an invoice into a new invoice (duplicates, docs/model.md).
enum class PaymentSource { hubspot_payments, stripe, qbo, manual };

template <>
struct EnumNames<PaymentSource> {
    static constexpr std::string_view kWhat = "payment source";
    static constexpr EnumName<PaymentSource> kNames[] = {{PaymentSource::hubspot_payments, "hubspot_payments"},
                                                         {PaymentSource::stripe, "stripe"},
                                                         {PaymentSource::qbo, "qbo"},
                                                         {PaymentSource::manual, "manual"}};
};

/// How the payer paid (HubSpot's hs_payment_method_type values).
enum class PaymentMethod { card, ach, cash, check, wire_transfer, sepa, bacs, pads, other };

template <>
struct EnumNames<PaymentMethod> {
    static constexpr std::string_view kWhat = "payment method";
    static constexpr EnumName<PaymentMethod> kNames[] = {
        {PaymentMethod::card, "card"},   {PaymentMethod::ach, "ach"},   {PaymentMethod::cash, "cash"},
        {PaymentMethod::check, "check"}, {PaymentMethod::wire_transfer, "wire_transfer"},
        {PaymentMethod::sepa, "sepa"},   {PaymentMethod::bacs, "bacs"}, {PaymentMethod::pads, "pads"},
        {PaymentMethod::other, "other"}};
};

/// {"amount": "100.00", "currency": "USD", "date": "2026-11-26", "status": "succeeded",
///  "source": "stripe", "method": "card",
///  "processor_ids": {"stripe_payment_intent": "pi_...", "stripe_charge": "ch_...",
///                    "balance_transaction": "txn_..."},
///  "fees": {"processing": "3.20", "platform": "1.00", "tax_on_fees": "0.00"}, "net": "95.80",
///  "invoices": [{"type": "invoice", "id": "130"}]}
struct Payment {
    static constexpr std::string_view kType = "payment";
    static constexpr std::string_view kSchemaId = "ledgersync.payment";
    static constexpr std::int64_t kSchemaVersion = 1;
    static constexpr std::string_view kSchemaUri = "https://schemas.ledgersync.dev/payment/v1.json";

    /// The gross amount the payer paid, >= 0 (QBO applies credits with zero-amount payments).
    Decimal amount;
    /// ISO 4217 code of every amount of the payment (the presentment currency).
    std::string currency;
    /// The payment date, "YYYY-MM-DD".
    std::string date;
    PaymentStatus status = PaymentStatus::pending;
    PaymentSource source = PaymentSource::manual;
    std::optional<PaymentMethod> method;
    /// The payer's or processor's reference (a check number, QBO PaymentRefNum).
    std::optional<std::string> reference_number;
    /// The paying customer (type "customer").
    std::optional<Reference> customer;
    /// The processor's ids of the payment, by kind: "stripe_payment_intent", "stripe_charge",
    /// "balance_transaction", "hubspot_payment".
    std::map<std::string, std::string> processor_ids;
    /// What the processor kept; absent when nothing was (QBO, manual payments).
    std::optional<PaymentFees> fees;
    /// amount - fees; required with fees.
    std::optional<Decimal> net;
    /// The invoices the payment pays (type "invoice"); empty for an unapplied payment.
    std::vector<Reference> invoices;
    /// How much has been refunded so far; required when the status is refunded or
    /// partially_refunded.
    std::optional<Decimal> refunded_amount;

    static Payment from_json(const nlohmann::json& json) { return from_canonical_json<Payment>(json); }
    static ValidationProblems validate_json(const nlohmann::json& json) { return validate_canonical<Payment>(json); }
    ValidationProblems validate() const { return validate_json(to_json()); }

    /// `value` as Money in the payment's currency (throws MoneyError for an unknown currency).
    Money money(const Decimal& value) const { return Money(value, currency); }
    /// The gross amount in the payment's currency.
    Money amount_money() const { return money(amount); }

    /// Every reference with its JSON pointer: the customer and the invoices paid.
    std::vector<ReferenceSite> references() const {
        std::vector<ReferenceSite> sites;
        if (customer) sites.push_back({"customer", "/customer", *customer});
        for (std::size_t i = 0; i < invoices.size(); ++i) {
            sites.push_back({"invoice", "/invoices/" + std::to_string(i), invoices[i]});
        }
        return sites;
    }

    nlohmann::json to_json() const {
        nlohmann::json j{{"amount", amount.to_string()},
                         {"currency", currency},
                         {"date", date},
                         {"status", enum_name(status)},
                         {"source", enum_name(source)}};
        if (method) j["method"] = enum_name(*method);
        if (reference_number) j["reference_number"] = *reference_number;
        if (customer) j["customer"] = customer->to_json();
        if (!processor_ids.empty()) j["processor_ids"] = processor_ids;
        if (fees) j["fees"] = fees->to_json();
        if (net) j["net"] = net->to_string();
        if (!invoices.empty()) {
            nlohmann::json refs = nlohmann::json::array();
            for (const auto& invoice : invoices) refs.push_back(invoice.to_json());
            j["invoices"] = std::move(refs);
        }
        if (refunded_amount) j["refunded_amount"] = refunded_amount->to_string();
        return j;
    }

    static Payment read(CanonicalReader& r) {
        Payment p;
        p.amount = r.required_decimal("amount", DecimalForm::non_negative);
        p.currency = r.required_text("currency", TextFormat::currency_code);
        p.date = r.required_text("date", TextFormat::date);
        const auto status = r.enumeration<PaymentStatus>("status", Presence::required);
        p.status = status.value_or(PaymentStatus::pending);
        p.source = r.enumeration<PaymentSource>("source", Presence::required).value_or(PaymentSource::manual);
        p.method = r.enumeration<PaymentMethod>("method", Presence::optional);
        p.reference_number = r.text("reference_number", Presence::optional);
        p.customer = r.reference("customer", Presence::optional, "customer");
        p.processor_ids = r.text_map("processor_ids", TextFormat::non_empty);
        r.object("fees", Presence::optional, [&](CanonicalReader& f) { p.fees = PaymentFees::read(f); });
        p.net = r.decimal("net", Presence::optional);
        if (r.present("fees")) r.require("net", "with fees");
        p.invoices = r.list<Reference>("invoices", Presence::optional, [&](const nlohmann::json& item, const std::string& path) {
            return CanonicalReader::read_reference(item, path, "invoice", r.problems());
        });
        p.refunded_amount = r.decimal("refunded_amount", Presence::optional, DecimalForm::non_negative);
        if (status == PaymentStatus::refunded || status == PaymentStatus::partially_refunded) {
            r.require("refunded_amount", "when the status is " + std::string(enum_name(*status)));
        }
        return p;
    }

    void check_rules(ValidationProblems& problems) const {
        const auto known = known_currency(currency, "/currency", problems);
        if (!known) return;
        bool exact = check_minor_units(amount, *known, "/amount", problems);
        if (fees) {
            exact = check_minor_units(fees->processing, *known, "/fees/processing", problems) && exact;
            exact = check_minor_units(fees->platform, *known, "/fees/platform", problems) && exact;
            exact = check_minor_units(fees->tax_on_fees, *known, "/fees/tax_on_fees", problems) && exact;
        }
        if (net) exact = check_minor_units(*net, *known, "/net", problems) && exact;
        if (net && exact) {
            if (fees) {
                check_equals(*net, amount - fees->total(), "amount - fees (processing + platform + tax_on_fees)", "/net",
                             problems);
            } else {
                check_equals(*net, amount, "amount without fees", "/net", problems);
            }
        }
        if (refunded_amount && check_minor_units(*refunded_amount, *known, "/refunded_amount", problems)) {
            const std::string refunded = refunded_amount->to_string();
            if (*refunded_amount > amount) {
                problems.add("/refunded_amount", refunded + " is more than the payment amount " + amount.to_string());
            } else if (status == PaymentStatus::refunded && *refunded_amount != amount) {
                problems.add("/refunded_amount", refunded + " is not the whole amount " + amount.to_string() +
                                                     ", but the status is refunded; use partially_refunded");
            } else if (status == PaymentStatus::partially_refunded &&
                       (refunded_amount->is_zero() || *refunded_amount == amount)) {
                problems.add("/refunded_amount", refunded + " is not part of the amount " + amount.to_string() +
                                                     ", but the status is partially_refunded");
            }
        }
    }
};

}  // namespace ledgersync::sdk::model
