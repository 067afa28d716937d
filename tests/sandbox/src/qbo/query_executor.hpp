#pragma once
/// Runs a parsed query against a company: filters, the default that name lists show only
/// active entities, ordering, paging, COUNT(*) and projections, and builds the QueryResponse.

#include <nlohmann/json.hpp>

#include "qbo/query_parser.hpp"

namespace ledgersync::sandbox::qbo {

class Ledger;

/// The value of the "QueryResponse" member:
///   {"Invoice":[...],"startPosition":1,"maxResults":n,"totalCount":n}, {"totalCount":N} for
///   COUNT(*), and {} when nothing matched (qbo.md §1.2).
nlohmann::json run_query(const Ledger& ledger, const ParsedQuery& query);

}  // namespace ledgersync::sandbox::qbo
