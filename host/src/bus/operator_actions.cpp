#include "bus/operator_actions.hpp"

#include <algorithm>

#include "bus/digest.hpp"

namespace ledgersync::bus {

OperatorActions::OperatorActions(store::Store& store, const services::Clock& clock) : store_(store), clock_(clock) {}

std::vector<store::Failure> OperatorActions::list(const store::FailureFilter& filter) {
    std::vector<store::Failure> failures;
    store_.read([&](store::StoreTransaction& tx) { failures = tx.failures(filter); });
    return failures;
}

std::optional<FailureDetails> OperatorActions::show(std::int64_t id) {
    std::optional<FailureDetails> details;
    store_.read([&](store::StoreTransaction& tx) {
        if (auto failure = tx.failure(id)) details = FailureDetails{*failure, tx.timeline(failure->object, 200)};
    });
    return details;
}

bool OperatorActions::retry_in(store::StoreTransaction& tx, std::int64_t id, std::int64_t now, bool choose_sides) {
    const auto failure = tx.failure(id);
    if (!failure || failure->state != store::FailureState::open) return false;
    const bool conflict = failure->stage == store::FailureStage::conflict;
    if (conflict && !choose_sides) return false;
    tx.set_failure_state(id, store::FailureState::retried, now);
    if (conflict) dismiss_other_side(tx, *failure, now);
    if (failure->stage == store::FailureStage::read) {
        // No job to run again: the host's poller of the connection reads the object again.
        tx.add_timeline({failure->object, now, "retried", "", 0,
                         "failure " + std::to_string(id) + " retried by an operator; the object is read again"});
        return true;
    }
    if (retried_as_superseded(tx, *failure, now)) return true;
    tx.retry_job(failure->job_id, now);
    tx.add_timeline({failure->object, now, "retried", failure->route, failure->job_id, "failure " + std::to_string(id) + " retried by an operator"});
    return true;
}

void OperatorActions::dismiss_other_side(store::StoreTransaction& tx, const store::Failure& kept, std::int64_t now) {
    const auto group = tx.link_member(kept.object);
    if (!group) return;
    store::FailureFilter filter;
    filter.stage = store::FailureStage::conflict;
    for (const auto& other : tx.failures(filter)) {
        if (other.object == kept.object) continue;
        const auto member = tx.link_member(other.object);
        if (!member || member->entity_id != group->entity_id) continue;
        tx.set_failure_state(other.id, store::FailureState::dismissed, now);
        tx.set_job_state(other.job_id, store::JobState::dismissed, now);
        tx.add_timeline({other.object, now, "dismissed", other.route, other.job_id,
                         "conflict failure " + std::to_string(other.id) + " dismissed: an operator kept the other side (" +
                             kept.object.str() + " version " + kept.source_version + ", failure " +
                             std::to_string(kept.id) + " retried); this version is not written"});
    }
}

bool OperatorActions::retried_as_superseded(store::StoreTransaction& tx, const store::Failure& failure, std::int64_t now) {
    const auto job = tx.job(failure.job_id);
    // The mirror holds the object's newest version (outcome events have none: never superseded).
    const auto mirror = tx.mirror(failure.object);
    if (!job || !mirror || mirror->version == job->source_version) return false;
    const std::string id = std::to_string(failure.id);
    const auto carried = tx.carried_content(failure.route, failure.object);
    const std::string newest_key = idempotency_key(failure.route, failure.object, mirror->version, 0);
    const auto newest_job = tx.job_by_idempotency_key(newest_key);
    const bool written = carried && carried->version == mirror->version;
    if (written || newest_job) {
        // What the failed version would have written is out of date: writing it now would
        // overwrite the newer content in the target.
        tx.set_failure_state(failure.id, store::FailureState::resolved, now);
        tx.set_job_state(failure.job_id, store::JobState::dismissed, now);
        tx.add_timeline({failure.object, now, "superseded", failure.route, failure.job_id,
                         "failure " + id + " (version " + job->source_version + ") retried by an operator; version " +
                             mirror->version +
                             (written ? std::string(" was already written by the route")
                                      : " has its own job " + std::to_string(newest_job->id)) +
                             ", so nothing is written for the old one"});
        return true;
    }
    const std::string operation = mirror->deleted ? "delete" : (job->operation == "delete" ? "upsert" : job->operation);
    tx.retry_job_at_version(failure.job_id, mirror->version, mirror->event_id, newest_key, operation, now);
    tx.add_timeline({failure.object, now, "retried", failure.route, failure.job_id,
                     "failure " + id + " (version " + job->source_version + ") retried by an operator with the newest version " +
                         mirror->version});
    return true;
}

bool OperatorActions::dismiss_in(store::StoreTransaction& tx, std::int64_t id, std::int64_t now) {
    const auto failure = tx.failure(id);
    if (!failure || failure->state != store::FailureState::open) return false;
    tx.set_failure_state(id, store::FailureState::dismissed, now);
    if (failure->job_id != 0) tx.set_job_state(failure->job_id, store::JobState::dismissed, now);
    tx.add_timeline({failure->object, now, "dismissed", failure->route, failure->job_id,
                     "failure " + std::to_string(id) + " dismissed by an operator; nothing was written"});
    return true;
}

bool OperatorActions::retry(std::int64_t id) {
    bool done = false;
    store_.write([&](store::StoreTransaction& tx) { done = retry_in(tx, id, clock_.now_ms(), true); });
    return done;
}

std::int64_t OperatorActions::retry_all(const std::string& route) {
    return for_each_open_failure(route, [this](store::StoreTransaction& tx, std::int64_t id, std::int64_t now) {
        return retry_in(tx, id, now, false);
    });
}

bool OperatorActions::dismiss(std::int64_t id) {
    bool done = false;
    store_.write([&](store::StoreTransaction& tx) { done = dismiss_in(tx, id, clock_.now_ms()); });
    return done;
}

std::int64_t OperatorActions::dismiss_all(const std::string& route) {
    return for_each_open_failure(route, [this](store::StoreTransaction& tx, std::int64_t id, std::int64_t now) {
        return dismiss_in(tx, id, now);
    });
}

std::int64_t OperatorActions::for_each_open_failure(
    const std::string& route, const std::function<bool(store::StoreTransaction&, std::int64_t, std::int64_t)>& action) {
    std::int64_t count = 0;
    store_.write([&](store::StoreTransaction& tx) {
        count = 0;
        store::FailureFilter filter;
        filter.route = route;
        filter.limit = 1'000'000;
        const std::int64_t now = clock_.now_ms();
        for (const auto& f : tx.failures(filter)) count += action(tx, f.id, now) ? 1 : 0;
    });
    return count;
}

std::int64_t OperatorActions::count(const store::FailureFilter& filter) {
    std::int64_t n = 0;
    store_.read([&](store::StoreTransaction& tx) { n = tx.failure_count(filter); });
    return n;
}

bool OperatorActions::pause(const std::string& kind, const std::string& name, const std::string& reason) {
    bool paused = false;
    store_.write([&](store::StoreTransaction& tx) {
        const auto all = tx.pauses();
        paused = std::any_of(all.begin(), all.end(), [&](const auto& p) { return p.kind == kind && p.name == name; });
        if (!paused) tx.set_pause({kind, name, reason, clock_.now_ms()});
    });
    return !paused;
}

bool OperatorActions::resume(const std::string& kind, const std::string& name) {
    bool paused = false;
    store_.write([&](store::StoreTransaction& tx) {
        const auto all = tx.pauses();
        paused = std::any_of(all.begin(), all.end(), [&](const auto& p) { return p.kind == kind && p.name == name; });
        if (paused) tx.clear_pause(kind, name);
    });
    return paused;
}

std::vector<store::Pause> OperatorActions::pauses() {
    std::vector<store::Pause> all;
    store_.read([&](store::StoreTransaction& tx) { all = tx.pauses(); });
    return all;
}

}  // namespace ledgersync::bus
