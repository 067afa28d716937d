#include "bus/ingestor.hpp"

#include <ledgersync/sdk/outcome.hpp>

#include "bus/digest.hpp"
#include "bus/echo_check.hpp"

namespace ledgersync::bus {

namespace {

using store::ObjectKey;

ObjectKey key_of(const sdk::Record& record) {
    return {record.identity.connection, record.identity.type, record.identity.id};
}

}  // namespace

Ingestor::Ingestor(BusContext& context) : context_(context) {}

IngestSummary Ingestor::ingest_page(const std::string& connection, const std::string& system, const std::string& stream,
                                    std::vector<sdk::Record> records, const std::optional<std::string>& cursor) {
    IngestSummary summary;
    context_.store.write([&](store::StoreTransaction& tx) {
        summary = IngestSummary{};
        for (auto& record : records) ingest_within(tx, connection, system, record, summary);
        if (cursor) tx.set_cursor(connection, stream, *cursor, context_.clock.now_ms());
    });
    count(connection, summary);
    return summary;
}

IngestSummary Ingestor::ingest_records(const std::string& connection, const std::string& system,
                                       std::vector<sdk::Record> records, const store::Store::Body& within) {
    IngestSummary summary;
    context_.store.write([&](store::StoreTransaction& tx) {
        summary = IngestSummary{};
        for (auto& record : records) ingest_within(tx, connection, system, record, summary);
        if (within) within(tx);
    });
    count(connection, summary);
    return summary;
}

void Ingestor::count(const std::string& connection, const IngestSummary& summary) {
    auto& m = context_.metrics;
    m.add("ledgersync_records_received_total", {{"connection", connection}}, summary.received,
          "Records received from connectors (reads and webhooks)");
    m.add("ledgersync_records_duplicate_total", {{"connection", connection}}, summary.duplicates,
          "Records already received at the same version, ignored");
    m.add("ledgersync_records_echo_suppressed_total", {{"connection", connection}}, summary.echoes,
          "Changes recognised as the echo of our own write, not routed back");
    m.add("ledgersync_jobs_created_total", {{"connection", connection}}, summary.jobs, "Jobs created by routing");
    if (summary.jobs > 0) context_.jobs_created();
}

void Ingestor::ingest_within(store::StoreTransaction& tx, const std::string& connection, const std::string& system,
                             sdk::Record record, IngestSummary& summary) {
    ++summary.received;
    record.identity.connection = connection;
    if (record.identity.system.empty()) record.identity.system = system;
    // Without a source version, the content is the version: an identical copy is a duplicate.
    if (record.version.empty()) record.version = "sha256:" + fingerprint(record.body).substr(0, 24);
    // The body moves into the JSON form; from here on it is read there.
    const nlohmann::json record_json = std::move(record).to_json();
    const nlohmann::json& body = record_json.at("body");
    const std::string record_text = record_json.dump();
    const ObjectKey key = key_of(record);
    const std::int64_t now = context_.clock.now_ms();

    const auto event_id = tx.add_event({0, key, record.identity.system, record.version, record_text, now});
    if (!event_id) {
        ++summary.duplicates;
        return;
    }
    const bool business_object = record.identity.type != kSyncOutcomeType;
    if (business_object) {
        if (!tx.put_mirror({key, record.identity.system, record.version, record.updated_at, *event_id, "", now,
                            record.operation == sdk::RecordOperation::remove})) {
            ++summary.stale;
            tx.add_timeline({key, now, "stale", "", 0,
                             "version " + record.version + " (changed " + record.updated_at +
                                 ") is older than the copy we have; not routed"});
            return;
        }

        if (const auto link = tx.link_member(key)) {
            if (const auto echo = echo_of_our_write(*link, record.version, body)) {
                ++summary.echoes;
                tx.add_timeline({key, now, "echo_suppressed", "", 0,
                                 "this change is our own write coming back (" + *echo + "); not routed"});
                return;
            }
        }
    }
    route(tx, record, record_json, record_text, *event_id, summary);
}

void Ingestor::route(store::StoreTransaction& tx, const sdk::Record& record, const nlohmann::json& record_json,
                     const std::string& record_text, std::int64_t event_id, IngestSummary& summary) {
    const ObjectKey source = key_of(record);
    const std::int64_t now = context_.clock.now_ms();
    const bool business_object = record.identity.type != kSyncOutcomeType;
    for (const auto& route : context_.routes) {
        const RouteConfig& config = route.config;
        if (!config.enabled || !config.takes(source.connection, source.type)) continue;
        if (!config.when->matches(record_json.at("body"))) {
            tx.add_timeline({source, now, "filtered", config.name, 0, "the route's filter did not match"});
            continue;
        }
        store::Job job;
        job.route = config.name;
        job.source = source;
        job.source_version = record.version;
        job.event_id = event_id;
        job.target_connection = config.to.connection;
        job.target_type = config.to.type;
        job.operation = record.operation == sdk::RecordOperation::remove
                            ? "delete"
                            : (config.mode == WriteMode::create ? "create" : "upsert");
        job.next_attempt_at_ms = now;
        job.created_at_ms = now;

        std::vector<MapperChain::Output> mapped;
        try {
            if (route.chain.empty()) {
                mapped.push_back({record.identity, record_text});
            } else {
                mapped = route.chain.map(record_text);
            }
        } catch (const sdk::Error& e) {
            // Nothing is dropped: the record becomes a failure that can be retried once fixed.
            ++summary.mapping_failures;
            job.object_key = config.to.connection + "|" + source.str();
            job.idempotency_key = idempotency_key(config.name, source, record.version, 0);
            job.state = store::JobState::failed;
            job.last_error = e.outcome().reason;
            const std::int64_t job_id = tx.add_job(job);
            tx.put_failure({0, job_id, config.name, source, config.to.connection,
                            std::string(sdk::to_string(e.outcome().kind)), e.outcome().reason, e.outcome().fix_hint,
                            record_text, 0, now, now, store::FailureState::open});
            if (business_object) {
                tx.put_sync_status({source, config.name, config.to.connection, store::SyncState::failed, "",
                                    e.outcome().reason, job_id, now});
            }
            tx.add_timeline({source, now, "mapping_failed", config.name, job_id, e.outcome().reason});
            continue;
        }
        if (mapped.empty()) {
            tx.add_timeline({source, now, "filtered", config.name, 0, "the mapper chain produced no record"});
            continue;
        }
        for (std::size_t i = 0; i < mapped.size(); ++i) {
            store::Job item = job;
            item.object_key = job_object_key(config, mapped[i].identity);
            item.idempotency_key = idempotency_key(config.name, source, record.version, i);
            item.payload_json = std::move(mapped[i].text);
            tx.add_job(item);
            ++summary.jobs;
        }
    }
}

}  // namespace ledgersync::bus
