#pragma once
/// Associations v4 (hubspot.md §2.8): per-record default and labelled associations, the list of
/// a record's associations, removal, the batch endpoints with their limits (read 1,000;
/// create / associate-default 2,000), and the association labels of an object pair.
///   /crm/v4/objects/{from}/{id}/associations/...   -> handle_record_associations
///   /crm/v4/associations/{from}/{to}/...           -> handle_association_batches

#include <string>
#include <vector>

#include "hubspot/api_call.hpp"

namespace ledgersync::sandbox::hubspot {

/// `rest`: segments after /crm/v4/objects/{from}/{id}/associations.
HttpResponse handle_record_associations(ApiCall& call, const ObjectType& from,
                                        const std::string& from_id,
                                        const std::vector<std::string>& rest);
/// `rest`: segments after /crm/v4/associations/{from}/{to}.
HttpResponse handle_association_batches(ApiCall& call, const ObjectType& from, const ObjectType& to,
                                        const std::vector<std::string>& rest);

}  // namespace ledgersync::sandbox::hubspot
