#pragma once
/// Writes: canonical refunds become Stripe refunds (POST /v1/refunds) of the charge their payment
/// is linked to, with the host's idempotency key as Idempotency-Key, so that a retry after a lost
/// response returns the refund already made instead of making another. docs/connectors/stripe.md,
/// "Writes".

#include <vector>

#include <ledgersync/sdk.hpp>

#include "client.hpp"

namespace ledgersync::connectors::stripe {

class Writer {
public:
    explicit Writer(StripeClient& client) : client_(client) {}

    /// One outcome per item, in order.
    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items);

    /// The form parameters of the refund of `item` (for tests); throws sdk::Error (data) when the
    /// record cannot be a Stripe refund.
    static StripeParameters refund_parameters(const sdk::WriteItem& item);

private:
    sdk::Outcome write_refund(const sdk::WriteItem& item);

    StripeClient& client_;
};

}  // namespace ledgersync::connectors::stripe
