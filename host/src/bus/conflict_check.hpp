#pragma once
/// Edits on both sides of a two-way pair of routes: an object and its counterpart both changed
/// before either change was written to the other. Neither is silently overwritten: the pair's
/// rule (RouteConfig::on_conflict) decides, and the conflict is recorded with both versions
/// (docs/bus.md, "Conflicts").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <ledgersync/sdk/outcome.hpp>

#include "bus/ingest_batch.hpp"
#include "bus/route_runtime.hpp"
#include "store/store.hpp"

namespace ledgersync::bus {

/// The enabled route that carries `route`'s target objects back to `source_connection`, if
/// any: an update written by `route` may cross an edit made in the target.
const RouteRuntime* route_back(const std::vector<RouteRuntime>& routes, const RouteConfig& route,
                               const std::string& source_connection);
/// True when route_back() finds one.
bool has_route_back(const std::vector<RouteRuntime>& routes, const RouteConfig& route, const std::string& source_connection);

/// What a job waits for while the target connection's `type` stream has not been read since
/// the job was made (Job::waiting_for; woken by the read).
std::string read_back_key(const std::string& connection, const std::string& type);

/// A job held by a conflict, with the outcome recorded as its failure.
struct HeldJob {
    store::Job job;
    sdk::Outcome outcome;
};

/// How routing goes on with a version once the conflict check ran.
struct ConflictVerdict {
    enum class Decision {
        write,  ///< no conflict, or this version wins: its jobs are made as usual
        hold,   ///< its jobs are made held (failed, stage conflict) with `reason`
        drop,   ///< the counterpart's change wins: no job for this version
    };
    Decision decision = Decision::write;
    /// Why the version is held: both versions and what to do.
    std::string reason;
    /// For the metric: the rule as applied ("hold", "source_wins", "target_wins"); empty when
    /// there was no conflict.
    std::string resolution;
    /// The counterpart's jobs the check held (their sync status shows the conflict).
    std::vector<HeldJob> counterpart_held;
};

class ConflictCheck {
public:
    explicit ConflictCheck(const std::vector<RouteRuntime>& routes);

    /// Inside `tx`, before `route` makes jobs for `record` (event `event_id`), whose link group
    /// membership is `link`: when the counterpart in the route's target has a change of its own
    /// on its way back (a job not yet written), or the pair is in an open conflict, applies the
    /// rule, settles the counterpart's jobs accordingly and records the conflict on both
    /// objects' timelines. A change that only payments made (edit_digest) is no edit: when
    /// just one side has an edit, it is written and the other side's payment change is dropped
    /// (both systems work out payments' effects themselves); when neither has, both go on.
    ConflictVerdict check(store::StoreTransaction& tx, const RouteConfig& route, const PreparedRecord& record,
                          std::int64_t event_id, const store::LinkMember& link, std::int64_t now) const;

    /// Inside `tx`: records the failure (stage conflict) of `job`, made held by `verdict`, with
    /// `payload` (the mapped record) to show. Returns the outcome recorded.
    static sdk::Outcome record_held(store::StoreTransaction& tx, const store::Job& job, const ConflictVerdict& verdict,
                            const std::string& payload, std::int64_t now);

private:
    /// The counterpart's side of a conflict.
    struct Counterpart {
        store::ObjectKey object;
        /// Its jobs on the way back that are not written yet (pending, waiting or leased).
        std::vector<store::Job> pending;
        /// Open conflict failures (ids) of either side: the pair is already in conflict.
        std::vector<std::int64_t> their_held;
        /// This route's earlier versions of the object: held by a conflict (with their failure
        /// ids), or not written yet (pending or waiting).
        std::vector<std::pair<store::Job, std::int64_t>> our_held;
        std::vector<store::Job> our_pending;
    };

    std::optional<Counterpart> counterpart_changes(store::StoreTransaction& tx, const RouteConfig& route,
                                                   const store::ObjectKey& source, const store::LinkMember& link) const;

    const std::vector<RouteRuntime>& routes_;
};

}  // namespace ledgersync::bus
