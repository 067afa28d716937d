#pragma once
/// Reference members (ReferenceType: {"value": "24", "name": "..."}) as QBO checks them: the
/// target must exist (2500) and, for name-list entities, be active (610); the name is filled in.

#include <string_view>

#include <nlohmann/json.hpp>

#include "qbo/company_store.hpp"

namespace ledgersync::sandbox::qbo {

class Ledger;

/// Resolves `object[member]` to a live entity of `kind`. Absent: nullptr, or the 2020 fault
/// naming `required_name` when that is not empty.
const StoredEntity* resolve_reference(const Ledger& ledger, nlohmann::json& object,
                                      std::string_view member, std::string_view kind,
                                      std::string_view required_name = {});
/// What a reference's "name" shows for an entity of `kind`.
std::string display_name(std::string_view kind, const nlohmann::json& body);

}  // namespace ledgersync::sandbox::qbo
