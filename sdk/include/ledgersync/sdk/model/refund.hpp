#pragma once
/// The canonical refund (schema sdk/schema/refund.schema.json, "ledgersync.refund" v1): money
/// returned on a payment. Booked in QBO as a refund receipt or a credit memo (book_as, else
/// the QuickBooks connection's mapping.refund_as).

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
#include "ledgersync/sdk/model/reference.hpp"

namespace ledgersync::sdk::model {

/// Why the money went back: the fixed list a user picks from (Stripe's refund reasons; its
/// expired_uncaptured_charge is "other").
enum class RefundReason { duplicate, fraudulent, requested_by_customer, other };

template <>
struct EnumNames<RefundReason> {
    static constexpr std::string_view kWhat = "refund reason";
    static constexpr EnumName<RefundReason> kNames[] = {{RefundReason::duplicate, "duplicate"},
                                                        {RefundReason::fraudulent, "fraudulent"},
                                                        {RefundReason::requested_by_customer, "requested_by_customer"},
                                                        {RefundReason::other, "other"}};
};

/// Where a refund is. Only succeeded refunds are booked; Stripe's requires_action is pending.
enum class RefundStatus { pending, succeeded, failed, canceled };

template <>
struct EnumNames<RefundStatus> {
    static constexpr std::string_view kWhat = "refund status";
    static constexpr EnumName<RefundStatus> kNames[] = {{RefundStatus::pending, "pending"},
                                                        {RefundStatus::succeeded, "succeeded"},
                                                        {RefundStatus::failed, "failed"},
                                                        {RefundStatus::canceled, "canceled"}};
};

/// How the books record a refund: money paid back (a QBO refund receipt) or the customer's
/// account credited (a QBO credit memo). Set by a route (the refund_booking mapper); absent, the
/// target connection's default applies.
enum class RefundBooking { refund_receipt, credit_memo };

template <>
struct EnumNames<RefundBooking> {
    static constexpr std::string_view kWhat = "refund booking";
    static constexpr EnumName<RefundBooking> kNames[] = {{RefundBooking::refund_receipt, "refund_receipt"},
                                                         {RefundBooking::credit_memo, "credit_memo"}};
};

/// {"amount": "25.00", "currency": "USD", "reason": "requested_by_customer",
///  "status": "succeeded", "payment": {"type": "payment", "id": "ch_..."}, "date": "2026-11-27",
///  "processor_ids": {"stripe_refund": "re_...", "balance_transaction": "txn_..."}}
struct Refund {
    static constexpr std::string_view kType = "refund";
    static constexpr std::string_view kSchemaId = "ledgersync.refund";
    static constexpr std::int64_t kSchemaVersion = 1;
    static constexpr std::string_view kSchemaUri = "https://schemas.ledgersync.dev/refund/v1.json";

    /// The amount returned, > 0, in whole minor units.
    Decimal amount;
    /// ISO 4217 code of amount: the refunded payment's currency.
    std::string currency;
    RefundReason reason = RefundReason::other;
    RefundStatus status = RefundStatus::pending;
    /// The payment refunded (type "payment").
    Reference payment;
    /// The refund date, "YYYY-MM-DD".
    std::string date;
    /// The processor's ids of the refund ("stripe_refund": "re_...", "balance_transaction").
    std::map<std::string, std::string> processor_ids;
    /// Free text shown with the refund (the explanation a user typed).
    std::optional<std::string> memo;
    /// How the books record it (a route's choice); absent: the target connection's default.
    std::optional<RefundBooking> book_as;

    static Refund from_json(const nlohmann::json& json) { return from_canonical_json<Refund>(json); }
    static ValidationProblems validate_json(const nlohmann::json& json) { return validate_canonical<Refund>(json); }
    ValidationProblems validate() const { return validate_json(to_json()); }

    /// Every reference with its JSON pointer: the payment refunded.
    std::vector<ReferenceSite> references() const { return {{"payment", "/payment", payment}}; }

    nlohmann::json to_json() const {
        nlohmann::json j{{"amount", amount.to_string()}, {"currency", currency},
                         {"reason", enum_name(reason)},  {"status", enum_name(status)},
                         {"payment", payment.to_json()}, {"date", date}};
        if (!processor_ids.empty()) j["processor_ids"] = processor_ids;
        if (memo) j["memo"] = *memo;
        if (book_as) j["book_as"] = enum_name(*book_as);
        return j;
    }

    static Refund read(CanonicalReader& r) {
        Refund f;
        f.amount = r.required_decimal("amount", DecimalForm::positive);
        f.currency = r.required_text("currency", TextFormat::currency_code);
        f.reason = r.enumeration<RefundReason>("reason", Presence::required).value_or(RefundReason::other);
        f.status = r.enumeration<RefundStatus>("status", Presence::required).value_or(RefundStatus::pending);
        f.payment = r.reference("payment", Presence::required, "payment").value_or(Reference{});
        f.date = r.required_text("date", TextFormat::date);
        f.processor_ids = r.text_map("processor_ids", TextFormat::non_empty);
        f.memo = r.text("memo", Presence::optional);
        f.book_as = r.enumeration<RefundBooking>("book_as", Presence::optional);
        return f;
    }

    void check_rules(ValidationProblems& problems) const {
        if (const auto known = known_currency(currency, "/currency", problems)) {
            check_minor_units(amount, *known, "/amount", problems);
        }
    }
};

}  // namespace ledgersync::sdk::model
