#pragma once
/// The one Stripe account the sandbox emulates: its objects, balance ledger, fee schedule,
/// exchange rates and payout schedule, and the events its changes raise. Handlers hold
/// mutex() while they read or change it, so every request sees and leaves a consistent
/// account. Times are unix seconds of the sandbox clock.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stripe/balance_ledger.hpp"
#include "stripe/exchange_rates.hpp"
#include "stripe/expander.hpp"
#include "stripe/fee_schedule.hpp"
#include "stripe/object_store.hpp"
#include "stripe/payout_schedule.hpp"

namespace ledgersync::sandbox {
class SandboxClock;
}

namespace ledgersync::sandbox::stripe {

/// Who caused a change: recorded on the events it raises (`event.request`).
struct RequestContext {
    std::string request_id;
    std::string idempotency_key;
    bool livemode = false;
};

class StripeAccount final : public ExpansionSource {
public:
    static constexpr const char* kAccountId = "acct_1LedgerSyncSandbox";
    static constexpr const char* kApplicationId = "ca_LedgerSyncSandboxPlatform";

    explicit StripeAccount(const SandboxClock& clock);

    std::mutex& mutex() { return mutex_; }
    ObjectStore& store() { return store_; }
    const ObjectStore& store() const { return store_; }
    BalanceLedger& ledger() { return ledger_; }
    const BalanceLedger& ledger() const { return ledger_; }
    FeeSchedule& fees() { return fees_; }
    ExchangeRates& rates() { return rates_; }
    PayoutSchedule& payouts() { return payouts_; }
    const std::string& currency() const { return rates_.settlement_currency(); }

    /// Unix seconds, sandbox clock.
    std::int64_t now() const;
    void set_request_context(RequestContext context) { context_ = std::move(context); }
    const RequestContext& request_context() const { return context_; }

    /// Records an event about `object` (stored as the API shows it now) at `created` (now when
    /// 0); it is listed by /v1/events and waits in the outbox for webhook delivery.
    void record_event(const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous_attributes = nullptr, std::int64_t created = 0);
    /// Bulk seeding records no events (they would outweigh the objects many times over).
    void mute_events(bool muted) { events_muted_ = muted; }
    /// Makes now() answer `time` (bulk seeding of history); nullopt = the clock again.
    void set_time_override(std::optional<std::int64_t> time) { time_override_ = time; }
    /// The events recorded since the last call, oldest first.
    std::vector<nlohmann::json> take_outbox();
    /// How many webhook endpoints an event of `type` goes to (its `pending_webhooks`).
    std::size_t endpoints_for(const std::string& type) const;

    /// A stored object as the API shows it at this moment (a balance transaction's status
    /// follows the clock).
    nlohmann::json render(const nlohmann::json& stored) const;
    std::optional<nlohmann::json> render_by_id(const std::string& id) const override;
    std::optional<nlohmann::json> expanded_only(const nlohmann::json& owner,
                                                const std::string& field) const override;

    /// Back to an empty account with default settings.
    void reset();

private:
    const SandboxClock& clock_;
    std::mutex mutex_;
    ObjectStore store_;
    BalanceLedger ledger_{store_};
    FeeSchedule fees_;
    ExchangeRates rates_;
    PayoutSchedule payouts_;
    RequestContext context_;
    std::vector<nlohmann::json> outbox_;
    bool events_muted_ = false;
    std::optional<std::int64_t> time_override_;
};

/// A copy of `object` with `metadata` applied as Stripe applies it on update: keys merge, an
/// empty value removes its key, an empty `metadata` clears all.
void apply_metadata(nlohmann::json& object, const nlohmann::json& metadata);
/// An update that may only change `metadata` (refunds, payouts): applies it and records
/// `event_type` with the previous metadata when the parameters have any.
void update_metadata(StripeAccount& account, nlohmann::json& object, const nlohmann::json& params,
                     const std::string& event_type);

}  // namespace ledgersync::sandbox::stripe
