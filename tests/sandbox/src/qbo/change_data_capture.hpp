#pragma once
/// GET /cdc?entities=Invoice,Payment&changedSince=<ISO> (reference/qbo.md §1.4): the entities
/// of the listed kinds changed since then, full payloads, deleted transactions as stubs
/// {"domain":"QBO","status":"Deleted","Id","MetaData":{"LastUpdatedTime"}}; at most 30 days
/// back on the sandbox clock, at most 1000 objects in all.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

class Ledger;

constexpr std::int64_t kCdcMaxLookbackDays = 30;
constexpr std::size_t kCdcMaxObjects = 1000;

/// The value of "CDCResponse"; throws QboFault for bad parameters.
nlohmann::json change_data_capture(const Ledger& ledger, const std::string& entities,
                                   const std::string& changed_since);

}  // namespace ledgersync::sandbox::qbo
