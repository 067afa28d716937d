#pragma once
/// What a payment processor kept of a payment, by kind: Stripe's balance transaction
/// fee_details (stripe_fee, application_fee, tax), HubSpot payments' hs_fees_amount and
/// hs_platform_fee. Booked as QBO expenses by the fee route, exactly once per payment.

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"

namespace ledgersync::sdk::model {

/// {"processing": "2.93", "platform": "1.00", "tax_on_fees": "0.00"}, in the payment's
/// currency, each >= 0 and in whole minor units.
struct PaymentFees {
    /// Charged to process the payment (Stripe's stripe_fee, HubSpot's hs_fees_amount).
    Decimal processing;
    /// Charged by the platform that facilitated it (a Connect application_fee, HubSpot's
    /// hs_platform_fee).
    Decimal platform;
    /// Tax charged on the fees (Stripe fee_details type "tax").
    Decimal tax_on_fees;

    /// processing + platform + tax_on_fees.
    Decimal total() const { return processing + platform + tax_on_fees; }

    nlohmann::json to_json() const {
        return {{"processing", processing.to_string()},
                {"platform", platform.to_string()},
                {"tax_on_fees", tax_on_fees.to_string()}};
    }

    /// Reads the fields of a fees object (the reader is positioned on it).
    static PaymentFees read(CanonicalReader& r) {
        PaymentFees f;
        f.processing = r.required_decimal("processing", DecimalForm::non_negative);
        f.platform = r.required_decimal("platform", DecimalForm::non_negative);
        f.tax_on_fees = r.required_decimal("tax_on_fees", DecimalForm::non_negative);
        return f;
    }
};

}  // namespace ledgersync::sdk::model
