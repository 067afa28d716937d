// Payout -> canonical payout: the amount that reaches the bank and what it pays out. The contents
// are the balance transactions GET /v1/balance_transactions?payout=<id> lists, less the payout's
// own (its `payout` transaction, and its `payout_failure` when it failed: the failed amount comes
// back to the balance and is paid out again in a later payout, where it is content). The amount
// must then be the sum of the contents' net exactly; anything else is untranslated, never booked.

#include "stripe_amount.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::stripe {

using nlohmann::json;
using sdk::model::Payout;
using sdk::model::PayoutKind;
using sdk::model::PayoutStatus;

namespace {

PayoutStatus status_of(const std::string& status, const std::string& what) {
    if (status == "pending") return PayoutStatus::pending;
    if (status == "in_transit") return PayoutStatus::in_transit;
    if (status == "paid") return PayoutStatus::paid;
    if (status == "failed") return PayoutStatus::failed;
    if (status == "canceled") return PayoutStatus::canceled;
    throw TranslationError(what + " has the status \"" + status + "\" (expected pending, in_transit, paid, failed or canceled)");
}

}  // namespace

Payout payout_from_stripe(const json& payout, const json& contents) {
    const std::string id = stripe_id(payout);
    if (id.empty()) throw TranslationError("a payout without an id");
    const std::string what = "payout " + id;
    const std::string currency = text_member(payout, "currency");
    if (currency.empty()) throw TranslationError(what + " has no currency");

    Payout result;
    result.processor = "stripe";
    result.amount = from_minor_units(required_member(payout, "amount", what), currency, what + " amount");
    result.currency = iso_currency(currency, what + " currency");
    result.status = status_of(text_member(payout, "status"), what);
    result.kind = payout.value("automatic", false) ? PayoutKind::automatic : PayoutKind::manual;
    result.date = date_of(payout.value("created", json()), what);
    const json& arrival = required_member(payout, "arrival_date", what);
    if (!arrival.is_number_integer()) throw TranslationError(what + " arrival_date is not a unix time");
    result.arrival_date = date_of(arrival, what);
    result.processor_ids["stripe_payout"] = id;
    const std::string own = stripe_id(payout.value("balance_transaction", json()));
    const std::string own_failure = stripe_id(payout.value("failure_balance_transaction", json()));
    if (!own.empty()) result.processor_ids["balance_transaction"] = own;

    if (result.kind == PayoutKind::automatic) {
        if (!contents.is_array()) {
            throw TranslationError(what + " is automatic, but what it contains was not read (GET /v1/balance_transactions?payout=" + id + ")");
        }
        result.transactions.emplace();
        for (std::size_t i = 0; i < contents.size(); ++i) {
            const std::string transaction = stripe_id(contents[i]);
            if (transaction == own || (!own_failure.empty() && transaction == own_failure)) continue;
            result.transactions->push_back(
                balance_transaction_from_stripe(contents[i], what + " balance transaction " + std::to_string(i)));
        }
    }
    if (const auto problems = result.validate(); !problems.empty()) {
        throw TranslationError(what + " does not add up: " + problems.to_string());
    }
    return result;
}

}  // namespace ledgersync::connectors::stripe
