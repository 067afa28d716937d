#pragma once
/// Payouts (`po_`). Automatic payouts run for every day boundary the sandbox clock has passed:
/// the payout of day D takes every unpaid balance transaction available by D 00:00 UTC (so a
/// refund made after a charge was paid out lands in a later payout), is `in_transit` until its
/// arrival date, then `paid` (or `failed` when a failure was injected: a `payout_failure`
/// transaction returns the amount to the balance, and the next payout takes it). A negative
/// total is debited from the bank as a payout with a negative amount. Manual payouts (interval
/// "manual") move an amount without saying which transactions it holds, as Stripe's do.

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class StripeAccount;

/// Creates the payouts of every day up to the clock's now and settles the arrived ones.
/// Returns how many payouts were created.
std::size_t run_automatic_payouts(StripeAccount& account);
nlohmann::json& create_manual_payout(StripeAccount& account, const nlohmann::json& params);
nlohmann::json& update_payout(StripeAccount& account, const std::string& id,
                              const nlohmann::json& params);
/// {"object": "balance", "available": [...], "pending": [...], ...}.
nlohmann::json balance_json(StripeAccount& account);

}  // namespace ledgersync::sandbox::stripe
