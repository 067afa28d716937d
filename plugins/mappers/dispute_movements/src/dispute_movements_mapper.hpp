#pragma once
// dispute_movements: a dispute becomes one record per money movement it made (docs/mappings.md,
// "dispute_movements"): a canonical dispute carrying only that balance transaction, identified by
// the transaction's id. A dispute moves money twice at most, weeks apart (withdrawn when opened,
// reinstated when won): each movement is its own object for the bus, written once (route mode
// "create"), whatever later versions of the dispute say; the reinstatement appears with the
// version that carries it.

#include <string>
#include <vector>

#include <ledgersync/sdk.hpp>

namespace ledgersync::mappers::dispute_movements {

class DisputeMovementsMapper final : public sdk::Mapper {
public:
    /// `config` must be an empty object: the accounts are the target connection's
    /// (docs/payments.md, "Disputes"). Throws sdk::Error (fatal) naming any key.
    DisputeMovementsMapper(sdk::HostServices host, const nlohmann::json& config);

    std::vector<sdk::Record> map(sdk::Record record) const override;
};

}  // namespace ledgersync::mappers::dispute_movements
