#pragma once
/// Which properties a query may filter on, per entity. QBO's query service answers a WHERE on
/// any other property, known or not, with the 4001 fault
///   "Invalid query" / "QueryValidationError: property 'PrimaryEmailAddr' is not queryable"
/// (real answer quoted in ruckus/quickbooks-ruby#403; Intuit: "the properties mentioned as
/// filterable are the only queryable ones", intuit/QuickBooks-V3-DotNET-SDK#163). Answering
/// such a query with no rows instead would let a look-up-before-create miss what exists.

#include <string>
#include <string_view>

namespace ledgersync::sandbox::qbo {

/// The canonical name of a queryable entity ("Invoice" for "invoice"), "" when the query
/// language has no such entity.
std::string queryable_entity(std::string_view name);

/// Throws the 4001 fault when `entity`'s property `property` (as written, e.g.
/// "MetaData.LastUpdatedTime"; names compare case-insensitively) cannot be filtered on.
void check_filterable(std::string_view entity, std::string_view property);

}  // namespace ledgersync::sandbox::qbo
