#pragma once
/// What a canonical invoice says of the commerce payments applied to it (its `payments`): where
/// each was made, and through which invoice when it was made through one (the bus refuses an
/// invoice made for a payment another invoice bills, docs/bus.md "Duplicates"). Reading the
/// payments themselves is the hubspot_payments connector's. No I/O.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hubspot_objects.hpp"

namespace ledgersync::connectors::hubspot {

/// The properties read of the commerce payments applied to a page of invoices.
std::vector<std::string> invoice_payment_properties_read();

/// What a canonical invoice says of commerce payment `payment_id` applied to it (an entry of
/// its `payments`): where the payment was made, and through which invoice when it was made
/// through one. `payment` is the commerce payment as read, nullptr when it could not be read
/// (the entry then names the payment alone).
nlohmann::json invoice_payment_entry(const std::string& payment_id, const nlohmann::json* payment);

}  // namespace ledgersync::connectors::hubspot
