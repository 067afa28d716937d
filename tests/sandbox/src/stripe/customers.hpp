#pragma once
/// Customers (`cus_`): create, update (metadata merges), delete, and the lookup every other
/// resource uses to check a `customer` parameter.

#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class StripeAccount;

nlohmann::json& create_customer(StripeAccount& account, const nlohmann::json& params);
nlohmann::json& update_customer(StripeAccount& account, const std::string& id,
                                const nlohmann::json& params);
/// {"id", "object": "customer", "deleted": true}.
nlohmann::json delete_customer(StripeAccount& account, const std::string& id);
/// The customer `id`; throws StripeError resource_missing naming `param`.
nlohmann::json& require_customer(StripeAccount& account, const std::string& id,
                                 const std::string& param = "id");

}  // namespace ledgersync::sandbox::stripe
