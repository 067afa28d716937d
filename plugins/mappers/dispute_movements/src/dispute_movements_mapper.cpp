#include "dispute_movements_mapper.hpp"

#include <set>
#include <utility>

#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::mappers::dispute_movements {

namespace {

using sdk::model::BalanceTransactionType;
using sdk::model::Dispute;

}  // namespace

DisputeMovementsMapper::DisputeMovementsMapper(sdk::HostServices, const nlohmann::json& config) {
    sdk::ConfigProblems problems;
    sdk::ConfigReader root(config, problems);
    root.finish();
    problems.throw_if_any();
}

std::vector<sdk::Record> DisputeMovementsMapper::map(sdk::Record record) const {
    const std::string what = record.identity.type + " " + record.identity.id;
    if (record.identity.type != Dispute::kType) {
        throw sdk::Error(sdk::Outcome::data(what + " is not a dispute; dispute_movements splits disputes into their money movements",
                                            "route only disputes (\"from\": \"<connection>.dispute\") through dispute_movements"));
    }
    // Money a processor moved stays moved when the dispute object goes away.
    if (record.operation == sdk::RecordOperation::remove) return {};
    const Dispute dispute = Dispute::from_json(record.body);
    std::vector<sdk::Record> result;
    std::set<std::string> seen;
    for (const auto& movement : dispute.transactions) {
        if (movement.type != BalanceTransactionType::dispute && movement.type != BalanceTransactionType::dispute_reversal) {
            // Never dropped in silence: money moved that the books would not show.
            throw sdk::Error(sdk::Outcome::data(
                what + " moved money by a balance transaction of type " + std::string(sdk::model::enum_name(movement.type)) +
                    " (" + movement.id + "); only a withdrawal (dispute) and a reinstatement (dispute_reversal) are booked",
                "book that movement by hand and leave the dispute out of the route (\"when\"), or report the dispute"));
        }
        if (!seen.insert(movement.id).second) continue;  // listed twice, moved once
        Dispute one = dispute;
        one.transactions = {movement};
        sdk::Record out;
        out.identity = record.identity;
        // The balance transaction names the movement: each is booked once, by its own id.
        out.identity.id = movement.id;
        out.version = record.version;
        out.updated_at = record.updated_at;
        out.schema = std::string(Dispute::kSchemaId);
        out.schema_version = Dispute::kSchemaVersion;
        out.body = one.to_json();
        // No links: the payment disputed is named in the memo, not resolved (a charge that paid
        // no invoice has no QuickBooks copy, and its dispute is booked all the same).
        result.push_back(std::move(out));
    }
    return result;
}

}  // namespace ledgersync::mappers::dispute_movements
