// Commerce payments <-> canonical payments and refunds. The mapping tables are in
// docs/connectors/hubspot.md ("Payments").

#include "translate_payment.hpp"

#include <map>
#include <optional>
#include <utility>

#include <ledgersync/sdk/calendar_date.hpp>
#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/model/payment.hpp>
#include <ledgersync/sdk/model/record_validation.hpp>
#include <ledgersync/sdk/model/refund.hpp>
#include <ledgersync/sdk/timestamp.hpp>

#include "hubspot_objects.hpp"
#include "qbo_link.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;
using sdk::Decimal;
using sdk::model::Payment;
using sdk::model::PaymentMethod;
using sdk::model::PaymentSource;
using sdk::model::PaymentStatus;
using sdk::model::Refund;

namespace {

constexpr const char* kRefundsAmount = "hs_refunds_amount";
constexpr const char* kRefundMarker = "-refund-";
/// hs_processor_type of a payment processed through the customer's own Stripe account.
constexpr const char* kByoStripe = "byo_stripe";

/// An amount property as an exact decimal; nullopt when it has no value.
std::optional<Decimal> amount_property(const json& payment, const char* name, const std::string& what) {
    const auto text = property(payment, name);
    if (!text) return std::nullopt;
    try {
        return Decimal::parse(*text);
    } catch (const sdk::DecimalError& e) {
        throw TranslationError(what + ": " + name + " \"" + *text + "\" is not an exact decimal (" + e.what() + ")");
    }
}

std::string utc_day(std::int64_t ms) { return sdk::Timestamp::from_epoch_milliseconds(ms).date().to_string(); }

std::string payment_id(const json& payment) {
    const auto it = payment.find("id");
    if (it == payment.end() || !it->is_string() || it->get<std::string>().empty()) throw TranslationError("a commerce payment without an id");
    return it->get<std::string>();
}

PaymentSource source_of(const std::string& processor, ByoStripeBooking byo_stripe_booked_by) {
    if (processor == "hs_payments") return PaymentSource::hubspot_payments;
    // The byo_stripe rule (docs/connectors/hubspot_payments.md): the source names the records
    // that book it; routes from this connection take source != stripe.
    if (processor == kByoStripe) {
        return byo_stripe_booked_by == ByoStripeBooking::stripe ? PaymentSource::stripe : PaymentSource::hubspot_payments;
    }
    if (processor == "quickbooks") return PaymentSource::qbo;
    return PaymentSource::manual;  // none, xero, or no processor: recorded by hand or elsewhere
}

/// hs_payment_method_type uses the canonical names (both are HubSpot's list).
std::optional<PaymentMethod> method_of(const json& payment) {
    const auto text = property(payment, "hs_payment_method_type");
    if (!text) return std::nullopt;
    // A method HubSpot added since is "other"; the raw object keeps its name.
    return sdk::model::enum_from_name<PaymentMethod>(*text).value_or(PaymentMethod::other);
}

/// The canonical status from hs_latest_status and the amounts.
PaymentStatus status_of(const std::string& latest, const Decimal& amount, const Decimal& refunded, const std::string& what) {
    const auto by_refunds = [&] {
        if (refunded.is_zero()) return PaymentStatus::succeeded;
        return refunded == amount ? PaymentStatus::refunded : PaymentStatus::partially_refunded;
    };
    if (latest == "processing") return PaymentStatus::pending;
    if (latest == "failed") return PaymentStatus::failed;
    if (latest == "succeeded" || latest == "partially_refunded" || latest == "refunded" || latest == "processing_refund" ||
        latest == "disputed_won") {
        return by_refunds();
    }
    if (latest.rfind("disputed_", 0) == 0) {
        throw TranslationError(what + " is " + latest + ": the canonical payment has no dispute state, and HubSpot does not say "
                                      "how much the dispute withdrew; it is read again once the dispute is won");
    }
    throw TranslationError(what + " has the status \"" + latest + "\" (hs_latest_status), which the connector does not know");
}

/// The record of a canonical object of the type `Model`, checked against the canonical schemas.
template <class Model>
sdk::Record checked_record(const Model& model, const std::string& id, const std::string& version, const std::string& updated_at,
                           const json& raw, const std::string& what) {
    sdk::Record record;
    record.identity = {"hubspot_payments", "hubspot_payments", std::string(Model::kType), id};
    record.version = version;
    record.updated_at = updated_at;
    record.schema = std::string(Model::kSchemaId);
    record.schema_version = Model::kSchemaVersion;
    record.body = model.to_json();
    record.links = sdk::model::to_record_links(model.references());
    record.raw = raw;
    if (const auto problems = sdk::model::validate_record(record); !problems.empty()) {
        throw TranslationError(what + " does not translate into a valid canonical " + std::string(Model::kType) + ":\n" +
                               problems.to_string());
    }
    record.identity.connection.clear();  // the host names the connection when it ingests the record
    return record;
}

std::string modified_text(const json& payment, const std::string& what) {
    const auto modified = modified_ms(payment);
    if (!modified) throw TranslationError(what + " has no modification date (hs_lastmodifieddate / updatedAt)");
    return sdk::Timestamp::from_epoch_milliseconds(*modified).to_rfc3339();
}

std::string text_member(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::vector<std::string> payment_properties_read() {
    return {"hs_initial_amount", "hs_initiated_date", "hs_currency_code", "hs_latest_status", "hs_payment_method_type",
            "hs_processor_type", "hs_fees_amount", "hs_platform_fee", kRefundsAmount, "hs_reference_number",
            "hs_createdate", "hs_lastmodifieddate", kSourceIdProperty, kPaymentSourceApp, kPaymentSourceId};
}

const std::vector<std::string>& payment_associations_read() {
    static const std::vector<std::string> associations = {"invoices", "contacts", "companies"};
    return associations;
}

bool has_refunds(const json& payment) {
    const auto text = property(payment, kRefundsAmount);
    if (!text) return false;
    try {
        return Decimal::parse(*text) > Decimal();
    } catch (const sdk::DecimalError&) {
        return false;  // the translation reports the bad amount
    }
}

bool processed_by_own_stripe(const json& payment) { return property(payment, "hs_processor_type").value_or("") == kByoStripe; }

bool refunds_booked_here(const json& payment, const PaymentSettings& settings) {
    return !(processed_by_own_stripe(payment) && settings.byo_stripe_booked_by == ByoStripeBooking::stripe);
}

namespace {

/// The Stripe id a byo_stripe payment names in hs_reference_number, by its processor_ids kind.
std::optional<std::pair<std::string, std::string>> stripe_id_of(const json& payment) {
    if (!processed_by_own_stripe(payment)) return std::nullopt;
    const auto reference = property(payment, "hs_reference_number");
    if (!reference) return std::nullopt;
    // Stripe's id prefixes: a charge (ch_, py_ for non-card methods) or a payment intent (pi_).
    if (reference->rfind("ch_", 0) == 0 || reference->rfind("py_", 0) == 0) return std::make_pair(std::string("stripe_charge"), *reference);
    if (reference->rfind("pi_", 0) == 0) return std::make_pair(std::string("stripe_payment_intent"), *reference);
    return std::nullopt;
}

}  // namespace

sdk::Record payment_record(const json& object, const PaymentSettings& settings) {
    const std::string id = payment_id(object);
    const std::string what = "commerce payment " + id;
    try {
        Payment payment;
        const auto amount = amount_property(object, "hs_initial_amount", what);
        if (!amount) throw TranslationError(what + " has no amount (hs_initial_amount)");
        payment.amount = *amount;
        const auto currency = property(object, "hs_currency_code");
        if (!currency) throw TranslationError(what + " has no currency (hs_currency_code)");
        payment.currency = *currency;
        const auto initiated = property(object, "hs_initiated_date");
        const auto initiated_ms = initiated ? hubspot_time_ms(*initiated) : std::nullopt;
        if (!initiated_ms) throw TranslationError(what + " has no payment date (hs_initiated_date \"" + initiated.value_or("") + "\")");
        payment.date = utc_day(*initiated_ms);
        const Decimal refunded = amount_property(object, kRefundsAmount, what).value_or(Decimal());
        payment.status = status_of(property(object, "hs_latest_status").value_or("processing"), *amount, refunded, what);
        if (refunded > Decimal() && payment.status != PaymentStatus::failed && payment.status != PaymentStatus::pending) {
            payment.refunded_amount = refunded;
        }
        payment.source = source_of(property(object, "hs_processor_type").value_or("none"), settings.byo_stripe_booked_by);
        payment.method = method_of(object);
        payment.reference_number = property(object, "hs_reference_number");
        payment.processor_ids["hubspot_payment"] = id;
        if (const auto stripe = stripe_id_of(object)) payment.processor_ids[stripe->first] = stripe->second;

        const Decimal processing = amount_property(object, "hs_fees_amount", what).value_or(Decimal());
        const Decimal platform = amount_property(object, "hs_platform_fee", what).value_or(Decimal());
        if (!processing.is_zero() || !platform.is_zero()) {
            payment.fees = sdk::model::PaymentFees{processing, platform, Decimal()};
            payment.net = *amount - payment.fees->total();
        } else {
            payment.net = *amount;
        }
        for (const auto& invoice : associated_ids(object, "invoices")) payment.invoices.emplace_back("invoice", invoice);
        const auto customers = associated_ids(object, settings.customer_from == "company" ? "companies" : "contacts");
        if (customers.size() == 1) payment.customer = sdk::model::Reference("customer", customers.front());
        const std::string modified = modified_text(object, what);
        return checked_record(payment, id, modified, modified, object, what);
    } catch (const sdk::DecimalError& e) {
        throw TranslationError(what + " holds an amount that is not an exact decimal: " + e.what());
    }
}

std::vector<sdk::Record> refund_records(const json& object) {
    const std::string id = payment_id(object);
    const std::string what = "commerce payment " + id;
    const Decimal total = amount_property(object, kRefundsAmount, what).value_or(Decimal());
    if (!(total > Decimal())) return {};
    const auto currency = property(object, "hs_currency_code");
    if (!currency) throw TranslationError(what + " has refunds but no currency (hs_currency_code)");
    const std::string latest = property(object, "hs_latest_status").value_or("");

    // (amount, when) of each increase of the running total, oldest first.
    std::vector<std::pair<Decimal, std::int64_t>> increases;
    Decimal running;
    const json history = object.value("propertiesWithHistory", json::object()).value(kRefundsAmount, json::array());
    for (auto version = history.rbegin(); version != history.rend(); ++version) {
        const std::string value = text_member(*version, "value");
        const auto at = hubspot_time_ms(text_member(*version, "timestamp"));
        if (!at) throw TranslationError(what + ": a version of hs_refunds_amount has no readable timestamp");
        Decimal now;
        try {
            now = value.empty() ? Decimal() : Decimal::parse(value);
        } catch (const sdk::DecimalError& e) {
            throw TranslationError(what + ": hs_refunds_amount was \"" + value + "\", not an exact decimal (" + e.what() + ")");
        }
        if (now < running) {
            throw TranslationError(what + ": hs_refunds_amount went down from " + running.to_string() + " to " + now.to_string() +
                                   " at " + sdk::Timestamp::from_epoch_milliseconds(*at).to_rfc3339() +
                                   "; a refund taken back cannot be expressed as canonical refunds");
        }
        if (now > running) increases.emplace_back(now - running, *at);
        running = now;
    }
    if (running > total) {
        throw TranslationError(what + ": the history of hs_refunds_amount reaches " + running.to_string() + ", more than its value " +
                               total.to_string());
    }
    if (running < total) {
        // HubSpot keeps a limited history (or none was read): the rest is one refund, dated at
        // the payment's last change.
        const auto modified = modified_ms(object);
        if (!modified) throw TranslationError(what + " has no modification date (hs_lastmodifieddate / updatedAt)");
        increases.emplace_back(total - running, *modified);
    }

    std::vector<sdk::Record> records;
    for (std::size_t n = 0; n < increases.size(); ++n) {
        Refund refund;
        refund.amount = increases[n].first;
        refund.currency = *currency;
        refund.reason = sdk::model::RefundReason::other;  // HubSpot's API exposes no refund reason
        // A refund HubSpot is still processing is the latest one.
        refund.status = latest == "processing_refund" && n + 1 == increases.size() ? sdk::model::RefundStatus::pending
                                                                                   : sdk::model::RefundStatus::succeeded;
        refund.payment = sdk::model::Reference("payment", id);
        refund.date = utc_day(increases[n].second);
        refund.processor_ids["hubspot_payment"] = id;
        const std::string refund_id = id + kRefundMarker + std::to_string(n + 1);
        // Its version changes only with its own state (pending -> succeeded), not with every
        // change of the payment.
        const std::string at = sdk::Timestamp::from_epoch_milliseconds(increases[n].second).to_rfc3339();
        const std::string version = at + "/" + std::string(sdk::model::enum_name(refund.status));
        records.push_back(checked_record(refund, refund_id, version, at, object, what + " refund " + std::to_string(n + 1)));
    }
    return records;
}

std::string payment_id_of_refund(const std::string& refund_id) {
    const std::size_t at = refund_id.rfind(kRefundMarker);
    if (at == std::string::npos || at == 0) return {};
    return refund_id.substr(0, at);
}

json payment_properties(const json& canonical, const std::string& source_system, const std::string& source_record_id,
                        const std::string& source_id, const std::string& qbo_payment_link) {
    Payment payment;
    try {
        payment = Payment::from_json(canonical);
    } catch (const std::exception& e) {
        throw TranslationError(std::string("it is not a valid canonical payment: ") + e.what());
    }
    const auto day = sdk::CalendarDate::parse(payment.date);
    if (!day) throw TranslationError("its date \"" + payment.date + "\" is not a date (YYYY-MM-DD)");
    json properties{{"hs_initial_amount", payment.amount.to_string()},
                    {"hs_initiated_date", std::to_string(sdk::Timestamp::start_of(*day).epoch_milliseconds())},
                    {"hs_currency_code", payment.currency},
                    {"hs_processor_type", payment.source == PaymentSource::qbo ? "quickbooks" : "none"},
                    {kSourceIdProperty, source_id}};
    switch (payment.status) {
        case PaymentStatus::pending: properties["hs_latest_status"] = "processing"; break;
        case PaymentStatus::succeeded: properties["hs_latest_status"] = "succeeded"; break;
        case PaymentStatus::failed: properties["hs_latest_status"] = "failed"; break;
        case PaymentStatus::refunded: properties["hs_latest_status"] = "refunded"; break;
        case PaymentStatus::partially_refunded: properties["hs_latest_status"] = "partially_refunded"; break;
    }
    properties[kRefundsAmount] = payment.refunded_amount ? payment.refunded_amount->to_string() : "0";
    if (payment.method) properties["hs_payment_method_type"] = std::string(sdk::model::enum_name(*payment.method));
    if (payment.reference_number) properties["hs_reference_number"] = *payment.reference_number;
    // hs_platform_fee is read-only in HubSpot: only the processing fee can be written.
    if (payment.fees) properties["hs_fees_amount"] = payment.fees->processing.to_string();
    std::string comment = "Written by LedgerSync from " + source_system + " payment " + source_record_id;
    for (const auto& [kind, processor_id] : payment.processor_ids) {
        if (processor_id != source_record_id) comment += "; " + kind + " " + processor_id;
    }
    properties["hs_internal_comment"] = comment;
    if (source_system == "quickbooks") properties[kQboLinkProperty] = qbo_link(qbo_payment_link, source_record_id);
    return properties;
}

}  // namespace ledgersync::connectors::hubspot
