#pragma once
/// Runs a parsed query against a company: filters, the default that name lists show only
/// active entities, ordering, paging, COUNT(*) and projections, and builds the QueryResponse.

#include <vector>

#include <nlohmann/json.hpp>

#include "qbo/query_parser.hpp"

namespace ledgersync::sandbox::qbo {

class Ledger;

/// The value of the "QueryResponse" member:
///   {"Invoice":[...],"startPosition":1,"maxResults":n,"totalCount":n}, {"totalCount":N} for
///   COUNT(*), and {} when nothing matched (qbo.md §1.2).
nlohmann::json run_query(const Ledger& ledger, const ParsedQuery& query);
/// The same over `candidates` (entities of query.entity that live outside the Ledger, such as
/// exchange rates): the WHERE conditions, ordering, paging and the QueryResponse.
nlohmann::json run_query_over(const ParsedQuery& query,
                              const std::vector<const nlohmann::json*>& candidates);

}  // namespace ledgersync::sandbox::qbo
