// Dispute -> canonical dispute: the payment (charge) disputed, the disputed amount in the charge's
// currency, Stripe's reason and status, and the balance transactions the dispute made (Stripe
// lists them on the dispute): the withdrawal of the amount with the dispute fee, and the
// reinstatement when won, in the balance's currency.

#include <algorithm>

#include "stripe_amount.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::stripe {

using nlohmann::json;
using sdk::model::Dispute;
using sdk::model::DisputeReason;
using sdk::model::DisputeStatus;

namespace {

DisputeStatus status_of(const std::string& status, const std::string& what) {
    if (const auto known = sdk::model::enum_from_name<DisputeStatus>(status)) return *known;
    throw TranslationError(what + " has the status \"" + status + "\" (expected " +
                           sdk::model::enum_name_list<DisputeStatus>() + ")");
}

}  // namespace

Dispute dispute_from_stripe(const json& dispute) {
    const std::string id = stripe_id(dispute);
    if (id.empty()) throw TranslationError("a dispute without an id");
    const std::string what = "dispute " + id;
    const std::string currency = text_member(dispute, "currency");
    if (currency.empty()) throw TranslationError(what + " has no currency");

    Dispute result;
    result.amount = from_minor_units(required_member(dispute, "amount", what), currency, what + " amount");
    result.currency = iso_currency(currency, what + " currency");
    // Stripe adds reasons over time: one this version does not know is "other", not a failure.
    result.reason = sdk::model::enum_from_name<DisputeReason>(text_member(dispute, "reason")).value_or(DisputeReason::other);
    result.status = status_of(text_member(dispute, "status"), what);
    result.date = date_of(dispute.value("created", json()), what);
    const std::string charge = stripe_id(dispute.value("charge", json()));
    if (charge.empty()) throw TranslationError(what + " names no charge: the canonical dispute needs the payment it contests");
    result.payment = sdk::model::Reference("payment", charge);
    result.processor_ids["stripe_dispute"] = id;

    const auto transactions = dispute.find("balance_transactions");
    if (transactions != dispute.end() && !transactions->is_null()) {
        if (!transactions->is_array()) throw TranslationError(what + " balance_transactions is not a list");
        // Oldest first, whatever order Stripe listed them in.
        std::vector<const json*> ordered;
        for (const auto& t : *transactions) ordered.push_back(&t);
        const auto created = [](const json* t) { return t->is_object() ? t->value("created", std::int64_t{0}) : std::int64_t{0}; };
        std::stable_sort(ordered.begin(), ordered.end(), [&](const json* a, const json* b) { return created(a) < created(b); });
        for (const json* t : ordered) {
            result.transactions.push_back(balance_transaction_from_stripe(*t, what + " balance transaction"));
        }
    }
    if (const auto problems = result.validate(); !problems.empty()) {
        throw TranslationError(what + " is not a valid dispute: " + problems.to_string());
    }
    return result;
}

}  // namespace ledgersync::connectors::stripe
