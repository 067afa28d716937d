#pragma once
/// What the host checks of every record a plugin hands it (a connector's read or webhook, a
/// mapper's output) before storing or writing it: the record envelope and, for the canonical
/// types, the body against its canonical JSON Schema and rules (sdk/model/record_validation.hpp).
/// A record that fails becomes a failure naming the JSON path of each bad field; it is never
/// dropped, and never reaches a connector's write().

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::bus {

/// Why `record` (in its JSON form) is not a valid record, e.g. "is not a valid ledgersync.invoice
/// record (2 problems): /body/totals/total: expected a decimal...; /links/0/path: ...", or
/// nullopt when it is valid.
std::optional<std::string> invalid_record_reason(const nlohmann::json& record);

}  // namespace ledgersync::bus
