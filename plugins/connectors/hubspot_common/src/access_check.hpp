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
    /// What a passing check should still say (the write scopes could not be verified).
    std::vector<std::string> notes;
    /// Set when a call could not be made at all (the check ends with it alone).
    std::optional<std::string> fatal;

    bool empty() const { return missing_scopes.empty() && problems.empty() && !fatal; }
    /// The details of a failed check: the fatal problem alone, else the missing scopes (with
    /// how to add them), then the other problems, one a line.
    std::string describe() const;
};

/// The notes of a passing check, each after "; ", for the end of its details.
std::string notes_of(const AccessProblems& access);

/// Reads one object of each of `object_types` (GET /crm/v3/objects/{type}?limit=1), stopping
/// at a 401 or a failed call; adds what it finds to `into`.
void check_reads(HubSpotClient& client, const std::vector<std::string>& object_types, AccessProblems& into);

/// The scopes a token-info answer lists (private app: {"scopes": [...], ...}; OAuth: the same
/// key); nullopt when the body has no list of scope names.
std::optional<std::set<std::string>> parse_granted_scopes(const std::string& body);

/// The scopes of `needed` that `granted` lacks.
std::set<std::string> scopes_lacking(const std::vector<std::string>& needed, const std::set<std::string>& granted);

/// Finds which scopes the connection's token holds (a private app's token: asks HubSpot with
/// POST /oauth/v2/private-apps/get/access-token-info; an OAuth access token: the scopes the token
/// endpoint listed when it issued it, never a URL carrying the token) and adds those of
/// `write_scopes` it lacks to `into`. When they are not known (tokens stored by an older
/// version, 403, an unreadable answer) the write scopes are left to the first write: a note in
/// `into` says they were not verified.
void check_write_scopes(HubSpotClient& client, const std::vector<std::string>& write_scopes, AccessProblems& into);

}  // namespace ledgersync::connectors::hubspot
