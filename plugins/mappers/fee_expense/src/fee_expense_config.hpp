#pragma once
// The configuration of fee_expense (docs/mappings.md, "fee_expense"), read strictly with
// sdk::ConfigReader: every problem at its JSON path, unknown keys refused.

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/model/expense_line.hpp>
#include <ledgersync/sdk/model/reference.hpp>

namespace ledgersync::mappers::fee_expense {

/// Where the fees of one processor's payments are booked from.
struct ProcessorAccounts {
    /// Who was paid: the vendor "Stripe" or "HubSpot payments" in the target (type "vendor").
    sdk::model::Reference vendor;
    /// The processor's clearing account the fees leave (type "account").
    sdk::model::Reference clearing_account;
    /// Its name in memos and line descriptions ("Stripe").
    std::string label;
};

struct FeeExpenseConfig {
    /// By the payment's `source` ("stripe", "hubspot_payments").
    std::map<std::string, ProcessorAccounts> processors;
    /// The expense account of each fee type; platform and tax_on_fees default to processing's.
    std::map<sdk::model::FeeType, sdk::model::Reference> expense_accounts;

    /// Reads and checks a configuration; throws sdk::Error (fatal) listing every problem.
    static FeeExpenseConfig parse(const nlohmann::json& config);
};

}  // namespace ledgersync::mappers::fee_expense
