#include "stripe/fee_schedule.hpp"

#include <stdexcept>

namespace ledgersync::sandbox::stripe {

namespace {

sdk::Decimal percent_member(const nlohmann::json& config, const char* key,
                            const sdk::Decimal& current) {
    if (!config.contains(key))
        return current;
    sdk::Decimal value;
    try {
        value = sdk::Decimal::from_json(config.at(key));
    } catch (const sdk::DecimalError& e) {
        throw std::invalid_argument(std::string("\"") + key + "\" must be a decimal percentage: " +
                                    e.what());
    }
    if (value < sdk::Decimal(0) || value > sdk::Decimal(100))
        throw std::invalid_argument(std::string("\"") + key + "\" must be from 0 to 100");
    return value;
}

std::int64_t minor_units_member(const nlohmann::json& config, const char* key,
                                std::int64_t current) {
    if (!config.contains(key))
        return current;
    const auto& value = config.at(key);
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0)
        throw std::invalid_argument(std::string("\"") + key +
                                    "\" must be a non-negative integer of minor units");
    return value.get<std::int64_t>();
}

}  // namespace

std::int64_t percent_of(std::int64_t amount, const sdk::Decimal& percent) {
    const sdk::Decimal share = sdk::Decimal::divide(percent, sdk::Decimal(100),
                                                    percent.scale() + 2, sdk::RoundingMode::half_up);
    return sdk::Decimal::multiply_rounded(sdk::Decimal(amount), share, 0,
                                          sdk::RoundingMode::half_up)
        .mantissa();
}

nlohmann::json FeeBreakdown::fee_details(const std::string& currency,
                                         const std::string& application) const {
    nlohmann::json details = nlohmann::json::array();
    if (application_fee != 0) {
        details.push_back({{"amount", application_fee},
                           {"application", application},
                           {"currency", currency},
                           {"description", "Application fee"},
                           {"type", "application_fee"}});
    }
    if (stripe_fee != 0) {
        details.push_back({{"amount", stripe_fee},
                           {"application", nullptr},
                           {"currency", currency},
                           {"description", "Stripe processing fees"},
                           {"type", "stripe_fee"}});
    }
    if (tax != 0) {
        details.push_back({{"amount", tax},
                           {"application", nullptr},
                           {"currency", currency},
                           {"description", "Tax on Stripe processing fees"},
                           {"type", "tax"}});
    }
    return details;
}

FeeBreakdown FeeSchedule::charge_fees(std::int64_t settled_amount, bool converted,
                                      std::int64_t application_fee) const {
    FeeBreakdown fees;
    const sdk::Decimal percent = converted ? percent_ + fx_percent_ : percent_;
    fees.stripe_fee = percent_of(settled_amount, percent) + fixed_;
    fees.tax = percent_of(fees.stripe_fee, tax_percent_);
    fees.application_fee = application_fee;
    return fees;
}

void FeeSchedule::configure(const nlohmann::json& config) {
    if (!config.is_object())
        throw std::invalid_argument("the fee settings must be a JSON object");
    for (auto it = config.begin(); it != config.end(); ++it) {
        static const char* kKnown[] = {"percent",     "fixed",       "fx_percent",
                                       "tax_percent", "dispute_fee", "dispute_fee_returned_when_won"};
        bool known = false;
        for (const char* k : kKnown)
            known = known || it.key() == k;
        if (!known)
            throw std::invalid_argument("unknown fee setting \"" + it.key() + "\"");
    }
    FeeSchedule next = *this;
    next.percent_ = percent_member(config, "percent", percent_);
    next.fx_percent_ = percent_member(config, "fx_percent", fx_percent_);
    next.tax_percent_ = percent_member(config, "tax_percent", tax_percent_);
    next.fixed_ = minor_units_member(config, "fixed", fixed_);
    next.dispute_fee_ = minor_units_member(config, "dispute_fee", dispute_fee_);
    if (config.contains("dispute_fee_returned_when_won")) {
        if (!config.at("dispute_fee_returned_when_won").is_boolean())
            throw std::invalid_argument("\"dispute_fee_returned_when_won\" must be true or false");
        next.dispute_fee_returned_when_won_ = config.at("dispute_fee_returned_when_won").get<bool>();
    }
    *this = next;
}

nlohmann::json FeeSchedule::to_json() const {
    return {{"percent", percent_.to_string()},
            {"fixed", fixed_},
            {"fx_percent", fx_percent_.to_string()},
            {"tax_percent", tax_percent_.to_string()},
            {"dispute_fee", dispute_fee_},
            {"dispute_fee_returned_when_won", dispute_fee_returned_when_won_}};
}

}  // namespace ledgersync::sandbox::stripe
