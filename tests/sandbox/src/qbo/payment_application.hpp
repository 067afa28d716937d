#pragma once
/// How payments apply to invoices (and credit memos) through Line[].LinkedTxn, and what that
/// does to both sides: an invoice's Balance is TotalAmt - Deposit - the payments applied to it,
/// and its LinkedTxn lists those payments (read-only, qbo.md §1.11); a payment's UnappliedAmt
/// is what it did not apply. Voiding or deleting an invoice detaches its payments, which become
/// unapplied (LINK).

#include <string>
#include <string_view>
#include <vector>

#include <ledgersync/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

class Ledger;

/// What payments other than `except_payment_id` apply to transaction (`txn_type`, `txn_id`).
sdk::Decimal applied_amount(const Ledger& ledger, std::string_view txn_type,
                            std::string_view txn_id, std::string_view except_payment_id = {});

/// Checks a payment about to be stored (TotalAmt, CustomerRef, lines and their links, open
/// balances) and computes UnappliedAmt. Returns the transactions whose balances it changes,
/// before and after, as (type, id) pairs.
std::vector<std::pair<std::string, std::string>> apply_payment_rules(
    Ledger& ledger, nlohmann::json& payment, const nlohmann::json* previous);

/// Recomputes Balance (and RemainingCredit, LinkedTxn) of `body`, a sales form, from the
/// payments applied to it; a 6000 fault when it would fall below zero.
void compute_open_balance(const Ledger& ledger, std::string_view kind, nlohmann::json& body);

/// After payments changed: recomputes and, when it changed, touches transaction (kind, id).
void refresh_applied_transaction(Ledger& ledger, const std::string& kind, const std::string& id);

/// Removes every payment line linking (`txn_type`, `txn_id`); those payments keep their
/// TotalAmt and gain UnappliedAmt.
void detach_payments(Ledger& ledger, const std::string& txn_type, const std::string& txn_id);

/// The (type, id) pairs a payment body links to.
std::vector<std::pair<std::string, std::string>> payment_targets(const nlohmann::json& payment);

}  // namespace ledgersync::sandbox::qbo
