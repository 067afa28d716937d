#include "stripe/balance_ledger.hpp"

#include "stripe/object_id.hpp"

namespace ledgersync::sandbox::stripe {

const char* balance_status(std::int64_t available_on, std::int64_t now) {
    return now >= available_on ? "available" : "pending";
}

nlohmann::json& BalanceLedger::record(const BalanceMovement& movement, const std::string& currency,
                                      const std::string& payout_id) {
    const std::string id = new_object_id("txn");
    nlohmann::json transaction = {
        {"id", id},
        {"object", "balance_transaction"},
        {"amount", movement.amount},
        {"available_on", movement.available_on},
        {"created", movement.created},
        {"currency", currency},
        {"description",
         movement.description.empty() ? nlohmann::json(nullptr) : nlohmann::json(movement.description)},
        {"exchange_rate", movement.exchange_rate ? nlohmann::json(movement.exchange_rate->to_string())
                                                 : nlohmann::json(nullptr)},
        {"fee", movement.fee},
        {"fee_details", movement.fee_details},
        {"net", movement.amount - movement.fee},
        {"reporting_category", movement.reporting_category},
        {"source", movement.source.empty() ? nlohmann::json(nullptr) : nlohmann::json(movement.source)},
        {"status", "pending"},
        {"type", movement.type}};
    nlohmann::json& stored = store_.insert(std::move(transaction));
    all_.push_back(id);
    if (payout_id.empty()) {
        unpaid_.emplace(movement.available_on, id);
    } else {
        payout_of_[id] = payout_id;
    }
    return stored;
}

std::vector<std::string> BalanceLedger::payable_at(std::int64_t cutoff) const {
    std::vector<std::string> out;
    for (const auto& [available_on, id] : unpaid_) {
        if (available_on > cutoff)
            break;
        const nlohmann::json* transaction = store_.find(id);
        if (transaction != nullptr && transaction->at("created").get<std::int64_t>() <= cutoff)
            out.push_back(id);
    }
    return out;
}

void BalanceLedger::assign(const std::vector<std::string>& transaction_ids,
                           const std::string& payout_id) {
    for (const auto& id : transaction_ids) {
        const nlohmann::json* transaction = store_.find(id);
        if (transaction == nullptr)
            continue;
        unpaid_.erase({transaction->at("available_on").get<std::int64_t>(), id});
        payout_of_[id] = payout_id;
    }
}

std::string BalanceLedger::payout_of(const std::string& transaction_id) const {
    const auto it = payout_of_.find(transaction_id);
    return it == payout_of_.end() ? std::string() : it->second;
}

std::pair<std::int64_t, std::int64_t> BalanceLedger::totals(std::int64_t now) const {
    std::int64_t available = 0;
    std::int64_t pending = 0;
    for (const auto& id : all_) {
        const nlohmann::json* transaction = store_.find(id);
        if (transaction == nullptr)
            continue;
        const std::int64_t net = transaction->at("net").get<std::int64_t>();
        if (now >= transaction->at("available_on").get<std::int64_t>()) {
            available += net;
        } else {
            pending += net;
        }
    }
    return {available, pending};
}

void BalanceLedger::clear() {
    unpaid_.clear();
    payout_of_.clear();
    all_.clear();
}

}  // namespace ledgersync::sandbox::stripe
