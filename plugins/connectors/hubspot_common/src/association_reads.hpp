#pragma once
/// v4 association batch reads (POST /crm/v4/associations/{from}/{to}/batch/read, 1,000 ids a
/// call), for whoever needs an object's associations: the reader (invoices and their parts,
/// customers, deals, payments), the writer (stale children, the deals of written invoices) and
/// the webhook handler (the invoice a changed part belongs to).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client.hpp"

namespace ledgersync::connectors::hubspot {

/// Fills objects[i]["associations"][to] ({"results": [{"id"}...]}, as the objects API returns
/// associations) for each type of `to_types`; objects are {"id", ...} of `object_type`.
void attach_associations(HubSpotClient& client, const std::string& object_type, std::vector<nlohmann::json>& objects,
                         const std::vector<std::string>& to_types);

/// The ids of the invoices that parts of `part_type` (line_items, discounts, fees, taxes) with
/// these ids belong to, each once; parts without an invoice add none.
std::vector<std::string> invoices_of_parts(HubSpotClient& client, const std::string& part_type, const std::vector<std::string>& ids);

}  // namespace ledgersync::connectors::hubspot
