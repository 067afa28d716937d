#include "bus/conflict_check.hpp"

#include <algorithm>

#include <ledgersync/sdk/outcome.hpp>
#include <ledgersync/sdk/timestamp.hpp>

#include "bus/digest.hpp"
#include "bus/job_failure.hpp"

namespace ledgersync::bus {

namespace {

std::string describe(const store::ObjectKey& object, const std::string& version, const std::string& changed) {
    return object.str() + " version " + version + (changed.empty() ? std::string() : " (changed " + changed + ")");
}

std::string conflict_reason(const std::string& mine, const std::string& other, const std::string& why) {
    return "edited on both sides before either change was synced: " + mine + " and its counterpart " + other +
           "; neither is written (" + why + ")";
}

/// The open conflict failure of `job`, if it is held by a conflict.
std::optional<std::int64_t> conflict_failure_of(store::StoreTransaction& tx, const store::Job& job) {
    store::FailureFilter filter;
    filter.route = job.route;
    filter.stage = store::FailureStage::conflict;
    filter.connection = job.source.connection;
    for (const auto& failure : tx.failures(filter)) {
        if (failure.job_id == job.id) return failure.id;
    }
    return std::nullopt;
}

/// Holds the counterpart's `jobs` (not yet written; a leased one is being written and goes on)
/// with `reason`, adding them to `held`.
void hold_their_jobs(store::StoreTransaction& tx, const std::vector<store::Job>& jobs, const std::string& reason,
                     std::int64_t now, std::vector<HeldJob>& held) {
    for (const auto& job : jobs) {
        if (job.state == store::JobState::leased) continue;
        tx.set_job_state(job.id, store::JobState::failed, now);
        std::string payload = job.payload_json;
        if (payload.empty()) {
            if (const auto event = tx.event(job.event_id)) payload = event->record_json;
        }
        held.push_back({job, ConflictCheck::record_held(tx, job, {ConflictVerdict::Decision::hold, reason, "hold", {}}, payload, now)});
    }
}

/// True when version `event_id` of `object` (its record `record_text`) differs from the version
/// read before it only by what payments change (edit_digest): it holds no edit of its own.
bool payments_only(store::StoreTransaction& tx, const store::ObjectKey& object, std::int64_t event_id,
                   const std::string& record_text) {
    const auto before = tx.event_before(object, event_id);
    return before && edit_digest(before->record_json) == edit_digest(record_text);
}

/// payments_only() for the version `job` writes.
bool job_payments_only(store::StoreTransaction& tx, const store::Job& job) {
    if (job.operation == "delete") return false;
    const auto event = tx.event(job.event_id);
    return event && payments_only(tx, job.source, job.event_id, event->record_json);
}

/// Settles `job` (not yet written) without writing it: another version replaces it.
void drop_job(store::StoreTransaction& tx, const store::Job& job, const std::string& event, const std::string& detail,
              std::int64_t now) {
    tx.set_job_state(job.id, store::JobState::dismissed, now);
    tx.add_timeline({job.source, now, event, job.route, job.id, detail});
}

}  // namespace

const RouteRuntime* route_back(const std::vector<RouteRuntime>& routes, const RouteConfig& route,
                               const std::string& source_connection) {
    for (const auto& back : routes) {
        if (back.config.enabled && carries_back(back.config, route, source_connection)) return &back;
    }
    return nullptr;
}

bool has_route_back(const std::vector<RouteRuntime>& routes, const RouteConfig& route, const std::string& source_connection) {
    return route_back(routes, route, source_connection) != nullptr;
}

std::string read_back_key(const std::string& connection, const std::string& type) {
    return "read:" + connection + "/" + type;
}

ConflictCheck::ConflictCheck(const std::vector<RouteRuntime>& routes) : routes_(routes) {}

std::optional<ConflictCheck::Counterpart> ConflictCheck::counterpart_changes(store::StoreTransaction& tx,
                                                                             const RouteConfig& route,
                                                                             const store::ObjectKey& source,
                                                                             const store::LinkMember& link) const {
    const auto member = tx.linked_member(link.entity_id, route.to.connection, route.to.type);
    if (!member) return std::nullopt;
    Counterpart c;
    c.object = member->object;
    for (const auto& back : routes_) {
        if (!back.config.enabled || !carries_back(back.config, route, source.connection)) continue;
        for (auto& job : tx.unsettled_jobs(back.config.name, c.object, store::kUnsettledJobsOfAnObject)) {
            if (job.state != store::JobState::failed) {
                c.pending.push_back(std::move(job));
            } else if (const auto failure = conflict_failure_of(tx, job)) {
                c.their_held.push_back(*failure);
            }
        }
    }
    for (auto& job : tx.unsettled_jobs(route.name, source, store::kUnsettledJobsOfAnObject)) {
        if (job.state == store::JobState::failed) {
            if (const auto failure = conflict_failure_of(tx, job)) c.our_held.emplace_back(std::move(job), *failure);
        } else if (job.state != store::JobState::leased) {
            c.our_pending.push_back(std::move(job));
        }
    }
    // Our own versions still to be written are no conflict by themselves.
    if (c.pending.empty() && c.their_held.empty() && c.our_held.empty()) return std::nullopt;
    return c;
}

ConflictVerdict ConflictCheck::check(store::StoreTransaction& tx, const RouteConfig& route, const PreparedRecord& record,
                                     std::int64_t event_id, const store::LinkMember& link, std::int64_t now) const {
    const store::ObjectKey& source = record.key;
    const std::string& version = record.version;
    const std::string& updated_at = record.updated_at;
    auto found = counterpart_changes(tx, route, source, link);
    if (!found) return {};
    const std::string ours = describe(source, version, updated_at);
    const auto their_mirror = tx.mirror(found->object);
    const std::string their_changed = their_mirror ? their_mirror->updated_at : std::string();
    const std::string their_version =
        !found->pending.empty() ? found->pending.front().source_version : (their_mirror ? their_mirror->version : "?");
    const std::string theirs = describe(found->object, their_version, their_changed);
    // Our earlier versions not yet written are replaced by this one, whatever the outcome.
    const auto replace_ours = [&](const std::string& how) {
        for (const auto& [job, failure] : found->our_held) {
            tx.set_failure_state(failure, store::FailureState::resolved, now);
            drop_job(tx, job, "superseded",
                     "version " + job.source_version + " (conflict failure " + std::to_string(failure) +
                         ") is replaced by version " + version + ", " + how,
                     now);
        }
        for (const auto& job : found->our_pending) {
            drop_job(tx, job, "superseded", "version " + job.source_version + " is replaced by version " + version + ", " + how,
                     now);
        }
    };

    if (found->pending.empty() && found->their_held.empty()) {
        // Only our earlier version is still held: the other side's conflict failure was settled.
        replace_ours("which is written: the other side of the conflict was settled");
        return {};
    }
    if (!found->their_held.empty() || !found->our_held.empty()) {
        // The pair is in an open conflict: a new version on either side joins it.
        replace_ours("held in the open conflict in its place");
        const std::string why = "the pair is in an open conflict";
        ConflictVerdict verdict{ConflictVerdict::Decision::hold, conflict_reason(ours, theirs, why), "hold", {}};
        hold_their_jobs(tx, found->pending, conflict_reason(theirs, ours, why), now, verdict.counterpart_held);
        return verdict;
    }

    // What payments alone change (balance, amount paid, paid) is no edit: no invoice writer
    // carries it, each system works it out from its own payments. A side whose changes are all
    // such yields to an edit on the other side, which its stale content would otherwise
    // overwrite; when neither side has an edit, both go on.
    const auto is_payments_only = [&tx](const store::Job& job) { return job_payments_only(tx, job); };
    const bool ours_payments_only = payments_only(tx, source, event_id, record.record_text) &&
                                    std::all_of(found->our_pending.begin(), found->our_pending.end(), is_payments_only);
    const bool theirs_payments_only = std::all_of(found->pending.begin(), found->pending.end(), is_payments_only);
    if (ours_payments_only && theirs_payments_only) return {};
    if (ours_payments_only) {
        replace_ours("which only payments changed too, and yields to the same edit");
        tx.add_timeline({source, now, "payment_change_yielded", route.name, 0,
                         ours + " differs from the version before only by payments, and " + theirs +
                             " holds an edit: that edit is written; this change is not, its other fields would "
                             "overwrite it"});
        return {ConflictVerdict::Decision::drop, "", "", {}};
    }
    const auto is_leased = [](const store::Job& job) { return job.state == store::JobState::leased; };
    if (theirs_payments_only && std::none_of(found->pending.begin(), found->pending.end(), is_leased)) {
        for (const auto& job : found->pending) {
            drop_job(tx, job, "payment_change_yielded",
                     "version " + job.source_version + " differs from the version before only by payments, and " + ours +
                         " holds an edit: that edit is written; this change is not, its other fields would overwrite it",
                     now);
        }
        return {};
    }

    ConflictRule rule = route.on_conflict;
    std::string why = "rule on_conflict \"" + std::string(to_string(route.on_conflict)) + "\" of route " + route.name;
    if (rule == ConflictRule::newest_wins) {
        const auto order = sdk::compare_instants(updated_at, their_changed);
        if (!order || *order == 0) {
            rule = ConflictRule::hold;
            why += ", and the two change times are equal or unknown";
        } else {
            rule = *order > 0 ? ConflictRule::source_wins : ConflictRule::target_wins;
        }
    }
    switch (rule) {
        case ConflictRule::source_wins:
            for (const auto& job : found->pending) {
                if (job.state == store::JobState::leased) continue;
                drop_job(tx, job, "conflict_lost",
                         "this change (" + theirs + ") crossed " + ours + ", which wins by the " + why +
                             "; not written: that change overwrites it",
                         now);
            }
            tx.add_timeline({source, now, "conflict_won", route.name, 0,
                             "this change (" + ours + ") crossed " + theirs + "; it wins by the " + why + " and is written"});
            return {ConflictVerdict::Decision::write, "", "source_wins", {}};
        case ConflictRule::target_wins:
            replace_ours("which loses the conflict too");
            tx.add_timeline({source, now, "conflict_lost", route.name, 0,
                             "this change (" + ours + ") crossed " + theirs + ", which wins by the " + why +
                                 "; not written: that change overwrites it"});
            tx.add_timeline({found->object, now, "conflict_won", "", 0,
                             "this change (" + theirs + ") crossed " + ours + "; it wins by the " + why + " and is written"});
            return {ConflictVerdict::Decision::drop, "", "target_wins", {}};
        case ConflictRule::hold:
        case ConflictRule::newest_wins:
            break;
    }
    replace_ours("held in the conflict in its place");
    ConflictVerdict verdict{ConflictVerdict::Decision::hold, conflict_reason(ours, theirs, why), "hold", {}};
    hold_their_jobs(tx, found->pending, conflict_reason(theirs, ours, why), now, verdict.counterpart_held);
    return verdict;
}

sdk::Outcome ConflictCheck::record_held(store::StoreTransaction& tx, const store::Job& job, const ConflictVerdict& verdict,
                                const std::string& payload, std::int64_t now) {
    const sdk::Outcome outcome = sdk::Outcome::data(
        verdict.reason,
        "keep one side: retry this failure to write this version to " + job.target_connection +
            " (the other side's conflict failure is then dismissed), or retry the other side's failure; "
            "`ledgersync objects show " + job.source.str() + "` shows the versions. A rule can decide instead: "
            "the routes' on_conflict (source_wins, target_wins, newest_wins; docs/bus.md, \"Conflicts\")");
    tx.put_failure(job_failure(job, store::FailureStage::conflict, outcome, payload, now));
    tx.count_settled(job.route, job.id, store::Settled::failed, now);
    tx.put_sync_status({job.source, job.route, job.target_connection, store::SyncState::failed, "", verdict.reason, job.id, now});
    tx.add_timeline({job.source, now, "conflict", job.route, job.id, verdict.reason});
    return outcome;
}

}  // namespace ledgersync::bus
