#pragma once
/// What a connector's check() finds when it reads one object of each type it uses: the scopes
/// the app lacks (HubSpot names them in a 403) and every other problem, worded as a reason then
/// its fix. Shared by both HubSpot plugins.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <ledgersync/sdk/outcome.hpp>

#include "client.hpp"

namespace ledgersync::connectors::hubspot {

/// An outcome as one line of a check's details: its reason, then its fix.
std::string reason_and_fix(const sdk::Outcome& outcome);

struct AccessProblems {
    std::set<std::string> missing_scopes;
    std::vector<std::string> problems;
    /// Set when a call could not be made at all (the check ends with it alone).
    std::optional<std::string> fatal;

    bool empty() const { return missing_scopes.empty() && problems.empty() && !fatal; }
    /// The details of a failed check: the fatal problem alone, else the missing scopes (with
    /// how to add them), then the other problems, one a line.
    std::string describe() const;
};

/// Reads one object of each of `object_types` (GET /crm/v3/objects/{type}?limit=1), stopping
/// at a 401 or a failed call; adds what it finds to `into`.
void check_reads(HubSpotClient& client, const std::vector<std::string>& object_types, AccessProblems& into);

}  // namespace ledgersync::connectors::hubspot
