#include "stripe/payouts.hpp"

#include "stripe/object_id.hpp"
#include "stripe/payments.hpp"
#include "stripe/stripe_account.hpp"
#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

constexpr const char* kDestination = "ba_1LedgerSyncSandboxBank";

std::string failure_message(const std::string& code) {
    if (code == "account_closed")
        return "The bank account has been closed.";
    if (code == "no_account")
        return "The bank account details on file are probably incorrect. No bank account could be "
               "located with those details.";
    if (code == "insufficient_funds")
        return "Your Stripe account has insufficient funds to cover the payout.";
    return "The payout could not be completed (" + code + ").";
}

nlohmann::json& new_payout(StripeAccount& account, std::int64_t amount, std::int64_t created,
                           bool automatic, const nlohmann::json& params) {
    const std::string id = new_object_id("po");
    BalanceMovement movement;
    movement.type = "payout";
    movement.reporting_category = "payout";
    movement.amount = -amount;
    movement.source = id;
    movement.description = "STRIPE PAYOUT";
    movement.created = created;
    movement.available_on = created;
    const nlohmann::json& transaction = account.ledger().record(movement, account.currency(), id);
    nlohmann::json payout = {
        {"id", id},
        {"object", "payout"},
        {"amount", amount},
        {"arrival_date", day_start(created) + account.payouts().arrival_days() * PayoutSchedule::kDay},
        {"automatic", automatic},
        {"balance_transaction", transaction.at("id")},
        {"created", created},
        {"currency", account.currency()},
        {"description", params.value("description", std::string("STRIPE PAYOUT"))},
        {"destination", kDestination},
        {"failure_balance_transaction", nullptr},
        {"failure_code", nullptr},
        {"failure_message", nullptr},
        {"livemode", account.request_context().livemode},
        {"metadata", nlohmann::json::object()},
        {"method", "standard"},
        {"original_payout", nullptr},
        {"reconciliation_status", automatic ? "in_progress" : "not_applicable"},
        {"reversed_by", nullptr},
        {"source_type", "card"},
        {"statement_descriptor", params.value("statement_descriptor", nlohmann::json(nullptr))},
        {"status", automatic ? "in_transit" : "pending"},
        {"type", "bank_account"}};
    if (params.contains("metadata"))
        apply_metadata(payout, params.at("metadata"));
    nlohmann::json& stored = account.store().insert(std::move(payout));
    account.record_event("payout.created", stored, nullptr, created);
    return stored;
}

void settle_arrived(StripeAccount& account, std::int64_t now) {
    std::vector<std::string> due;
    for (const auto& [key, id] : account.store().ordered("payout")) {
        const nlohmann::json* payout = account.store().find(id);
        const std::string status = payout->at("status");
        if ((status == "in_transit" || status == "pending") &&
            payout->at("arrival_date").get<std::int64_t>() <= now)
            due.push_back(id);
    }
    for (const auto& id : due) {
        nlohmann::json& payout = *account.store().find(id);
        const std::int64_t arrival = payout.at("arrival_date");
        const nlohmann::json previous = {{"status", payout.at("status")}};
        const std::string failure = account.payouts().take_failure();
        if (failure.empty()) {
            payout["status"] = "paid";
            account.record_event("payout.paid", payout, previous, arrival);
            if (payout.at("automatic") == true) {
                payout["reconciliation_status"] = "completed";
                account.record_event("payout.reconciliation_completed", payout, nullptr, arrival);
            }
            continue;
        }
        BalanceMovement movement;
        movement.type = "payout_failure";
        movement.reporting_category = "payout_reversal";
        movement.amount = payout.at("amount").get<std::int64_t>();
        movement.source = id;
        movement.description = "Payout failure (" + failure + ")";
        movement.created = arrival;
        movement.available_on = arrival;
        const nlohmann::json& transaction = account.ledger().record(movement, account.currency());
        payout["status"] = "failed";
        payout["failure_code"] = failure;
        payout["failure_message"] = failure_message(failure);
        payout["failure_balance_transaction"] = transaction.at("id");
        payout["reconciliation_status"] = "not_applicable";
        account.record_event("payout.failed", payout, previous, arrival);
    }
}

}  // namespace

std::size_t run_automatic_payouts(StripeAccount& account) {
    const std::int64_t now = account.now();
    PayoutSchedule& schedule = account.payouts();
    std::size_t created = 0;
    // Payouts of past days arrive before today's are created, so a failed payout's money is in
    // the next day's payout.
    while (schedule.next_run_day() <= now) {
        const std::int64_t day = schedule.next_run_day();
        settle_arrived(account, day);
        if (schedule.automatic()) {
            const auto transactions = account.ledger().payable_at(day);
            std::int64_t total = 0;
            for (const auto& id : transactions)
                total += account.store().find(id)->at("net").get<std::int64_t>();
            if (!transactions.empty() && total != 0 &&
                (total > 0 || schedule.debit_negative_balances())) {
                nlohmann::json& payout = new_payout(account, total, day, true, nlohmann::json::object());
                account.ledger().assign(transactions, payout.at("id"));
                ++created;
            }
        }
        schedule.set_next_run_day(day + PayoutSchedule::kDay);
    }
    settle_arrived(account, now);
    return created;
}

nlohmann::json& create_manual_payout(StripeAccount& account, const nlohmann::json& params) {
    if (account.payouts().automatic()) {
        throw errors::invalid_request(
            "You can't create manual payouts because your account has automatic payouts "
            "enabled. Set the payout schedule to manual first.");
    }
    const std::int64_t amount = params.at("amount");
    if (params.at("currency") != account.currency()) {
        throw errors::parameter_invalid("currency", "Invalid currency: payouts are made in " +
                                                        account.currency() + ".",
                                        "parameter_invalid_string");
    }
    const auto [available, pending] = account.ledger().totals(account.now());
    if (amount < 1 || amount > available) {
        throw StripeError(400, "invalid_request_error", "balance_insufficient",
                          "You have insufficient funds in your Stripe account for this transfer. "
                          "Your card balance is too low.",
                          "amount");
    }
    return new_payout(account, amount, account.now(), false, params);
}

nlohmann::json& update_payout(StripeAccount& account, const std::string& id,
                              const nlohmann::json& params) {
    nlohmann::json& payout = require_object(account, "payout", id);
    update_metadata(account, payout, params, "payout.updated");
    return payout;
}

nlohmann::json balance_json(StripeAccount& account) {
    const auto [available, pending] = account.ledger().totals(account.now());
    return {{"object", "balance"},
            {"available", {{{"amount", available}, {"currency", account.currency()}, {"source_types", {{"card", available}}}}}},
            {"connect_reserved", {{{"amount", 0}, {"currency", account.currency()}}}},
            {"livemode", account.request_context().livemode},
            {"pending", {{{"amount", pending}, {"currency", account.currency()}, {"source_types", {{"card", pending}}}}}}};
}

}  // namespace ledgersync::sandbox::stripe
