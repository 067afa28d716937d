#pragma once
/// The account's balance as Stripe keeps it: one balance transaction (`txn_`) per money
/// movement (stripe.md §2.3) with its fee and `fee_details`, `net = amount - fee`, in the
/// settlement currency, pending until `available_on`. The ledger also knows which
/// transactions no automatic payout has taken yet, and which payout took each one, so that
/// `GET /v1/balance_transactions?payout=po_...` lists exactly a payout's contents.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <ledgersync/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

#include "stripe/object_store.hpp"

namespace ledgersync::sandbox::stripe {

/// What one money movement puts in the ledger.
struct BalanceMovement {
    std::string type;                ///< "charge", "refund", "adjustment", "payout", ...
    std::string reporting_category;  ///< "charge", "refund", "dispute", "payout", ...
    std::int64_t amount = 0;         ///< signed, settlement currency minor units
    std::int64_t fee = 0;
    nlohmann::json fee_details = nlohmann::json::array();
    std::string source;  ///< id of the originating object
    std::string description;
    std::optional<sdk::Decimal> exchange_rate;
    std::int64_t created = 0;       ///< unix seconds
    std::int64_t available_on = 0;  ///< unix seconds
};

class BalanceLedger {
public:
    explicit BalanceLedger(ObjectStore& store) : store_(store) {}

    /// Records `movement` in `currency`; returns the stored balance transaction. Payout
    /// transactions belong to their payout right away; every other one waits for a payout.
    nlohmann::json& record(const BalanceMovement& movement, const std::string& currency,
                           const std::string& payout_id = {});
    /// Unpaid transactions available at `cutoff` (unix seconds), oldest first.
    std::vector<std::string> payable_at(std::int64_t cutoff) const;
    /// Marks `transaction_ids` as paid out by `payout_id`.
    void assign(const std::vector<std::string>& transaction_ids, const std::string& payout_id);
    /// The payout that took `transaction_id`, or "".
    std::string payout_of(const std::string& transaction_id) const;
    /// Net sum of all transactions by status at `now`: {"available": n, "pending": m}.
    std::pair<std::int64_t, std::int64_t> totals(std::int64_t now) const;
    void clear();

private:
    ObjectStore& store_;
    std::set<std::pair<std::int64_t, std::string>> unpaid_;  // (available_on, id)
    std::unordered_map<std::string, std::string> payout_of_;
    std::vector<std::string> all_;
};

/// "pending" or "available" for a transaction at `now`.
const char* balance_status(std::int64_t available_on, std::int64_t now);

}  // namespace ledgersync::sandbox::stripe
