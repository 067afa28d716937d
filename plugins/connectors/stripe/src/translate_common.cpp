#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/timestamp.hpp>

#include "stripe_amount.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::stripe {

using nlohmann::json;

namespace {

template <class T>
sdk::Record make_record(const T& body, const std::string& id, const json& object, const std::string& updated_at) {
    sdk::Record record;
    record.identity = {"stripe", "", std::string(T::kType), id};
    record.body = body.to_json();
    // Stripe objects carry no version: the digest of the canonical body is one, so that the same
    // state read twice (a redelivered event, a list overlapping a webhook) is the same version.
    record.version = sdk::hex_encode(sdk::sha256(record.body.dump())).substr(0, 16);
    record.updated_at = updated_at;
    record.schema = std::string(T::kSchemaId);
    record.schema_version = T::kSchemaVersion;
    record.raw = object;
    record.links = sdk::model::to_record_links(body.references());
    return record;
}

}  // namespace

std::string stripe_id(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_object()) {
        const auto id = value.find("id");
        if (id != value.end() && id->is_string()) return id->get<std::string>();
    }
    return {};
}

std::string text_member(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string date_of(const json& unix_seconds, const std::string& where) {
    if (!unix_seconds.is_number_integer()) throw TranslationError(where + " has no \"created\" time");
    return sdk::Timestamp::from_epoch_seconds(unix_seconds.get<std::int64_t>()).date().to_string();
}

const json& required_member(const json& object, const char* key, const std::string& what) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) throw TranslationError(what + " has no \"" + key + "\"");
    return *it;
}

namespace {

/// Stripe's balance transaction type (and, for adjustments, reporting category) as booked.
sdk::model::BalanceTransactionType transaction_type_of(const std::string& type, const std::string& category) {
    using T = sdk::model::BalanceTransactionType;
    if (type == "charge" || type == "payment") return T::charge;
    if (type == "refund" || type == "payment_refund") return T::refund;
    if (type == "refund_failure" || type == "payment_failure_refund") return T::refund_failure;
    if (type == "adjustment") {
        if (category == "dispute") return T::dispute;
        if (category == "dispute_reversal") return T::dispute_reversal;
        if (category == "refund_failure") return T::refund_failure;
        return T::adjustment;
    }
    if (type == "payout_failure") return T::payout_failure;
    if (type == "payout_cancel") return T::payout_cancel;
    if (type == "stripe_fee" || type == "stripe_fx_fee" || type == "tax_fee") return T::stripe_fee;
    if (type == "application_fee") return T::application_fee;
    if (type == "application_fee_refund") return T::application_fee_refund;
    if (type == "transfer" || type == "transfer_cancel" || type == "transfer_failure" || type == "transfer_refund") return T::transfer;
    return T::other;
}

}  // namespace

sdk::model::BalanceTransaction balance_transaction_from_stripe(const json& transaction, const std::string& where) {
    if (!transaction.is_object()) throw TranslationError(where + " is not a balance transaction object");
    const std::string id = stripe_id(transaction);
    if (id.empty()) throw TranslationError(where + " has no id");
    const std::string what = where + " " + id;
    const std::string currency = text_member(transaction, "currency");
    if (currency.empty()) throw TranslationError(what + " has no currency");
    sdk::model::BalanceTransaction out;
    out.id = id;
    out.type = transaction_type_of(text_member(transaction, "type"), text_member(transaction, "reporting_category"));
    if (const std::string source = stripe_id(transaction.value("source", json())); !source.empty()) out.source_id = source;
    out.gross = from_minor_units(required_member(transaction, "amount", what), currency, what + " amount");
    out.fee = from_minor_units(required_member(transaction, "fee", what), currency, what + " fee");
    out.net = from_minor_units(required_member(transaction, "net", what), currency, what + " net");
    out.currency = iso_currency(currency, what + " currency");
    if (out.net != out.gross - out.fee) {
        throw TranslationError(what + " net " + out.net.to_string() + " is not amount " + out.gross.to_string() + " - fee " +
                               out.fee.to_string());
    }
    if (const std::string description = text_member(transaction, "description"); !description.empty()) out.description = description;
    if (const auto created = transaction.find("created"); created != transaction.end() && !created->is_null()) {
        out.date = date_of(*created, what + " created");
    }
    return out;
}

void translate_object(const std::string& type, const json& object, const TranslationSettings& settings, const std::string& updated_at,
                      std::vector<sdk::Record>& records, std::vector<sdk::UntranslatedRecord>& untranslated, const json& related) {
    const std::string id = stripe_id(object);
    try {
        sdk::Record record;
        if (type == "payment") {
            record = make_record(payment_from_charge(object, settings), id, object, updated_at);
        } else if (type == "refund") {
            record = make_record(refund_from_stripe(object), id, object, updated_at);
        } else if (type == "payout") {
            record = make_record(payout_from_stripe(object, related), id, object, updated_at);
        } else if (type == "dispute") {
            record = make_record(dispute_from_stripe(object), id, object, updated_at);
        } else {
            throw TranslationError("the Stripe connector has no translation for the type \"" + type + "\"");
        }
        records.push_back(std::move(record));
    } catch (const TranslationError& e) {
        untranslated.push_back({{"stripe", "", type, id}, "", updated_at, object, e.what(),
                                "correct the object in Stripe if it is wrong, or report it if Stripe is right; then retry the failure"});
    } catch (const sdk::DecimalError& e) {
        untranslated.push_back({{"stripe", "", type, id}, "", updated_at, object, std::string("an amount of ") + id + " is not exact: " + e.what(),
                                "report the object; then retry the failure"});
    }
}

}  // namespace ledgersync::connectors::stripe
