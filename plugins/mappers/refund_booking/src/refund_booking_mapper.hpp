#pragma once
// refund_booking: the route's choice of how its refunds are booked (docs/mappings.md,
// "refund_booking"), set as the canonical refund's book_as. A QuickBooks connection books refunds
// one way by default (mapping.refund_as); a route that books its refunds the other way (a refund
// receipt for card refunds, a credit memo for another processor's) says so with this mapper, so
// that the choice is the route's and one connection serves both.

#include <vector>

#include <ledgersync/sdk.hpp>

namespace ledgersync::mappers::refund_booking {

class RefundBookingMapper final : public sdk::Mapper {
public:
    /// `config`: {"book_as": "refund_receipt" | "credit_memo"}. Throws sdk::Error (fatal) naming
    /// a missing, unknown or misspelt value at its path, so `config check` and the host's start
    /// refuse it.
    RefundBookingMapper(sdk::HostServices host, const nlohmann::json& config);

    std::vector<sdk::Record> map(sdk::Record record) const override;

private:
    sdk::model::RefundBooking book_as_ = sdk::model::RefundBooking::refund_receipt;
};

}  // namespace ledgersync::mappers::refund_booking
