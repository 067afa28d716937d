#include "stripe/refunds.hpp"

#include "stripe/object_id.hpp"
#include "stripe/payments.hpp"
#include "stripe/stripe_account.hpp"
#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

std::string amount_text(std::int64_t amount, const std::string& currency) {
    return std::to_string(amount) + " " + currency;
}

}  // namespace

nlohmann::json& create_refund(StripeAccount& account, const nlohmann::json& params,
                              const std::string& charge_from_path) {
    std::string charge_id = charge_from_path.empty() ? params.value("charge", "") : charge_from_path;
    if (params.contains("payment_intent")) {
        if (!charge_id.empty()) {
            throw errors::invalid_request(
                "You can only specify one of these parameters: charge, payment_intent.",
                "payment_intent");
        }
        nlohmann::json& intent = require_object(account, "payment_intent", params.at("payment_intent"), "payment_intent");
        if (!intent.at("latest_charge").is_string() || intent.at("status") != "succeeded") {
            throw errors::invalid_request("This PaymentIntent (" + intent.at("id").get<std::string>() +
                                              ") does not have a successful charge to refund.",
                                          "payment_intent");
        }
        charge_id = intent.at("latest_charge").get<std::string>();
    }
    if (charge_id.empty())
        throw errors::invalid_request("One of the following params should be provided for this request: charge or payment_intent.");
    nlohmann::json& charge = require_object(account, "charge", charge_id, "charge");
    if (charge.at("captured") != true) {
        throw errors::invalid_request("Charge " + charge_id +
                                      " has not been captured; cancel its payment intent instead.");
    }
    const std::int64_t captured = charge.at("amount_captured");
    const std::int64_t refunded = charge.at("amount_refunded").get<std::int64_t>() -
                                  (charge.at("amount").get<std::int64_t>() - captured);
    const std::int64_t remaining = captured - refunded;
    if (charge.at("refunded") == true || remaining <= 0) {
        throw StripeError(400, "invalid_request_error", "charge_already_refunded",
                          "Charge " + charge_id + " has already been refunded.", "charge");
    }
    const std::int64_t amount = params.value("amount", remaining);
    if (amount < 1) {
        throw errors::parameter_invalid("amount", "This value must be greater than or equal to 1.",
                                        "parameter_invalid_integer");
    }
    if (amount > remaining) {
        throw StripeError(400, "invalid_request_error", "amount_too_large",
                          "Refund amount (" + amount_text(amount, charge.at("currency")) +
                              ") is greater than unrefunded amount on charge (" +
                              amount_text(remaining, charge.at("currency")) + ")",
                          "amount");
    }
    const std::string id = new_object_id("re");
    const Conversion settled = account.rates().to_settlement(amount, charge.at("currency"));
    BalanceMovement movement;
    movement.type = "refund";
    movement.reporting_category = "refund";
    movement.amount = -settled.amount;
    movement.source = id;
    movement.description = "REFUND FOR CHARGE (" + charge_id + ")";
    movement.exchange_rate = settled.rate;
    movement.created = account.now();
    movement.available_on = movement.created;
    const nlohmann::json& transaction = account.ledger().record(movement, account.currency());

    nlohmann::json refund = {{"id", id},
                             {"object", "refund"},
                             {"amount", amount},
                             {"balance_transaction", transaction.at("id")},
                             {"charge", charge_id},
                             {"created", movement.created},
                             {"currency", charge.at("currency")},
                             {"description", nullptr},
                             {"failure_balance_transaction", nullptr},
                             {"failure_reason", nullptr},
                             {"metadata", nlohmann::json::object()},
                             {"payment_intent", charge.at("payment_intent")},
                             {"reason", params.value("reason", nlohmann::json(nullptr))},
                             {"receipt_number", nullptr},
                             {"source_transfer_reversal", nullptr},
                             {"status", "succeeded"},
                             {"transfer_reversal", nullptr}};
    if (params.contains("metadata"))
        apply_metadata(refund, params.at("metadata"));
    nlohmann::json& stored = account.store().insert(std::move(refund));

    const nlohmann::json previous = {{"amount_refunded", charge.at("amount_refunded")},
                                     {"refunded", charge.at("refunded")}};
    charge["amount_refunded"] = charge.at("amount_refunded").get<std::int64_t>() + amount;
    charge["refunded"] = amount == remaining;
    account.record_event("charge.refunded", charge, previous);
    account.record_event("refund.created", stored);
    return stored;
}

nlohmann::json& update_refund(StripeAccount& account, const std::string& id,
                              const nlohmann::json& params) {
    nlohmann::json& refund = require_object(account, "refund", id);
    update_metadata(account, refund, params, "refund.updated");
    return refund;
}

nlohmann::json& fail_refund(StripeAccount& account, const std::string& id,
                            const std::string& failure_reason) {
    nlohmann::json& refund = require_object(account, "refund", id);
    if (refund.at("status") != "succeeded" && refund.at("status") != "pending")
        throw errors::invalid_request("Refund " + id + " has already failed or been canceled.");
    const nlohmann::json* original = account.store().find(refund.at("balance_transaction"));
    BalanceMovement movement;
    movement.type = "refund_failure";
    movement.reporting_category = "refund_failure";
    movement.amount = original != nullptr ? -original->at("amount").get<std::int64_t>() : refund.at("amount").get<std::int64_t>();
    if (original != nullptr && original->at("exchange_rate").is_string())
        movement.exchange_rate = sdk::Decimal::parse(original->at("exchange_rate").get<std::string>());
    movement.source = id;
    movement.description = "REFUND FAILURE FOR CHARGE (" + refund.at("charge").get<std::string>() + ")";
    movement.created = account.now();
    movement.available_on = movement.created;
    const nlohmann::json& transaction = account.ledger().record(movement, account.currency());
    const nlohmann::json previous = {{"status", refund.at("status")}};
    refund["status"] = "failed";
    refund["failure_reason"] = failure_reason.empty() ? "lost_or_stolen_card" : failure_reason;
    refund["failure_balance_transaction"] = transaction.at("id");
    nlohmann::json& charge = require_object(account, "charge", refund.at("charge"));
    charge["amount_refunded"] = charge.at("amount_refunded").get<std::int64_t>() - refund.at("amount").get<std::int64_t>();
    charge["refunded"] = false;
    account.record_event("charge.refund.updated", refund, previous);
    account.record_event("refund.updated", refund, previous);
    return refund;
}

}  // namespace ledgersync::sandbox::stripe
