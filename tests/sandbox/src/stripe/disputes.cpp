#include "stripe/disputes.hpp"

#include "stripe/object_id.hpp"
#include "stripe/payments.hpp"
#include "stripe/stripe_account.hpp"
#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

constexpr const char* kEvidenceMembers[] = {
    "access_activity_log", "billing_address", "cancellation_policy",
    "cancellation_policy_disclosure", "cancellation_rebuttal", "customer_communication",
    "customer_email_address", "customer_name", "customer_purchase_ip", "customer_signature",
    "duplicate_charge_documentation", "duplicate_charge_explanation", "duplicate_charge_id",
    "product_description", "receipt", "refund_policy", "refund_policy_disclosure",
    "refund_refusal_explanation", "service_date", "service_documentation", "shipping_address",
    "shipping_carrier", "shipping_date", "shipping_documentation", "shipping_tracking_number",
    "uncategorized_file", "uncategorized_text"};

// The rate the charge settled at, so the dispute moves the same settlement amount back.
std::int64_t settled_amount(StripeAccount& account, const nlohmann::json& charge,
                            std::optional<sdk::Decimal>& rate) {
    const std::int64_t amount = charge.at("amount");
    if (charge.at("balance_transaction").is_string()) {
        const nlohmann::json* transaction = account.store().find(charge.at("balance_transaction"));
        if (transaction != nullptr && transaction->at("exchange_rate").is_string()) {
            rate = sdk::Decimal::parse(transaction->at("exchange_rate").get<std::string>());
            return account.rates().convert(amount, charge.at("currency"), *rate).amount;
        }
    }
    return amount;
}

bool is_closed(const nlohmann::json& dispute) {
    const std::string status = dispute.at("status");
    return status == "won" || status == "lost" || status == "warning_closed";
}

void close_with(StripeAccount& account, nlohmann::json& dispute, const std::string& status) {
    const nlohmann::json previous = {{"status", dispute.at("status")}};
    dispute["status"] = status;
    dispute["is_charge_refundable"] = false;
    if (status == "won") {
        nlohmann::json& charge = require_object(account, "charge", dispute.at("charge"));
        std::optional<sdk::Decimal> rate;
        const std::int64_t amount = settled_amount(account, charge, rate);
        BalanceMovement movement;
        movement.type = "adjustment";
        movement.reporting_category = "dispute_reversal";
        movement.amount = amount;
        if (account.fees().dispute_fee_returned_when_won() && account.fees().dispute_fee() > 0) {
            movement.fee = -account.fees().dispute_fee();
            movement.fee_details = nlohmann::json::array({{{"amount", movement.fee},
                                                           {"application", nullptr},
                                                           {"currency", account.currency()},
                                                           {"description", "Dispute fee refund"},
                                                           {"type", "stripe_fee"}}});
        }
        movement.source = dispute.at("id").get<std::string>();
        movement.description = "Chargeback reversal for " + charge.at("id").get<std::string>();
        movement.exchange_rate = rate;
        movement.created = account.now();
        movement.available_on = movement.created;
        const nlohmann::json& transaction = account.ledger().record(movement, account.currency());
        dispute["balance_transactions"].push_back(account.render(transaction));
        account.record_event("charge.dispute.funds_reinstated", dispute);
    }
    account.record_event("charge.dispute.closed", dispute, previous);
}

}  // namespace

nlohmann::json& open_dispute(StripeAccount& account, nlohmann::json& charge,
                             const std::string& reason) {
    if (charge.at("disputed") == true)
        throw errors::invalid_request("Charge " + charge.at("id").get<std::string>() +
                                      " has already been disputed.");
    if (charge.at("captured") != true)
        throw errors::invalid_request("Only a captured charge can be disputed.");
    std::optional<sdk::Decimal> rate;
    const std::int64_t amount = settled_amount(account, charge, rate);
    const std::string id = new_object_id("dp");
    const std::int64_t now = account.now();

    nlohmann::json evidence = nlohmann::json::object();
    for (const char* member : kEvidenceMembers)
        evidence[member] = nullptr;
    BalanceMovement movement;
    movement.type = "adjustment";
    movement.reporting_category = "dispute";
    movement.amount = -amount;
    movement.fee = account.fees().dispute_fee();
    if (movement.fee > 0) {
        movement.fee_details = nlohmann::json::array({{{"amount", movement.fee},
                                                       {"application", nullptr},
                                                       {"currency", account.currency()},
                                                       {"description", "Dispute fee"},
                                                       {"type", "stripe_fee"}}});
    }
    movement.source = id;
    movement.description = "Chargeback withdrawal for " + charge.at("id").get<std::string>();
    movement.exchange_rate = rate;
    movement.created = now;
    movement.available_on = now;
    const nlohmann::json& transaction = account.ledger().record(movement, account.currency());

    nlohmann::json dispute = {
        {"id", id},
        {"object", "dispute"},
        {"amount", charge.at("amount")},
        {"balance_transactions", nlohmann::json::array({account.render(transaction)})},
        {"charge", charge.at("id")},
        {"created", now},
        {"currency", charge.at("currency")},
        {"evidence", evidence},
        {"evidence_details", {{"due_by", now + 21 * 86'400}, {"has_evidence", false}, {"past_due", false}, {"submission_count", 0}}},
        {"is_charge_refundable", false},
        {"livemode", charge.at("livemode")},
        {"metadata", nlohmann::json::object()},
        {"payment_intent", charge.at("payment_intent")},
        {"payment_method_details",
         {{"card", {{"brand", charge.at("payment_method_details").at("card").at("brand")}, {"network_reason_code", "10.4"}}},
          {"type", "card"}}},
        {"reason", reason},
        {"status", "needs_response"}};
    nlohmann::json& stored = account.store().insert(std::move(dispute));
    charge["disputed"] = true;
    account.record_event("charge.dispute.created", stored);
    account.record_event("charge.dispute.funds_withdrawn", stored);
    return stored;
}

nlohmann::json& update_dispute(StripeAccount& account, const std::string& id,
                               const nlohmann::json& params) {
    nlohmann::json& dispute = require_object(account, "dispute", id);
    if (is_closed(dispute)) {
        throw errors::invalid_request("This dispute is already closed; its evidence can no longer "
                                      "be changed.");
    }
    if (params.contains("evidence")) {
        const nlohmann::json& evidence = params.at("evidence");
        if (!evidence.is_object())
            throw errors::parameter_invalid("evidence", "Invalid object", "parameter_invalid_object");
        for (auto it = evidence.begin(); it != evidence.end(); ++it) {
            if (!dispute.at("evidence").contains(it.key()))
                throw errors::parameter_unknown("evidence[" + it.key() + "]");
            dispute["evidence"][it.key()] = *it;
        }
        dispute["evidence_details"]["has_evidence"] = true;
    }
    if (params.contains("metadata"))
        apply_metadata(dispute, params.at("metadata"));
    const nlohmann::json previous = {{"status", dispute.at("status")}};
    if (params.value("submit", true) && params.contains("evidence")) {
        dispute["status"] = "under_review";
        dispute["evidence_details"]["submission_count"] =
            dispute["evidence_details"]["submission_count"].get<int>() + 1;
    }
    account.record_event("charge.dispute.updated", dispute, previous);
    const nlohmann::json text = dispute.at("evidence").at("uncategorized_text");
    if (dispute.at("status") == "under_review" && text == "winning_evidence")
        close_with(account, dispute, "won");
    else if (dispute.at("status") == "under_review" && text == "losing_evidence")
        close_with(account, dispute, "lost");
    return dispute;
}

nlohmann::json& close_dispute(StripeAccount& account, const std::string& id) {
    nlohmann::json& dispute = require_object(account, "dispute", id);
    if (is_closed(dispute))
        throw errors::invalid_request("This dispute is already closed.");
    close_with(account, dispute, "lost");
    return dispute;
}

nlohmann::json& resolve_dispute(StripeAccount& account, const std::string& id,
                                const std::string& outcome) {
    nlohmann::json& dispute = require_object(account, "dispute", id);
    if (is_closed(dispute))
        throw errors::invalid_request("This dispute is already closed.");
    if (outcome != "won" && outcome != "lost")
        throw errors::invalid_request("outcome must be won or lost", "outcome");
    close_with(account, dispute, outcome);
    return dispute;
}

}  // namespace ledgersync::sandbox::stripe
