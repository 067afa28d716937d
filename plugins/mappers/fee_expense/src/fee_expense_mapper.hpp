#pragma once
// fee_expense: the fees a processor kept on a payment become one canonical expense (docs/mappings.md,
// "fee_expense"): vendor and clearing account by the payment's processor, one line per fee type to
// its expense account, amounts copied from the payment's fees exactly. The expense's identity is
// derived from the payment's, so every version of the payment maps to the same expense and the
// bus writes it once (route mode "create").

#include <string>
#include <vector>

#include <ledgersync/sdk.hpp>

#include "fee_expense_config.hpp"

namespace ledgersync::mappers::fee_expense {

class FeeExpenseMapper final : public sdk::Mapper {
public:
    FeeExpenseMapper(sdk::HostServices host, const nlohmann::json& config);

    std::vector<sdk::Record> map(sdk::Record record) const override;

    /// The id of the expense that books the fees of payment `payment_id`.
    static std::string expense_id(const std::string& payment_id) { return "fees-" + payment_id; }

private:
    FeeExpenseConfig config_;
};

}  // namespace ledgersync::mappers::fee_expense
