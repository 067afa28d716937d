#pragma once
/// The canonical payout (schema sdk/schema/payout.schema.json, "ledgersync.payout" v1): money a
/// processor moved from its balance to the bank, with the balance transactions it contains, so
/// that it can be booked as a transfer from the clearing account to the bank that matches the
/// bank feed.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/balance_transaction.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/canonical_type.hpp"
#include "ledgersync/sdk/model/enum_names.hpp"
#include "ledgersync/sdk/model/money_rules.hpp"

namespace ledgersync::sdk::model {

/// Where a payout is (Stripe's payout statuses). Only paid payouts have reached the bank.
enum class PayoutStatus { pending, in_transit, paid, failed, canceled };

template <>
struct EnumNames<PayoutStatus> {
    static constexpr std::string_view kWhat = "payout status";
    static constexpr EnumName<PayoutStatus> kNames[] = {{PayoutStatus::pending, "pending"},
                                                        {PayoutStatus::in_transit, "in_transit"},
                                                        {PayoutStatus::paid, "paid"},
                                                        {PayoutStatus::failed, "failed"},
                                                        {PayoutStatus::canceled, "canceled"}};
};

/// How the payout came about: on the processor's schedule (automatic: it says which balance
/// transactions it contains) or asked for by hand (manual: an amount only).
enum class PayoutKind { automatic, manual };

template <>
struct EnumNames<PayoutKind> {
    static constexpr std::string_view kWhat = "payout kind";
    static constexpr EnumName<PayoutKind> kNames[] = {{PayoutKind::automatic, "automatic"},
                                                      {PayoutKind::manual, "manual"}};
};

/// {"processor": "stripe", "status": "paid", "kind": "automatic", "date": "2026-11-27",
///  "arrival_date": "2026-11-29", "currency": "USD", "amount": "96.80",
///  "transactions": [{"id": "txn_...", "type": "charge", "source_id": "ch_...",
///                    "gross": "100.00", "fee": "3.20", "net": "96.80", "currency": "USD"}],
///  "processor_ids": {"stripe_payout": "po_...", "balance_transaction": "txn_..."}}
struct Payout {
    static constexpr std::string_view kType = "payout";
    static constexpr std::string_view kSchemaId = "ledgersync.payout";
    static constexpr std::int64_t kSchemaVersion = 1;
    static constexpr std::string_view kSchemaUri = "https://schemas.ledgersync.dev/payout/v1.json";

    /// The connector id of the processor: "stripe".
    std::string processor;
    PayoutStatus status = PayoutStatus::pending;
    PayoutKind kind = PayoutKind::automatic;
    /// The day the payout was created, "YYYY-MM-DD".
    std::string date;
    /// The day it reaches (or reached) the bank, "YYYY-MM-DD".
    std::string arrival_date;
    /// ISO 4217 code of the amount and of every transaction.
    std::string currency;
    /// What reaches the bank: the sum of the transactions' net, exactly; negative when the
    /// balance was negative and the processor debited the bank.
    Decimal amount;
    /// The balance transactions the payout pays out (not its own). Required for an automatic
    /// payout; absent for a manual one, whose contents no processor says.
    std::optional<std::vector<BalanceTransaction>> transactions;
    /// The processor's ids: "stripe_payout" ("po_..."), "balance_transaction" (its own).
    std::map<std::string, std::string> processor_ids;

    static Payout from_json(const nlohmann::json& json) { return from_canonical_json<Payout>(json); }
    static ValidationProblems validate_json(const nlohmann::json& json) { return validate_canonical<Payout>(json); }
    ValidationProblems validate() const { return validate_json(to_json()); }

    /// A payout refers to no other canonical object (its transactions name sources by id).
    std::vector<ReferenceSite> references() const { return {}; }

    nlohmann::json to_json() const {
        nlohmann::json j{{"processor", processor},       {"status", enum_name(status)},
                         {"kind", enum_name(kind)},       {"date", date},
                         {"arrival_date", arrival_date}, {"currency", currency},
                         {"amount", amount.to_string()}};
        if (transactions) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& t : *transactions) list.push_back(t.to_json());
            j["transactions"] = std::move(list);
        }
        if (!processor_ids.empty()) j["processor_ids"] = processor_ids;
        return j;
    }

    static Payout read(CanonicalReader& r) {
        Payout p;
        p.processor = r.required_text("processor", TextFormat::identifier);
        p.status = r.enumeration<PayoutStatus>("status", Presence::required).value_or(PayoutStatus::pending);
        const auto kind = r.enumeration<PayoutKind>("kind", Presence::required);
        p.kind = kind.value_or(PayoutKind::automatic);
        p.date = r.required_text("date", TextFormat::date);
        p.arrival_date = r.required_text("arrival_date", TextFormat::date);
        p.currency = r.required_text("currency", TextFormat::currency_code);
        p.amount = r.required_decimal("amount");
        if (r.present("transactions")) {
            p.transactions = r.list<BalanceTransaction>(
                "transactions", Presence::required, [&](const nlohmann::json& item, const std::string& path) {
                    return BalanceTransaction::read(item, path, r.problems());
                });
        } else {
            (void)r.raw("transactions");
            if (kind == PayoutKind::automatic) r.require("transactions", "for an automatic payout");
        }
        p.processor_ids = r.text_map("processor_ids", TextFormat::non_empty);
        return p;
    }

    void check_rules(ValidationProblems& problems) const {
        const auto known = known_currency(currency, "/currency", problems);
        if (!known) return;
        bool exact = check_minor_units(amount, *known, "/amount", problems);
        if (!transactions) return;
        Decimal sum;
        for (std::size_t i = 0; i < transactions->size(); ++i) {
            const BalanceTransaction& t = (*transactions)[i];
            const std::string path = "/transactions/" + std::to_string(i);
            if (t.currency != currency) {
                problems.add(path + "/currency", "\"" + t.currency + "\" is not the payout's currency " + currency +
                                                     ": a payout moves one currency");
                exact = false;
                continue;
            }
            exact = t.check_rules(path, problems) && exact;
            sum += t.net;
        }
        if (exact) {
            check_equals(amount, sum, "the sum of the transactions' net (what the payout contains)", "/amount", problems);
        }
    }
};

}  // namespace ledgersync::sdk::model
