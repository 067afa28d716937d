#pragma once
/// Routes: where records go. A route takes records of one canonical type from one or more
/// connections, keeps those its filter accepts, maps them through a chain of mapper plugins,
/// and writes the result to one target connection. Reference: docs/bus.md.

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/config_reader.hpp>
#include <ledgersync/sdk/record.hpp>

#include "bus/filter.hpp"
#include "model/canonical_schemas.hpp"

namespace ledgersync::bus {

/// "connection.type", e.g. "hubspot.invoice".
struct Endpoint {
    std::string connection;
    std::string type;
    std::string str() const { return connection + "." + type; }
};

/// One mapper of a route's chain and its own configuration.
struct MapperStep {
    std::string plugin;
    nlohmann::json config = nlohmann::json::object();
    /// JSON pointer of `config` in the host config file.
    std::string config_path;
};

/// How a route retries transient and rate-limited failures: by age, with capped exponential
/// backoff and full jitter. Defaults come from `bus.retry`; a route's `retry` overrides them.
struct RetryPolicy {
    /// Attempts before giving up (the first one included); 0: no limit, only the age counts.
    std::int64_t max_attempts = 0;
    /// Give up when the next attempt would come later than this after the first.
    std::int64_t max_age_ms = 24 * 3600 * 1000;
    /// Delay before the second attempt is drawn from [0, base]; it doubles each attempt...
    std::int64_t base_delay_ms = 1000;
    /// ...up to this cap.
    std::int64_t max_delay_ms = 10 * 60 * 1000;
    /// How long a job waits for a referenced object to be linked before it fails.
    std::int64_t max_reference_wait_ms = 24 * 3600 * 1000;
};

/// What happens when an object and its counterpart were both edited before either change was
/// written to the other (a two-way pair of routes): the route's `on_conflict`.
enum class ConflictRule {
    hold,         ///< neither is written; both versions wait as conflict failures for an operator
    source_wins,  ///< this route's source version is written; the counterpart's change is dropped
    target_wins,  ///< the counterpart's change is written back; this route's source version is dropped
    newest_wins,  ///< the version changed last (updated_at) wins; equal or unknown times: hold
};
std::string_view to_string(ConflictRule rule);

enum class WriteMode {
    create,  ///< create the object in the target once; later changes are not written
    upsert,  ///< create it, then update it on every change
};

struct RouteConfig {
    std::string name;
    std::vector<Endpoint> from;
    Endpoint to;
    std::shared_ptr<const Filter> when = std::make_shared<Filter>();
    /// The filter for an object this route has already written to the target (`when_synced`):
    /// it replaces `when` once the object has a counterpart there, so that an invoice voided
    /// after it was synced is voided in the target although `when` takes only open invoices.
    /// Null: `when` applies to every version.
    std::shared_ptr<const Filter> when_synced;
    std::vector<MapperStep> via;
    /// `since` ("YYYY-MM-DD", empty: none): the route takes only objects whose `date` is on or
    /// after it (it is part of `when` and `when_synced`), and when the host starts, objects of
    /// its sources it has already mirrored (read before the route existed) are routed once
    /// (RouteBackfill): turning a route on late carries the past from a date the admin chooses.
    std::string since;
    WriteMode mode = WriteMode::upsert;
    bool enabled = true;
    RetryPolicy retry;
    /// The rule for conflicts with the route that carries the target's changes back (the
    /// route's `on_conflict`, or the complement of its partner's: a partner's source_wins is
    /// this route's target_wins). Only a two-way pair of routes has conflicts.
    ConflictRule on_conflict = ConflictRule::hold;
    /// The connection whose ids a reference of the source records carries, by the reference's
    /// rel (`references_in`), when it is not the source's own: a Stripe charge names the HubSpot
    /// invoice it pays ({"invoice": "hubspot"}). Other references are in the source's system.
    std::map<std::string, std::string> references_in;
    /// The connection whose objects the target connector writes references of that rel against
    /// (`references_to`), when it is not the target connection itself: the hubspot_payments
    /// connection pays invoices the hubspot connection holds ({"invoice": "hubspot"}), so a
    /// payment's invoice resolves to its counterpart there. Other references resolve in the target.
    std::map<std::string, std::string> references_to;
    /// The rels of references not carried to the target (`drop_references`): removed from the
    /// record (body and links) before the write, so that the target connector applies its own
    /// rule (a QuickBooks payment takes its invoice's customer, not the card holder).
    std::set<std::string> drop_references;
    /// JSON pointer of the route in the host config file.
    std::string path;

    bool takes(const std::string& connection, const std::string& type) const {
        for (const auto& e : from) {
            if (e.connection == connection && e.type == type) return true;
        }
        return false;
    }
};

/// True when `other` carries objects of `route`'s target back to `source_connection`, where
/// `route` takes them from: the two routes make a two-way pair for objects of that connection.
bool carries_back(const RouteConfig& other, const RouteConfig& route, const std::string& source_connection);

/// The ordering key of a job: jobs with the same key (the same target connection and the same
/// mapped object) run one at a time, in the order they were created.
std::string job_object_key(const RouteConfig& route, const sdk::RecordIdentity& mapped);

/// Reads `bus.retry` (at `path`): the retry policy every route starts from. Problems are added
/// to `problems`.
RetryPolicy read_retry_defaults(const nlohmann::json& node, const std::string& path, sdk::ConfigProblems& problems);

/// Reads the "routes" array. `connections` are the configured connection names, to report a
/// route that names one that does not exist; each route's retry policy starts from
/// `retry_defaults`. Problems are added to `problems`.
std::vector<RouteConfig> read_routes(const nlohmann::json& routes, const std::vector<std::string>& connections,
                                     const model::CanonicalSchemas& schemas, sdk::ConfigProblems& problems,
                                     const RetryPolicy& retry_defaults = {});

}  // namespace ledgersync::bus
