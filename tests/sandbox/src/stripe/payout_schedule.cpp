#include "stripe/payout_schedule.hpp"

#include <stdexcept>

namespace ledgersync::sandbox::stripe {

std::int64_t day_start(std::int64_t time) {
    const std::int64_t remainder = time % PayoutSchedule::kDay;
    return time - (remainder < 0 ? remainder + PayoutSchedule::kDay : remainder);
}

std::int64_t PayoutSchedule::available_on(std::int64_t created) const {
    return day_start(created) + delay_days_ * kDay;
}

void PayoutSchedule::fail_next(std::int64_t count, std::string failure_code) {
    failures_left_ = count;
    failure_code_ = failure_code.empty() ? "account_closed" : std::move(failure_code);
}

std::string PayoutSchedule::take_failure() {
    if (failures_left_ <= 0)
        return {};
    --failures_left_;
    return failure_code_;
}

void PayoutSchedule::configure(const nlohmann::json& config) {
    if (!config.is_object())
        throw std::invalid_argument("the payout schedule must be a JSON object");
    PayoutSchedule next = *this;
    for (auto it = config.begin(); it != config.end(); ++it) {
        const std::string& key = it.key();
        if (key == "interval") {
            if (*it != "daily" && *it != "manual")
                throw std::invalid_argument("\"interval\" must be \"daily\" or \"manual\"");
            next.interval_ = it->get<std::string>();
        } else if (key == "delay_days" || key == "arrival_days") {
            if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 30)
                throw std::invalid_argument("\"" + key + "\" must be an integer from 0 to 30");
            (key == "delay_days" ? next.delay_days_ : next.arrival_days_) = it->get<std::int64_t>();
        } else if (key == "debit_negative_balances") {
            if (!it->is_boolean())
                throw std::invalid_argument("\"debit_negative_balances\" must be true or false");
            next.debit_negative_balances_ = it->get<bool>();
        } else {
            throw std::invalid_argument("unknown payout setting \"" + key +
                                        "\" (interval, delay_days, arrival_days, "
                                        "debit_negative_balances)");
        }
    }
    *this = next;
}

nlohmann::json PayoutSchedule::to_json() const {
    return {{"interval", interval_},
            {"delay_days", delay_days_},
            {"arrival_days", arrival_days_},
            {"debit_negative_balances", debit_negative_balances_},
            {"next_run_day", next_run_day_},
            {"failing_payouts_left", failures_left_},
            {"failure_code", failure_code_}};
}

void PayoutSchedule::reset(std::int64_t now) {
    *this = PayoutSchedule{};
    next_run_day_ = day_start(now) + kDay;
}

}  // namespace ledgersync::sandbox::stripe
