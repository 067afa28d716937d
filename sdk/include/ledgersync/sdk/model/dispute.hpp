#pragma once
/// The canonical dispute (schema sdk/schema/dispute.schema.json, "ledgersync.dispute" v1): a
/// payer's bank contesting a payment (a chargeback), with the balance transactions that withdrew
/// the disputed amount and the dispute fee, and reinstated the amount when the dispute was won.

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
#include "ledgersync/sdk/model/reference.hpp"

namespace ledgersync::sdk::model {

/// Why the payer disputed (Stripe's dispute reasons, API 2023-08-16); "other" for a reason a
/// processor adds later.
enum class DisputeReason {
    bank_cannot_process,
    check_returned,
    credit_not_processed,
    customer_initiated,
    debit_not_authorized,
    duplicate,
    fraudulent,
    general,
    incorrect_account_details,
    insufficient_funds,
    product_not_received,
    product_unacceptable,
    subscription_canceled,
    unrecognized,
    other
};

template <>
struct EnumNames<DisputeReason> {
    static constexpr std::string_view kWhat = "dispute reason";
    static constexpr EnumName<DisputeReason> kNames[] = {
        {DisputeReason::bank_cannot_process, "bank_cannot_process"},
        {DisputeReason::check_returned, "check_returned"},
        {DisputeReason::credit_not_processed, "credit_not_processed"},
        {DisputeReason::customer_initiated, "customer_initiated"},
        {DisputeReason::debit_not_authorized, "debit_not_authorized"},
        {DisputeReason::duplicate, "duplicate"},
        {DisputeReason::fraudulent, "fraudulent"},
        {DisputeReason::general, "general"},
        {DisputeReason::incorrect_account_details, "incorrect_account_details"},
        {DisputeReason::insufficient_funds, "insufficient_funds"},
        {DisputeReason::product_not_received, "product_not_received"},
        {DisputeReason::product_unacceptable, "product_unacceptable"},
        {DisputeReason::subscription_canceled, "subscription_canceled"},
        {DisputeReason::unrecognized, "unrecognized"},
        {DisputeReason::other, "other"}};
};

/// Where a dispute is (Stripe's statuses). The warning_ states are inquiries: no money moved.
enum class DisputeStatus {
    warning_needs_response,
    warning_under_review,
    warning_closed,
    needs_response,
    under_review,
    won,
    lost
};

template <>
struct EnumNames<DisputeStatus> {
    static constexpr std::string_view kWhat = "dispute status";
    static constexpr EnumName<DisputeStatus> kNames[] = {
        {DisputeStatus::warning_needs_response, "warning_needs_response"},
        {DisputeStatus::warning_under_review, "warning_under_review"},
        {DisputeStatus::warning_closed, "warning_closed"},
        {DisputeStatus::needs_response, "needs_response"},
        {DisputeStatus::under_review, "under_review"},
        {DisputeStatus::won, "won"},
        {DisputeStatus::lost, "lost"}};
};

/// {"payment": {"type": "payment", "id": "ch_..."}, "amount": "100.00", "currency": "USD",
///  "reason": "fraudulent", "status": "needs_response", "date": "2026-11-28",
///  "transactions": [{"id": "txn_...", "type": "dispute", "source_id": "dp_...",
///                    "gross": "-100.00", "fee": "15.00", "net": "-115.00", "currency": "USD"}],
///  "processor_ids": {"stripe_dispute": "dp_..."}}
struct Dispute {
    static constexpr std::string_view kType = "dispute";
    static constexpr std::string_view kSchemaId = "ledgersync.dispute";
    static constexpr std::int64_t kSchemaVersion = 1;
    static constexpr std::string_view kSchemaUri = "https://schemas.ledgersync.dev/dispute/v1.json";

    /// The payment disputed (type "payment").
    Reference payment;
    /// The disputed amount, > 0, in the payment's (presentment) currency.
    Decimal amount;
    /// ISO 4217 code of amount.
    std::string currency;
    DisputeReason reason = DisputeReason::other;
    DisputeStatus status = DisputeStatus::needs_response;
    /// The day the dispute was opened, "YYYY-MM-DD".
    std::string date;
    /// The money it moved, oldest first: the withdrawal of the amount with the dispute fee
    /// (type dispute), and its reinstatement when won (dispute_reversal); in the balance's
    /// currency, which may differ from `currency`. Empty for an inquiry (warning_ statuses).
    std::vector<BalanceTransaction> transactions;
    /// The processor's ids: "stripe_dispute" ("dp_...").
    std::map<std::string, std::string> processor_ids;

    static Dispute from_json(const nlohmann::json& json) { return from_canonical_json<Dispute>(json); }
    static ValidationProblems validate_json(const nlohmann::json& json) { return validate_canonical<Dispute>(json); }
    ValidationProblems validate() const { return validate_json(to_json()); }

    /// The sum of the transactions' fees: what the dispute cost in fees (the dispute fee, less
    /// any fee returned). Meaningful when the transactions share one currency.
    Decimal fees() const {
        Decimal sum;
        for (const auto& t : transactions) sum += t.fee;
        return sum;
    }

    /// Every reference with its JSON pointer: the payment disputed.
    std::vector<ReferenceSite> references() const { return {{"payment", "/payment", payment}}; }

    nlohmann::json to_json() const {
        nlohmann::json j{{"payment", payment.to_json()},     {"amount", amount.to_string()},
                         {"currency", currency},             {"reason", enum_name(reason)},
                         {"status", enum_name(status)},      {"date", date}};
        if (!transactions.empty()) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& t : transactions) list.push_back(t.to_json());
            j["transactions"] = std::move(list);
        }
        if (!processor_ids.empty()) j["processor_ids"] = processor_ids;
        return j;
    }

    static Dispute read(CanonicalReader& r) {
        Dispute d;
        d.payment = r.reference("payment", Presence::required, "payment").value_or(Reference{});
        d.amount = r.required_decimal("amount", DecimalForm::positive);
        d.currency = r.required_text("currency", TextFormat::currency_code);
        d.reason = r.enumeration<DisputeReason>("reason", Presence::required).value_or(DisputeReason::other);
        d.status = r.enumeration<DisputeStatus>("status", Presence::required).value_or(DisputeStatus::needs_response);
        d.date = r.required_text("date", TextFormat::date);
        d.transactions = r.list<BalanceTransaction>("transactions", Presence::optional,
                                                    [&](const nlohmann::json& item, const std::string& path) {
                                                        return BalanceTransaction::read(item, path, r.problems());
                                                    });
        d.processor_ids = r.text_map("processor_ids", TextFormat::non_empty);
        return d;
    }

    void check_rules(ValidationProblems& problems) const {
        if (const auto known = known_currency(currency, "/currency", problems)) {
            check_minor_units(amount, *known, "/amount", problems);
        }
        for (std::size_t i = 0; i < transactions.size(); ++i) {
            transactions[i].check_rules("/transactions/" + std::to_string(i), problems);
        }
    }
};

}  // namespace ledgersync::sdk::model
