#include "bus/read_retry.hpp"

#include <map>
#include <set>

namespace ledgersync::bus {

namespace {

// Failures of objects the connector could not name (ingestor.cpp) have no id to read again.
bool unidentified(const store::ObjectKey& object) { return object.id.rfind("unidentified-", 0) == 0; }

}  // namespace

ReadRetry::ReadRetry(BusContext& context, Ingestor& ingestor, std::string connection, plugin::ConnectorInstance& connector)
    : context_(context), ingestor_(ingestor), connection_(std::move(connection)), connector_(connector) {}

std::int64_t ReadRetry::run_once() {
    store::FailureFilter filter;
    filter.state = store::FailureState::retried;
    filter.stage = store::FailureStage::read;
    filter.connection = connection_;
    std::vector<store::Failure> retried;
    context_.store.read([&](store::StoreTransaction& tx) { retried = tx.failures(filter); });
    // Objects are read by the stream of their type: streams are named after the canonical types.
    std::map<std::string, std::vector<store::Failure>> by_stream;
    for (auto& failure : retried) by_stream[failure.object.type].push_back(std::move(failure));
    std::int64_t settled = 0;
    for (const auto& [stream, failures] : by_stream) settled += retry_stream(stream, failures);
    return settled;
}

std::int64_t ReadRetry::retry_stream(const std::string& stream, const std::vector<store::Failure>& failures) {
    const std::string plugin = connector_.plugin().id();
    std::vector<std::string> ids;
    for (const auto& f : failures) {
        if (!unidentified(f.object)) ids.push_back(f.object.id);
    }
    std::string refusal;
    IngestBatch batch;
    if (!ids.empty()) {
        sdk::ReadResult result;
        try {
            result = connector_.read({stream, std::nullopt, ids});
            if (!result.answers_ids) refusal = "the " + plugin + " connector does not read objects by id";
        } catch (const sdk::Unsupported& e) {
            refusal = "the " + plugin + " connector cannot read objects by id (" + e.what() + ")";
        }
        if (refusal.empty()) {
            batch = ingestor_.prepare(connection_, plugin, std::move(result.records), std::move(result.untranslated));
        }
    }
    std::set<std::string> read_valid;
    std::set<std::string> read_invalid;
    for (const auto& r : batch.records) read_valid.insert(r.key.id);
    for (const auto& r : batch.rejected) read_invalid.insert(r.key.id);

    const std::int64_t now = context_.clock.now_ms();
    IngestSummary summary;
    CommitEffects effects;
    std::int64_t settled = 0;
    context_.store.write([&](store::StoreTransaction& tx) {
        summary = IngestSummary{};
        effects.clear();
        settled = 0;
        // Invalid again: store_within reopens the failure with the new reason and one more attempt.
        ingestor_.store_within(tx, batch, summary, effects);
        for (const auto& f : failures) {
            const std::string name = "failure " + std::to_string(f.id);
            if (unidentified(f.object) || !refusal.empty()) {
                tx.set_failure_state(f.id, store::FailureState::open, now);
                tx.add_timeline({f.object, now, "retry_failed", "", 0,
                                 name + " cannot be retried: " +
                                     (refusal.empty() ? "the connector gave this object no id to read it by" : refusal) +
                                     "; it stays open: it is read again when the object changes, or dismiss it"});
                ++settled;
                continue;
            }
            if (read_invalid.count(f.object.id) != 0) {
                ++settled;
                continue;
            }
            const auto current = tx.failure(f.id);
            if (current && current->state == store::FailureState::resolved) {
                ++settled;  // the record it read was ingested, which resolved it
                continue;
            }
            tx.set_failure_state(f.id, store::FailureState::resolved, now);
            tx.add_timeline({f.object, now, "read_resolved", "", 0,
                             name + ": " + (read_valid.count(f.object.id) != 0
                                                ? std::string("read again as a valid record")
                                                : "the connector no longer returns this object (deleted?); nothing is left to sync")});
            ++settled;
        }
    });
    effects.run();
    ingestor_.report(connection_, summary);
    if (!refusal.empty()) {
        context_.logger.warning("bus", connection_ + ": " + std::to_string(failures.size()) +
                                           " read failure(s) could not be retried: " + refusal);
    }
    return settled;
}

}  // namespace ledgersync::bus
