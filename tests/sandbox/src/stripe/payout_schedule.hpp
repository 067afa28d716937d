#pragma once
/// The account's payout schedule and where automatic payouts have got to. Defaults follow a
/// US Stripe account: daily automatic payouts of what became available, funds available two
/// days after a charge (`delay_days`), the payout arriving one day after it is created
/// (`arrival_days`); a negative balance is debited from the bank (`debit_negative_balances`).
/// The payout of day D is created at D 00:00 UTC and takes every unpaid transaction available
/// by then.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class PayoutSchedule {
public:
    static constexpr std::int64_t kDay = 86'400;

    /// "daily" (automatic) or "manual".
    const std::string& interval() const { return interval_; }
    bool automatic() const { return interval_ == "daily"; }
    std::int64_t delay_days() const { return delay_days_; }
    std::int64_t arrival_days() const { return arrival_days_; }
    bool debit_negative_balances() const { return debit_negative_balances_; }

    /// The first day (unix seconds of its midnight) whose payout has not run yet.
    std::int64_t next_run_day() const { return next_run_day_; }
    void set_next_run_day(std::int64_t day_start) { next_run_day_ = day_start; }
    /// When a charge created at `created` becomes available: midnight UTC `delay_days` later.
    std::int64_t available_on(std::int64_t created) const;

    /// Payouts that will fail when they would arrive (bank account closed): a count, used up one
    /// payout each, with the failure code Stripe would report.
    void fail_next(std::int64_t count, std::string failure_code);
    /// Consumes one pending failure; returns its code, or "" when the payout succeeds.
    std::string take_failure();

    /// Members interval, delay_days, arrival_days, debit_negative_balances; throws
    /// std::invalid_argument and changes nothing on bad input.
    void configure(const nlohmann::json& config);
    nlohmann::json to_json() const;
    /// Defaults, with automatic payouts starting the day after `now`.
    void reset(std::int64_t now);

private:
    std::string interval_ = "daily";
    std::int64_t delay_days_ = 2;
    std::int64_t arrival_days_ = 1;
    bool debit_negative_balances_ = true;
    std::int64_t next_run_day_ = 0;
    std::int64_t failures_left_ = 0;
    std::string failure_code_ = "account_closed";
};

/// Midnight UTC of the day holding `time` (unix seconds).
std::int64_t day_start(std::int64_t time);

}  // namespace ledgersync::sandbox::stripe
