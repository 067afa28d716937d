#include "writer.hpp"

#include <algorithm>

#include "stripe_amount.hpp"

namespace ledgersync::connectors::stripe {

using sdk::model::Refund;
using sdk::model::RefundReason;

namespace {

constexpr const char* kFixPayment =
    "sync the payment from this Stripe account first (its refund can only be made on the charge it came from), then retry";

}  // namespace

StripeParameters Writer::refund_parameters(const sdk::WriteItem& item) {
    const std::string what = "refund " + item.record.identity.id;
    Refund refund;
    try {
        refund = Refund::from_json(item.record.body);
    } catch (const std::exception& e) {
        throw sdk::Error(sdk::Outcome::data(what + " is not a valid canonical refund: " + e.what(), "correct the refund in its source"));
    }
    const auto link = std::find_if(item.record.links.begin(), item.record.links.end(),
                                   [](const sdk::RecordLink& l) { return l.rel == "payment"; });
    const std::string target = link == item.record.links.end() ? std::string() : link->target_id;
    if (target.empty()) {
        throw sdk::Error(sdk::Outcome::data(what + " refunds payment " + refund.payment.id + ", which is not linked to a Stripe charge",
                                            kFixPayment));
    }
    StripeParameters parameters;
    if (target.rfind("ch_", 0) == 0 || target.rfind("py_", 0) == 0) {
        parameters.emplace_back("charge", target);
    } else if (target.rfind("pi_", 0) == 0) {
        parameters.emplace_back("payment_intent", target);
    } else {
        throw sdk::Error(sdk::Outcome::data(what + " refunds payment " + refund.payment.id + ", linked to \"" + target +
                                                "\", which is neither a Stripe charge (ch_...) nor a payment intent (pi_...)",
                                            kFixPayment));
    }
    parameters.emplace_back("amount", std::to_string(to_minor_units(refund.amount, refund.currency, what + " amount")));
    if (refund.reason != RefundReason::other) parameters.emplace_back("reason", std::string(sdk::model::enum_name(refund.reason)));
    parameters.emplace_back("metadata[ledgersync_source]", item.record.identity.key());
    if (refund.memo) parameters.emplace_back("metadata[memo]", *refund.memo);
    return parameters;
}

sdk::Outcome Writer::write_refund(const sdk::WriteItem& item) {
    if (item.operation == "void" || item.operation == "delete") {
        return sdk::Outcome::data("a Stripe refund cannot be " + std::string(item.operation == "void" ? "voided" : "deleted") +
                                      " (refund " + item.record.identity.id + ")",
                                  "a refund that was made stays made; book a correcting payment instead");
    }
    if (!item.target_id.empty()) {
        // Stripe refunds cannot be changed (only their metadata): the linked refund stands.
        return sdk::Outcome::ok(item.target_id, item.target_version, "unchanged");
    }
    try {
        const StripeParameters parameters = refund_parameters(item);
        const nlohmann::json made = client_.post("/v1/refunds", parameters, item.idempotency_key,
                                                 CallContext{"refunding", "refund " + item.record.identity.id});
        const std::string id = made.value("id", std::string());
        if (id.empty()) return sdk::Outcome::transient("Stripe answered the refund " + item.record.identity.id + " without an id");
        return sdk::Outcome::ok(id, {}, "created");
    } catch (const sdk::Error& e) {
        return e.outcome();
    }
}

std::vector<sdk::Outcome> Writer::write(const std::vector<sdk::WriteItem>& items) {
    std::vector<sdk::Outcome> outcomes;
    outcomes.reserve(items.size());
    for (const auto& item : items) {
        if (item.record.identity.type != "refund") {
            outcomes.push_back(sdk::Outcome::data("the Stripe connector writes refunds only, not " + item.record.identity.type + " " +
                                                      item.record.identity.id,
                                                  "route only refunds to a Stripe connection"));
            continue;
        }
        outcomes.push_back(write_refund(item));
    }
    return outcomes;
}

}  // namespace ledgersync::connectors::stripe
