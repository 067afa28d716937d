#pragma once
/// The default company a realm starts with (POST /__sandbox/qbo/seed, --seed default): the
/// shape of Intuit's own sandbox companies: CompanyInfo, Preferences, a chart of accounts with
/// Accounts Receivable, Undeposited Funds, a bank account, income accounts, Discounts given,
/// a sales tax liability and a merchant-fees expense; terms, payment methods, a sales tax rate,
/// a few items, and optionally customers. Account and item Ids follow Intuit's sample company
/// where the samples in shared/specs/qbo show them (Services = 1, Undeposited Funds = 4,
/// Checking = 35, ...), so requests copied from Intuit's docs work unchanged.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

class Ledger;

/// Seeds `ledger`'s company from `options` (see README "Seeding"); throws std::invalid_argument
/// for bad options and QboFault for entities QBO would refuse. Returns what was created.
nlohmann::json seed_company(Ledger& ledger, const nlohmann::json& options);

/// The seed options' members (for validation and the README).
bool is_seed_option(const std::string& name);

}  // namespace ledgersync::sandbox::qbo
