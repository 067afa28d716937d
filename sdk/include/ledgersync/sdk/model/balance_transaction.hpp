#pragma once
/// One movement of a processor balance (Stripe's balance transaction): what a payout contains
/// and how a dispute moved money. Shared by payout.hpp and dispute.hpp; its JSON Schema is
/// common.schema.json#/$defs/balance_transaction.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/enum_names.hpp"
#include "ledgersync/sdk/model/money_rules.hpp"

namespace ledgersync::sdk::model {

/// What moved the money, as an accountant books it. Stripe's `type` for most, its
/// `reporting_category` where the type says too little: an `adjustment` withdrawing a disputed
/// amount is `dispute`, one reinstating it `dispute_reversal`. Anything else is `other`.
enum class BalanceTransactionType {
    charge,
    refund,
    refund_failure,
    dispute,
    dispute_reversal,
    adjustment,
    payout_failure,
    payout_cancel,
    stripe_fee,
    application_fee,
    application_fee_refund,
    transfer,
    other
};

template <>
struct EnumNames<BalanceTransactionType> {
    static constexpr std::string_view kWhat = "balance transaction type";
    static constexpr EnumName<BalanceTransactionType> kNames[] = {
        {BalanceTransactionType::charge, "charge"},
        {BalanceTransactionType::refund, "refund"},
        {BalanceTransactionType::refund_failure, "refund_failure"},
        {BalanceTransactionType::dispute, "dispute"},
        {BalanceTransactionType::dispute_reversal, "dispute_reversal"},
        {BalanceTransactionType::adjustment, "adjustment"},
        {BalanceTransactionType::payout_failure, "payout_failure"},
        {BalanceTransactionType::payout_cancel, "payout_cancel"},
        {BalanceTransactionType::stripe_fee, "stripe_fee"},
        {BalanceTransactionType::application_fee, "application_fee"},
        {BalanceTransactionType::application_fee_refund, "application_fee_refund"},
        {BalanceTransactionType::transfer, "transfer"},
        {BalanceTransactionType::other, "other"}};
};

/// {"id": "txn_...", "type": "charge", "source_id": "ch_...", "gross": "100.00", "fee": "3.20",
///  "net": "96.80", "currency": "USD"}: signed amounts in the balance's (settlement) currency,
/// money in positive, money out negative; net = gross - fee.
struct BalanceTransaction {
    /// The processor's id of the movement ("txn_...").
    std::string id;
    BalanceTransactionType type = BalanceTransactionType::other;
    /// The id of the object that moved the money (a charge "ch_...", refund, dispute, payout).
    std::optional<std::string> source_id;
    /// The amount moved before fees, signed.
    Decimal gross;
    /// What the processor kept, signed (a returned dispute fee is negative).
    Decimal fee;
    /// gross - fee (rule).
    Decimal net;
    /// ISO 4217 code of gross, fee and net.
    std::string currency;
    std::optional<std::string> description;
    /// The day the money moved, "YYYY-MM-DD" (UTC): a dispute's reinstatement comes weeks after
    /// its withdrawal, and each is booked on its own day.
    std::optional<std::string> date;

    nlohmann::json to_json() const {
        nlohmann::json j{{"id", id},
                         {"type", enum_name(type)},
                         {"gross", gross.to_string()},
                         {"fee", fee.to_string()},
                         {"net", net.to_string()},
                         {"currency", currency}};
        if (source_id) j["source_id"] = *source_id;
        if (description) j["description"] = *description;
        if (date) j["date"] = *date;
        return j;
    }

    /// Reads the transaction at `path`; nullopt when it is not an object (reported).
    static std::optional<BalanceTransaction> read(const nlohmann::json& json, const std::string& path,
                                                  ValidationProblems& problems) {
        CanonicalReader r(json, problems, path);
        if (!r.is_object()) return std::nullopt;
        BalanceTransaction t;
        t.id = r.required_text("id", TextFormat::non_empty);
        t.type = r.enumeration<BalanceTransactionType>("type", Presence::required).value_or(BalanceTransactionType::other);
        t.source_id = r.text("source_id", Presence::optional, TextFormat::non_empty);
        t.gross = r.required_decimal("gross");
        t.fee = r.required_decimal("fee");
        t.net = r.required_decimal("net");
        t.currency = r.required_text("currency", TextFormat::currency_code);
        t.description = r.text("description", Presence::optional);
        t.date = r.text("date", Presence::optional, TextFormat::date);
        r.finish();
        return t;
    }

    /// Known currency, whole minor units, net = gross - fee, reported under `path`. False when
    /// an amount is not exact (so sums over it mean nothing).
    bool check_rules(const std::string& path, ValidationProblems& problems) const {
        const auto known = known_currency(currency, path + "/currency", problems);
        if (!known) return false;
        bool exact = check_minor_units(gross, *known, path + "/gross", problems);
        exact = check_minor_units(fee, *known, path + "/fee", problems) && exact;
        exact = check_minor_units(net, *known, path + "/net", problems) && exact;
        if (exact) check_equals(net, gross - fee, "gross - fee", path + "/net", problems);
        return exact;
    }
};

}  // namespace ledgersync::sdk::model
