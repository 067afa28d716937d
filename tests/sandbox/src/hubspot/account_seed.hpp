#pragma once
/// Filling an account for tests and the demo, through the same rules as the API (CrmWriter), so
/// seeded invoices have real totals, numbers and associations:
/// - the default content: companies, contacts, products, and one invoice in each status
///   (draft, open, paid, voided);
/// - "objects": records of any type given as {"properties", "associations"} create inputs;
/// - "properties": custom property definitions per object type;
/// - "demo": the demo's customers, products and invoices (scripts/demo.sh);
/// - "bulk": many invoices with line items and a contact each (the 12,000-invoice backfill);
/// - "company_currency", "additional_currencies": what the account details tell (default USD).
/// Seeding publishes no webhooks.

#include <nlohmann/json.hpp>

#include "hubspot/crm_account.hpp"

namespace ledgersync::sandbox::hubspot {

/// Applies `options` (see README "HubSpot seeding") to `account`; returns the created ids by
/// object type (invoices by status). Throws HubSpotError or std::invalid_argument.
nlohmann::json seed_account(CrmAccount& account, const nlohmann::json& options,
                            std::int64_t now_ms);

}  // namespace ledgersync::sandbox::hubspot
