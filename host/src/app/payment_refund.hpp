#pragma once
/// A refund of a payment at the processor the money came through (MISSION.md point 10), as
/// `ledgersync payments refund` and POST /api/v1/payments/{connection}/{id}/refund make it: the
/// same checks before anything is sent, the same idempotency key (the same payment, amount and
/// reason give the same refund however often it is asked for), the same timeline entry. The
/// refund then comes back through the processor's reads and is booked like any other.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <ledgersync/sdk/connector.hpp>

#include "config/host_config.hpp"
#include "plugin/connector_instance.hpp"
#include "plugin/plugin_catalog.hpp"
#include "store/store.hpp"

namespace ledgersync::app {

/// The refund reasons a processor takes: duplicate, fraudulent, requested_by_customer, other.
const std::vector<std::string>& refund_reasons();

/// The connections of `config` whose plugin writes refunds (a processor's: Stripe).
std::vector<std::string> refund_connections(const config::HostConfig& config, const plugin::PluginCatalog& catalog);

/// A refund refused before any processor was called; what() says why and what to do.
class RefundRefused : public std::runtime_error {
public:
    enum class Why {
        bad_reason,       ///< not one of refund_reasons()
        bad_amount,       ///< not an exact positive decimal, or finer than the currency's minor unit
        unknown_payment,  ///< the bus never received the payment
        not_refundable,   ///< deleted, not made through a processor, or in a state that cannot be refunded
        too_much,         ///< more than the payment has left to refund
    };
    RefundRefused(Why why, const std::string& message) : std::runtime_error(message), why_(why) {}
    Why why() const noexcept { return why_; }

private:
    Why why_;
};

/// A refund checked and ready to send.
struct RefundPlan {
    /// The payment as it was named (any connection that has it).
    store::ObjectKey payment;
    /// The payment at the processor that refunds it (stripe/payment/ch_...).
    store::ObjectKey processor_payment;
    /// The amount at the currency's minor unit ("100.00") and with its currency ("100.00 USD").
    std::string amount;
    std::string currency;
    std::string amount_text;
    std::string reason;
    std::string idempotency_key;
    /// The refund write the processor's connector receives.
    sdk::WriteItem item;
};

/// Checks a refund of `amount` (exact decimal text, e.g. "25.00") of payment `key` for `reason`
/// against the store: the payment known and not deleted, made through a processor whose
/// connection is one of `refunders` (refund_connections), succeeded or partially refunded, the amount positive, exact at
/// the currency's minor unit and at most what is left to refund. Throws RefundRefused.
RefundPlan plan_refund(store::Store& store, const config::HostConfig& config, const std::vector<std::string>& refunders,
                       const store::ObjectKey& key, const std::string& amount, const std::string& reason, std::int64_t now_ms);

/// Sends `plan` through `connector` (the processor's connection); the outcome of the write (an
/// exception of the connector is a transient outcome). When the refund is made, its timeline
/// entry "refund_requested" on the processor's payment says who asked (`requested_by`, e.g.
/// "`ledgersync payments refund`").
sdk::Outcome make_refund(plugin::ConnectorInstance& connector, store::Store& store, const RefundPlan& plan, std::int64_t now_ms,
                         const std::string& requested_by);

}  // namespace ledgersync::app
