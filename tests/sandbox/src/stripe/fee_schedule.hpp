#pragma once
/// What Stripe charges, as configured for the sandbox account: a processing fee of
/// `percent` % of the settled amount plus `fixed` minor units (2.9 % + 30 by default, Stripe's
/// US card price), `fx_percent` % more when the charge was converted from another currency,
/// `tax_percent` % tax on Stripe's fee (VAT/GST where Stripe charges it; 0 by default), and a
/// `dispute_fee` per dispute. Every fee is rounded to the minor unit half up, once, on the
/// exact product: no binary floating point anywhere.

#include <cstdint>
#include <string>

#include <ledgersync/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

struct FeeBreakdown {
    std::int64_t stripe_fee = 0;
    std::int64_t application_fee = 0;
    std::int64_t tax = 0;
    std::int64_t total() const { return stripe_fee + application_fee + tax; }
    /// Balance-transaction `fee_details`: one entry per non-zero part.
    nlohmann::json fee_details(const std::string& currency, const std::string& application) const;
};

class FeeSchedule {
public:
    /// The fees on a charge that settled `settled_amount` minor units (settlement currency);
    /// `converted` when it was presented in another currency; `application_fee` already in
    /// the settlement currency.
    FeeBreakdown charge_fees(std::int64_t settled_amount, bool converted,
                             std::int64_t application_fee) const;
    std::int64_t dispute_fee() const { return dispute_fee_; }
    bool dispute_fee_returned_when_won() const { return dispute_fee_returned_when_won_; }

    /// Members percent, fixed, fx_percent, tax_percent, dispute_fee,
    /// dispute_fee_returned_when_won (all optional; the rest keep their values); throws
    /// std::invalid_argument naming a bad member, and then changes nothing.
    void configure(const nlohmann::json& config);
    nlohmann::json to_json() const;

private:
    sdk::Decimal percent_ = sdk::Decimal::from_parts(29, 1);
    std::int64_t fixed_ = 30;
    sdk::Decimal fx_percent_ = sdk::Decimal(1);
    sdk::Decimal tax_percent_ = sdk::Decimal(0);
    std::int64_t dispute_fee_ = 1500;
    bool dispute_fee_returned_when_won_ = false;
};

/// `amount` x `percent` / 100, rounded half up to an integer.
std::int64_t percent_of(std::int64_t amount, const sdk::Decimal& percent);

}  // namespace ledgersync::sandbox::stripe
