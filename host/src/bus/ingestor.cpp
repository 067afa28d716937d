#include "bus/ingestor.hpp"

#include <algorithm>

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/outcome.hpp>
#include <ledgersync/sdk/wire.hpp>

#include "bus/canonical_check.hpp"
#include "bus/digest.hpp"
#include "bus/duplicate_guard.hpp"
#include "bus/echo_check.hpp"
#include "bus/job_failure.hpp"
#include "bus/outcome_event.hpp"

namespace ledgersync::bus {

namespace {

using store::ObjectKey;

// Marks the digest of a source record its route could not map, so it never equals a digest of
// mapped content.
constexpr const char* kUnmappedDigestPrefix = "unmapped:";

ObjectKey key_of(const sdk::RecordIdentity& identity) { return {identity.connection, identity.type, identity.id}; }

// A failure needs an object to belong to: one the connector could not even name is known by
// its content.
ObjectKey rejected_key(const sdk::RecordIdentity& identity, const nlohmann::json& payload) {
    ObjectKey key = key_of(identity);
    if (key.id.empty()) key.id = "unidentified-" + fingerprint(payload).substr(0, 16);
    return key;
}

std::string describe(const sdk::RecordIdentity& identity) {
    return (identity.type.empty() ? std::string("object") : identity.type) + " " +
           (identity.id.empty() ? std::string("(no id)") : identity.id);
}

/// True when the object of link `source_link` already has a counterpart in the route's target
/// (a link written by an earlier delivery), so that the route's `when_synced` filter decides.
bool in_target(store::StoreTransaction& tx, const std::optional<store::LinkMember>& source_link, const RouteConfig& route) {
    return source_link && tx.linked_member(source_link->entity_id, route.to.connection, route.to.type).has_value();
}

}  // namespace

Ingestor::Ingestor(BusContext& context) : context_(context), conflicts_(context.routes) {
    for (const auto& route : context_.routes) {
        for (const auto& from : route.config.from) {
            if (route.config.enabled && from.type == kSyncOutcomeType) outcome_consumers_.insert(from.connection);
        }
    }
}

IngestSummary Ingestor::ingest_page(const std::string& connection, const std::string& system, const std::string& stream,
                                    std::vector<sdk::Record> records, const std::optional<std::string>& cursor,
                                    std::vector<sdk::UntranslatedRecord> untranslated, const store::Store::Body& within) {
    return ingest(connection, prepare(connection, system, std::move(records), std::move(untranslated)), &stream, cursor,
                  within);
}

IngestSummary Ingestor::ingest_records(const std::string& connection, const std::string& system,
                                       std::vector<sdk::Record> records, std::vector<sdk::UntranslatedRecord> untranslated,
                                       const store::Store::Body& within) {
    return ingest(connection, prepare(connection, system, std::move(records), std::move(untranslated)), nullptr,
                  std::nullopt, within);
}

IngestSummary Ingestor::ingest(const std::string& connection, IngestBatch batch, const std::string* stream,
                               const std::optional<std::string>& cursor, const store::Store::Body& within) {
    IngestSummary summary;
    CommitEffects effects;
    context_.store.write([&](store::StoreTransaction& tx) {
        summary = IngestSummary{};
        effects.clear();
        store_within(tx, batch, summary, effects);
        if (stream != nullptr && cursor) {
            const std::int64_t now = context_.clock.now_ms();
            tx.set_cursor(connection, *stream, *cursor, now);
            // Updates that waited for this read (Delivery) may go: an edit made here meanwhile
            // was just routed, and met them in the conflict check.
            tx.release_waiting(read_back_key(connection, *stream), now);
        }
        if (within) within(tx);
    });
    effects.run();
    report(connection, summary);
    return summary;
}

void Ingestor::report(const std::string& connection, const IngestSummary& summary) {
    auto& m = context_.metrics;
    m.add("ledgersync_records_received_total", {{"connection", connection}}, summary.received,
          "Records received from connectors (reads and webhooks)");
    m.add("ledgersync_records_duplicate_total", {{"connection", connection}}, summary.duplicates,
          "Records already received at the same version, ignored");
    m.add(kEchoesMetric, {{"connection", connection}}, summary.echoes, kEchoesMetricHelp);
    m.add("ledgersync_records_rejected_total", {{"connection", connection}}, summary.read_failures,
          "Objects a connector could not translate or returned invalid, kept as read failures");
    m.add("ledgersync_jobs_created_total", {{"connection", connection}}, summary.jobs, "Jobs created by routing");
    for (const auto& [key, count] : summary.conflicts) {
        m.add("ledgersync_conflicts_total", {{"route", key.first}, {"resolution", key.second}}, count,
              "Versions edited while their counterpart's edit was not yet synced, by the rule applied");
    }
    for (const auto& [route, count] : summary.duplicates_refused) {
        m.add("ledgersync_duplicates_refused_total", {{"route", route}}, count,
              "Invoice versions not created in the target: a payment of theirs was made through another invoice");
    }
    for (const auto& [route, count] : summary.unchanged) {
        m.add("ledgersync_records_unchanged_total", {{"route", route}}, count,
              "Versions whose mapped content the route already carried (or a job of it still carries), not written again");
    }
    if (summary.jobs > 0) context_.jobs_created();
}

IngestBatch Ingestor::prepare(const std::string& connection, const std::string& system, std::vector<sdk::Record> records,
                              std::vector<sdk::UntranslatedRecord> untranslated, bool trusted) const {
    IngestBatch batch;
    batch.connection = connection;
    batch.records.reserve(records.size());
    for (auto& record : records) {
        record.identity.connection = connection;
        if (record.identity.system.empty()) record.identity.system = system;
        // Without a source version, the content is the version: an identical copy is a duplicate.
        if (record.version.empty()) record.version = "sha256:" + fingerprint(record.body).substr(0, 24);
        PreparedRecord prepared;
        prepared.key = key_of(record.identity);
        prepared.system = record.identity.system;
        prepared.version = record.version;
        prepared.updated_at = record.updated_at;
        prepared.deleted = record.operation == sdk::RecordOperation::remove;
        const sdk::RecordIdentity identity = record.identity;
        // The body moves into the JSON form; from here on it is read there.
        prepared.record_json = std::move(record).to_json();
        if (!trusted) {
            if (auto reason = invalid_record_reason(prepared.record_json)) {
                batch.rejected.push_back({rejected_key(identity, prepared.record_json), prepared.version,
                                          prepared.updated_at,
                                          connection + " returned " + describe(identity) + ", which " + *reason,
                                          "if the object's data is wrong, correct it in " + identity.system +
                                              " (its next change is read again); if the record is wrong, report it to "
                                              "the maintainers of the " + system + " connector; then retry the failure",
                                          prepared.record_json.dump()});
                continue;
            }
        }
        prepared.record_text = prepared.record_json.dump();
        for (const auto& route : context_.routes) {
            if (!route.config.enabled || !route.config.takes(prepared.key.connection, prepared.key.type)) continue;
            prepared.routes.push_back(route_record(route, prepared, identity));
        }
        batch.records.push_back(std::move(prepared));
    }
    for (auto& u : untranslated) {
        u.identity.connection = connection;
        if (u.identity.system.empty()) u.identity.system = system;
        const nlohmann::json payload = sdk::wire::to_json(u);
        batch.rejected.push_back({rejected_key(u.identity, payload), u.version, u.updated_at,
                                  connection + " could not translate " + describe(u.identity) + ": " +
                                      (u.reason.empty() ? std::string("(the connector gave no reason)") : u.reason),
                                  u.fix_hint.empty() ? "correct the object in " + u.identity.system +
                                                           ", then retry the failure (the object is read again)"
                                                     : u.fix_hint,
                                  payload.dump()});
    }
    return batch;
}

RoutedRecord Ingestor::route_record(const RouteRuntime& route, const PreparedRecord& prepared,
                                    const sdk::RecordIdentity& identity) const {
    const nlohmann::json& body = prepared.record_json.at("body");
    RoutedRecord routed;
    routed.route = &route;
    routed.matched = route.config.when->matches(body);
    if (!routed.matched) routed.filter_reason = route.config.when->why_not(body);
    if (route.config.when_synced) {
        routed.matched_once_synced = route.config.when_synced->matches(body);
        if (!routed.matched_once_synced) routed.synced_filter_reason = route.config.when_synced->why_not(body);
    }
    // Which filter decides is known only in the transaction (is the object in the target
    // yet?): map when either may take the record.
    if (routed.matched || routed.matched_once_synced) {
        try {
            routed.outputs = route.map(prepared.record_text, identity);
            if (!routed.outputs.empty()) routed.content_digest = content_digest(routed.outputs);
        } catch (const sdk::Error& e) {
            routed.mapping_failure = e.outcome();
            // Nothing mapped: the content is the source record's own.
            routed.content_digest = kUnmappedDigestPrefix + content_digest({prepared.record_text});
        }
    }
    return routed;
}

PreparedRecord Ingestor::prepare_mirrored(const RouteRuntime& route, const store::MirrorEntry& entry) const {
    PreparedRecord prepared;
    prepared.key = entry.object;
    prepared.system = entry.system;
    prepared.version = entry.version;
    prepared.updated_at = entry.updated_at;
    prepared.event_id = entry.event_id;
    prepared.record_json = sdk::parse_json_exact(entry.record_json);
    prepared.record_text = entry.record_json;
    const sdk::RecordIdentity identity = sdk::Record::from_json(prepared.record_json).identity;
    prepared.routes.push_back(route_record(route, prepared, identity));
    return prepared;
}

void Ingestor::replay_within(store::StoreTransaction& tx, const std::vector<PreparedRecord>& records,
                             IngestSummary& summary, CommitEffects& effects) const {
    const std::int64_t now = context_.clock.now_ms();
    OutcomeEvents outcomes;
    for (const auto& record : records) {
        // A newer version read meanwhile was routed as it arrived.
        const auto mirror = tx.mirror(record.key);
        if (!mirror || mirror->deleted || mirror->event_id != record.event_id) continue;
        ++summary.received;
        route_current(tx, record, record.event_id, now, summary, outcomes);
    }
    store_outcomes(tx, outcomes, summary, effects);
}

void Ingestor::route_current(store::StoreTransaction& tx, const PreparedRecord& record, std::int64_t event_id,
                             std::int64_t now, IngestSummary& summary, OutcomeEvents& outcomes) const {
    std::optional<store::LinkMember> link;
    if (record.key.type != kSyncOutcomeType) {
        link = tx.link_member(record.key);
        if (link) {
            if (const auto echo = echo_of_our_write(*link, record.version, record.record_json.at("body"))) {
                ++summary.echoes;
                tx.add_timeline({record.key, now, "echo_suppressed", "", 0,
                                 "this change is our own write coming back (" + *echo + "); not routed"});
                return;
            }
        }
    }
    route(tx, record, link, event_id, now, summary, outcomes);
}

void Ingestor::store_outcomes(store::StoreTransaction& tx, OutcomeEvents& outcomes, IngestSummary& summary,
                              CommitEffects& effects) const {
    for (auto& [connection, events] : outcomes) {
        // Outcome events are records of the bus itself: they make no outcome events of their own.
        IngestSummary routed;
        store_within(tx, prepare(connection, "ledgersync", std::move(events), {}, true), routed, effects);
        summary.jobs += routed.jobs;
    }
}

void Ingestor::store_within(store::StoreTransaction& tx, const IngestBatch& batch, IngestSummary& summary,
                            CommitEffects& effects) const {
    const std::int64_t now = context_.clock.now_ms();
    // Resolving read failures costs a statement per record: only when there are some.
    const bool read_failures = tx.has_read_failures(batch.connection);
    OutcomeEvents outcomes;
    for (const auto& record : batch.records) {
        ++summary.received;
        const auto event_id = tx.add_event({0, record.key, record.system, record.version, record.record_text, now});
        if (!event_id) {
            ++summary.duplicates;
            continue;
        }
        if (record.key.type != kSyncOutcomeType) {
            if (!tx.put_mirror({record.key, record.system, record.version, record.updated_at, *event_id, "", now,
                                record.deleted})) {
                ++summary.stale;
                tx.add_timeline({record.key, now, "stale", "", 0,
                                 "version " + record.version + " (changed " + record.updated_at +
                                     ") is older than the copy we have; not routed"});
                continue;
            }
            if (read_failures && tx.resolve_read_failures(record.key, record.updated_at, now) > 0) {
                tx.add_timeline({record.key, now, "read_resolved", "", 0,
                                 "version " + record.version + " was read as a valid record; its read failure is resolved"});
            }
        }
        route_current(tx, record, *event_id, now, summary, outcomes);
    }
    for (const auto& object : batch.rejected) reject(tx, object, now, summary, effects);
    store_outcomes(tx, outcomes, summary, effects);
}

void Ingestor::add_outcome(OutcomeEvents& outcomes, const store::Job& job, const sdk::Outcome& outcome,
                           std::int64_t now) const {
    if (job.source.type == kSyncOutcomeType || !emits_outcomes_for(job.source.connection)) return;
    outcomes[job.source.connection].push_back(make_outcome_event(job, outcome, outcome.target_id, now));
}

bool Ingestor::unchanged(store::StoreTransaction& tx, const PreparedRecord& record, const RoutedRecord& routed,
                         std::int64_t now, IngestSummary& summary) const {
    // A deletion is always carried: it changes the target whatever its content was.
    if (record.deleted || routed.content_digest.empty()) return false;
    const std::string& route = routed.route->config.name;
    const std::string& digest = routed.content_digest;
    const auto unsettled = tx.unsettled_jobs(route, record.key, store::kUnsettledJobsOfAnObject);
    const auto is_failed = [](const store::Job& job) { return job.state == store::JobState::failed; };
    std::string detail;
    std::int64_t job_id = 0;
    // What the target will hold: the newest job still to be written, else what was written last.
    const auto to_write = std::find_if_not(unsettled.begin(), unsettled.end(), is_failed);
    const auto carried = tx.carried_content(route, record.key);
    if (to_write != unsettled.end()) {
        if (to_write->content_digest != digest) return false;
        job_id = to_write->id;
        detail = "version " + record.version + " maps to what job " + std::to_string(job_id) + " (version " +
                 to_write->source_version + ") is still to write; no new job";
    } else if (carried && carried->digest == digest) {
        detail = "version " + record.version + " maps to what the route last wrote (from version " + carried->version +
                 "); not written again";
        // The target holds this version's content: a retry of an older version's failure is
        // superseded by it (OperatorActions).
        tx.put_carried_content({route, record.key, digest, record.version, carried->at_ms});
    } else {
        // The same content failed before: it waits on that failure (retry or dismiss it).
        const auto failed = std::find_if(unsettled.begin(), unsettled.end(),
                                         [&](const store::Job& job) { return job.content_digest == digest; });
        if (failed == unsettled.end()) return false;
        job_id = failed->id;
        detail = "version " + record.version + " maps to what job " + std::to_string(job_id) + " (version " +
                 failed->source_version + ") failed; no new job: retry or dismiss that failure";
    }
    ++summary.unchanged[route];
    tx.add_timeline({record.key, now, "unchanged", route, job_id, detail});
    return true;
}

void Ingestor::reject(store::StoreTransaction& tx, const RejectedObject& object, std::int64_t now, IngestSummary& summary,
                      CommitEffects& effects) const {
    if (const auto mirror = tx.mirror(object.key)) {
        if (!mirror->updated_at.empty() && !object.updated_at.empty() && mirror->updated_at > object.updated_at) {
            ++summary.stale;
            tx.add_timeline({object.key, now, "stale", "", 0,
                             "an older copy (changed " + object.updated_at + ") could not be read; we have a later one"});
            return;
        }
    }
    ++summary.read_failures;
    store::Failure failure;
    failure.object = object.key;
    failure.stage = store::FailureStage::read;
    failure.outcome_class = std::string(sdk::to_string(sdk::OutcomeClass::data));
    failure.reason = object.reason;
    failure.fix_hint = object.fix_hint;
    failure.payload_json = object.payload_json;
    failure.source_version = object.version;
    failure.source_updated_at = object.updated_at;
    failure.attempts = 1;
    failure.first_failed_at_ms = now;
    failure.last_failed_at_ms = now;
    const std::int64_t id = tx.put_failure(failure);
    tx.add_timeline({object.key, now, "read_failed", "", 0, object.reason});
    effects.add([this, key = object.key, reason = object.reason, id] {
        context_.logger.warning("bus", key.str() + " could not be read (failure " + std::to_string(id) + "): " + reason);
    });
}

void Ingestor::route(store::StoreTransaction& tx, const PreparedRecord& record, const std::optional<store::LinkMember>& link,
                     std::int64_t event_id, std::int64_t now, IngestSummary& summary,
                     OutcomeEvents& outcomes) const {
    const ObjectKey& source = record.key;
    const bool business_object = source.type != kSyncOutcomeType;
    // An invoice made for a payment another invoice bills (DuplicateGuard).
    const auto made_elsewhere = business_object ? DuplicateGuard::payment_made_elsewhere(record) : std::nullopt;
    for (const auto& routed : record.routes) {
        const RouteConfig& config = routed.route->config;
        const bool synced = (config.when_synced || made_elsewhere) && in_target(tx, link, config);
        if (config.when_synced && synced) {
            if (!routed.matched_once_synced) {
                tx.add_timeline({source, now, "filtered", config.name, 0,
                                 "the route's filter for objects already in " + config.to.connection +
                                     " (when_synced) did not match: " + routed.synced_filter_reason});
                continue;
            }
        } else if (!routed.matched) {
            tx.add_timeline({source, now, "filtered", config.name, 0, "the route's filter did not match: " + routed.filter_reason});
            continue;
        }
        if (made_elsewhere && !synced) {
            // Only the creation of a counterpart is refused: one already in the target is updated.
            const auto refusal = DuplicateGuard::refuse(tx, config, record, *made_elsewhere, now);
            ++summary.duplicates_refused[config.name];
            if (refusal && emits_outcomes_for(source.connection)) {
                outcomes[source.connection].push_back(make_refusal_event(config, source, record.version, *refusal, now));
            }
            continue;
        }
        store::Job job;
        job.route = config.name;
        job.source = source;
        job.source_version = record.version;
        job.event_id = event_id;
        job.target_connection = config.to.connection;
        job.target_type = config.to.type;
        job.operation = record.deleted ? "delete" : (config.mode == WriteMode::create ? "create" : "upsert");
        job.next_attempt_at_ms = now;
        job.created_at_ms = now;

        if (routed.mapping_failure) {
            // The same content failed before: this version waits on that failure.
            if (unchanged(tx, record, routed, now, summary)) continue;
            // Nothing is dropped: the record becomes a failure that can be retried once fixed.
            const sdk::Outcome& outcome = *routed.mapping_failure;
            job.content_digest = routed.content_digest;
            ++summary.mapping_failures;
            job.object_key = config.to.connection + "|" + source.str();
            job.idempotency_key = idempotency_key(config.name, source, record.version, 0);
            job.state = store::JobState::failed;
            job.last_error = outcome.reason;
            job.id = tx.add_job(job);
            const std::int64_t job_id = job.id;
            store::Failure failure = job_failure(job, store::FailureStage::map, outcome, record.record_text, now);
            failure.source_updated_at = record.updated_at;
            tx.put_failure(failure);
            tx.count_settled(config.name, job_id, store::Settled::failed, now);
            if (business_object) {
                tx.put_sync_status({source, config.name, config.to.connection, store::SyncState::failed, "",
                                    outcome.reason, job_id, now});
            }
            tx.add_timeline({source, now, "mapping_failed", config.name, job_id, outcome.reason});
            add_outcome(outcomes, job, outcome, now);
            continue;
        }
        if (routed.outputs.empty()) {
            tx.add_timeline({source, now, "filtered", config.name, 0, "the mapper chain produced no record"});
            continue;
        }
        if (unchanged(tx, record, routed, now, summary)) continue;
        ConflictVerdict verdict;
        if (business_object && link && !record.deleted) {
            verdict = conflicts_.check(tx, config, record, event_id, *link, now);
            if (!verdict.resolution.empty()) ++summary.conflicts[{config.name, verdict.resolution}];
            for (const auto& held : verdict.counterpart_held) add_outcome(outcomes, held.job, held.outcome, now);
            if (verdict.decision == ConflictVerdict::Decision::drop) continue;
        }
        const bool held = verdict.decision == ConflictVerdict::Decision::hold;
        job.content_digest = routed.content_digest;
        for (std::size_t i = 0; i < routed.outputs.size(); ++i) {
            store::Job item = job;
            item.object_key = job_object_key(config, routed.outputs[i].identity);
            item.idempotency_key = idempotency_key(config.name, source, record.version, i);
            item.payload_json = routed.outputs[i].text;
            if (held) {
                item.state = store::JobState::failed;
                item.last_error = verdict.reason;
            }
            item.id = tx.add_job(item);
            if (held) {
                add_outcome(outcomes, item, ConflictCheck::record_held(tx, item, verdict, item.payload_json, now), now);
            } else {
                ++summary.jobs;
            }
        }
    }
}

}  // namespace ledgersync::bus
