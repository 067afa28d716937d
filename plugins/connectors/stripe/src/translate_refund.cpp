// Refund -> canonical refund: the amount returned, its status and reason, the payment (the
// charge) it returns money of. A refund of a converted charge is expressed, like its payment, in
// the settlement currency: its balance transaction's amount (negative there), when expanded.

#include "stripe_amount.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::stripe {

using nlohmann::json;
using sdk::model::Refund;
using sdk::model::RefundReason;
using sdk::model::RefundStatus;

namespace {

RefundStatus status_of(const std::string& status, const std::string& what) {
    if (status == "succeeded") return RefundStatus::succeeded;
    if (status == "pending" || status == "requires_action") return RefundStatus::pending;
    if (status == "failed") return RefundStatus::failed;
    if (status == "canceled") return RefundStatus::canceled;
    throw TranslationError(what + " has the status \"" + status + "\" (expected pending, requires_action, succeeded, failed or canceled)");
}

RefundReason reason_of(const std::string& reason) {
    if (reason == "duplicate") return RefundReason::duplicate;
    if (reason == "fraudulent") return RefundReason::fraudulent;
    if (reason == "requested_by_customer") return RefundReason::requested_by_customer;
    return RefundReason::other;  // none, expired_uncaptured_charge
}

}  // namespace

Refund refund_from_stripe(const json& refund) {
    const std::string id = stripe_id(refund);
    if (id.empty()) throw TranslationError("a refund without an id");
    const std::string what = "refund " + id;
    const std::string currency = text_member(refund, "currency");
    if (currency.empty()) throw TranslationError(what + " has no currency");
    const auto amount = refund.find("amount");
    if (amount == refund.end()) throw TranslationError(what + " has no amount");

    Refund result;
    result.amount = from_minor_units(*amount, currency, what + " amount");
    result.currency = iso_currency(currency, what + " currency");
    result.status = status_of(text_member(refund, "status"), what);
    result.reason = reason_of(text_member(refund, "reason"));
    result.date = date_of(refund.value("created", json()), what);
    const std::string charge = stripe_id(refund.value("charge", json()));
    if (charge.empty()) throw TranslationError(what + " names no charge: the canonical refund needs the payment it returns money of");
    result.payment = sdk::model::Reference("payment", charge);
    result.processor_ids["stripe_refund"] = id;

    const auto transaction = refund.find("balance_transaction");
    if (transaction != refund.end() && transaction->is_object()) {
        const std::string settlement = text_member(*transaction, "currency");
        if (!settlement.empty() && settlement != currency) {
            const auto settled = transaction->find("amount");
            if (settled == transaction->end() || !settled->is_number_integer()) {
                throw TranslationError(what + " balance transaction has no integer amount");
            }
            result.amount = from_minor_units(-settled->get<std::int64_t>(), settlement, what + " balance transaction amount");
            result.currency = iso_currency(settlement, what + " balance transaction currency");
        }
    }
    if (const std::string transaction_id = stripe_id(refund.value("balance_transaction", json())); !transaction_id.empty()) {
        result.processor_ids["balance_transaction"] = transaction_id;
    }
    if (const auto metadata = refund.find("metadata"); metadata != refund.end() && metadata->is_object()) {
        if (const std::string memo = text_member(*metadata, "memo"); !memo.empty()) result.memo = memo;
    }
    return result;
}

}  // namespace ledgersync::connectors::stripe
