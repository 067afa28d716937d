#include "bus/delivery.hpp"

#include <algorithm>

#include <Poco/UUIDGenerator.h>

#include <ledgersync/sdk/json.hpp>

#include "bus/canonical_check.hpp"
#include "bus/connection_leases.hpp"
#include "bus/conflict_check.hpp"
#include "bus/digest.hpp"
#include "bus/echo_check.hpp"
#include "bus/job_failure.hpp"
#include "bus/outcome_event.hpp"

namespace ledgersync::bus {

namespace {

using store::ObjectKey;

// A waiting job looks its references up again at least this often, even without a wake-up.
constexpr std::int64_t kReferenceRecheckMs = 30'000;
// A job that waits for writes in flight to its source's system looks again this soon: writes
// settle within one round trip.
constexpr std::int64_t kInFlightRecheckMs = 100;
// The longest an update of a two-way pair waits for the next read of its target (the read
// normally comes within one poll interval; a connection whose reads fail must not stop writes).
constexpr std::int64_t kMaxReadBackWaitMs = 10 * 60'000;

ObjectKey key_of(const sdk::RecordIdentity& identity) { return {identity.connection, identity.type, identity.id}; }

// The object that stands for `object` in `connection`: itself when it lives there, else the
// member of its link group there.
std::optional<store::LinkMember> counterpart(store::StoreTransaction& tx, const ObjectKey& object,
                                             const std::string& connection, const std::string& type) {
    if (object.connection == connection) return store::LinkMember{"", object, "", "", 0};
    const auto member = tx.link_member(object);
    if (!member) return std::nullopt;
    return tx.linked_member(member->entity_id, connection, type);
}

// Removes the references of the rels in `rels` from `record`: its links and the values they
// point at in the body (array elements from the last, so the earlier pointers stay right).
void drop_references(sdk::Record& record, const std::set<std::string>& rels) {
    if (rels.empty()) return;
    std::vector<std::string> paths;
    std::vector<sdk::RecordLink> kept;
    for (auto& link : record.links) {
        if (rels.count(link.rel) == 0) {
            kept.push_back(std::move(link));
        } else if (!link.path.empty()) {
            paths.push_back(link.path);
        }
    }
    record.links = std::move(kept);
    std::sort(paths.rbegin(), paths.rend(), [](const std::string& a, const std::string& b) {
        // Longer (deeper, or higher-numbered at one depth) pointers first.
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    for (const auto& path : paths) {
        const nlohmann::json::json_pointer pointer(path);
        if (!record.body.contains(pointer)) continue;
        nlohmann::json& parent = record.body.at(pointer.parent_pointer());
        if (parent.is_object()) {
            parent.erase(pointer.back());
        } else if (parent.is_array()) {
            parent.erase(parent.begin() + static_cast<std::ptrdiff_t>(std::stoul(pointer.back())));
        }
    }
}

std::string describe_duration(std::int64_t ms) {
    if (ms < 120'000) return std::to_string(ms / 1000) + " s";
    if (ms < 7'200'000) return std::to_string(ms / 60'000) + " min";
    return std::to_string(ms / 3'600'000) + " h";
}

}  // namespace

struct Delivery::Prepared {
    enum class Disposition {
        write,     ///< hand it to the connector
        settled,   ///< settled while preparing (echo, waiting, skipped, filtered)
        fail,      ///< fails with `outcome` without a write (whatever its class)
        complete,  ///< completes with `outcome` without a write (the object already exists)
    };
    store::Job job;
    const RouteRuntime* route = nullptr;
    /// The mapped record to write, parsed.
    nlohmann::json record;
    sdk::WriteItem item;
    Disposition disposition = Disposition::write;
    sdk::Outcome outcome;
    /// Where a failure of this job happened: mapping or writing.
    store::FailureStage stage = store::FailureStage::write;
    /// The failure's payload when it is not the job's (a mapper's invalid output).
    std::string failure_payload;
    /// Settled as the echo of our own write (read before that write's outcome was committed).
    bool echo = false;
    /// The job must be mapped again from its source record (a retried mapping failure).
    bool needs_mapping = false;
    std::string source_text;
    std::vector<MapperChain::Output> mapped;
    std::optional<sdk::Outcome> mapping_failure;

    void fail(sdk::Outcome failure, store::FailureStage where) {
        disposition = Disposition::fail;
        outcome = std::move(failure);
        stage = where;
    }
};

struct Delivery::Settlement {
    enum class Action { done, retry, pause, fail };
    Action action = Action::done;
    /// For fail: its reason is the failure's text.
    sdk::Outcome outcome;
    std::int64_t next_attempt_at_ms = 0;
    /// The outcome event, prepared for ingest when a route carries it back.
    std::optional<IngestBatch> event;
    /// For a write on a two-way pair: the route carrying the target object back, and that
    /// object's own outcome event saying it is in sync with the source (when a route takes
    /// it), sent only if its sync status is a failure an operator settled for the other side
    /// (Delivery::settle_counterpart).
    const RouteRuntime* back = nullptr;
    std::optional<IngestBatch> counterpart_event;
};

Delivery::Delivery(BusContext& context, Ingestor& ingestor, PauseBook& pauses,
                   std::map<std::string, DeliveryTarget> targets, DeliveryOptions options)
    : context_(context),
      ingestor_(ingestor),
      pauses_(pauses),
      targets_(std::move(targets)),
      options_(std::move(options)) {
    for (const auto& route : context_.routes) {
        if (route.config.enabled) written_types_.insert({route.config.to.connection, route.config.to.type});
    }
}

Delivery::~Delivery() { stop(); }

void Delivery::start() {
    running_ = true;
    for (std::int64_t i = 0; i < options_.workers; ++i) {
        workers_.emplace_back([this, i] { run_worker(static_cast<std::size_t>(i)); });
    }
}

void Delivery::stop() {
    if (!running_.exchange(false)) return;
    notify();
    for (auto& worker : workers_) worker.join();
    workers_.clear();
    const std::int64_t now = context_.clock.now_ms();
    std::int64_t released = 0;
    context_.store.write([&](store::StoreTransaction& tx) { released = tx.release_leases(options_.owner, false, now); });
    if (released > 0) context_.logger.info("bus", "released " + std::to_string(released) + " leased job(s) for the next start");
}

void Delivery::notify() {
    {
        std::lock_guard lock(wake_mutex_);
        ++wake_generation_;
    }
    wake_.notify_all();
}

void Delivery::run_worker(std::size_t index) {
    while (running_) {
        const std::uint64_t generation = wake_generation_;
        bool worked = false;
        try {
            std::vector<std::string> due;
            const std::int64_t now = context_.clock.now_ms();
            context_.store.read([&](store::StoreTransaction& tx) {
                for (const auto& [connection, target] : targets_) {
                    if (pauses_.connection_paused(connection) || !runs_here(connection) || !tx.has_due_job(connection, now)) {
                        continue;
                    }
                    if (target.linger_ms > 0 && lingers(tx, connection, target, now)) continue;
                    due.push_back(connection);
                }
            });
            // Start at a different connection in each worker, so one busy connection does not
            // keep the others waiting.
            if (!due.empty()) std::rotate(due.begin(), due.begin() + static_cast<std::ptrdiff_t>(index % due.size()), due.end());
            for (const auto& connection : due) {
                if (!running_) break;
                if (deliver_batch(connection)) {
                    worked = true;
                    break;
                }
            }
        } catch (const LeaseLost& e) {
            context_.logger.info("bus", std::string("delivery worker: ") + e.what() + "; its jobs are left to that host");
        } catch (const std::exception& e) {
            context_.logger.error("bus", std::string("delivery worker: ") + e.what());
        }
        if (!worked && running_) {
            std::unique_lock lock(wake_mutex_);
            wake_.wait_for(lock, std::chrono::milliseconds(options_.idle_poll_ms),
                           [&] { return !running_ || wake_generation_ != generation; });
        }
    }
}

bool Delivery::runs_here(const std::string& connection) const {
    return context_.leases == nullptr || context_.leases->token(connection).has_value();
}

const RouteRuntime* Delivery::route_named(const std::string& name) const {
    for (const auto& route : context_.routes) {
        if (route.config.name == name) return &route;
    }
    return nullptr;
}

bool Delivery::lingers(store::StoreTransaction& tx, const std::string& connection, const DeliveryTarget& target,
                       std::int64_t now) {
    const bool full = tx.due_job_count(connection, now, target.batch_size) >= target.batch_size;
    std::lock_guard lock(linger_mutex_);
    if (full) return false;
    const std::int64_t since = lingering_since_.try_emplace(connection, now).first->second;
    return now - since < target.linger_ms;
}

bool Delivery::deliver_batch(const std::string& connection) {
    const auto target = targets_.find(connection);
    if (target == targets_.end()) return false;
    if (target->second.linger_ms > 0) {
        std::lock_guard lock(linger_mutex_);
        lingering_since_.erase(connection);  // what comes due after this batch waits afresh
    }
    std::vector<Prepared> batch = lease_and_prepare(connection, target->second);
    if (batch.empty()) return false;
    std::vector<Prepared> to_settle;
    std::vector<sdk::WriteItem> items;
    for (auto& p : batch) {
        if (p.disposition != Prepared::Disposition::write) continue;
        items.push_back(p.item);
        to_settle.push_back(std::move(p));
    }
    std::vector<sdk::Outcome> outcomes;
    if (!items.empty()) {
        try {
            outcomes = target->second.connector->write(items);
        } catch (const sdk::Unsupported& e) {
            outcomes.assign(items.size(), sdk::Outcome::fatal(e.what(), "route only to connectors that can write this type"));
        } catch (const std::exception& e) {
            outcomes.assign(items.size(), sdk::Outcome::transient(std::string("write failed: ") + e.what()));
        }
        for (const auto& o : outcomes) {
            context_.metrics.add("ledgersync_writes_total",
                                 {{"connection", connection}, {"outcome", std::string(sdk::to_string(o.kind))}}, 1,
                                 "Records handed to connectors' write(), by outcome");
        }
    }
    // Jobs that end without a write (a mapping failure, an object that already exists) settle
    // with those that were written.
    for (auto& p : batch) {
        if (p.disposition != Prepared::Disposition::fail && p.disposition != Prepared::Disposition::complete) continue;
        outcomes.push_back(p.outcome);
        to_settle.push_back(std::move(p));
    }
    if (!to_settle.empty()) complete(to_settle, outcomes);
    return true;
}

std::vector<Delivery::Prepared> Delivery::lease_and_prepare(const std::string& connection,
                                                            const DeliveryTarget& target) {
    std::vector<Prepared> batch;
    bool remap = false;
    // Jobs are leased only under the connection's lease (several hosts on one database).
    std::optional<std::int64_t> lease_token;
    if (context_.leases != nullptr) {
        lease_token = context_.leases->token(connection);
        if (!lease_token) return batch;
    }
    const std::int64_t now = context_.clock.now_ms();
    context_.store.write([&](store::StoreTransaction& tx) {
        batch.clear();
        remap = false;
        if (lease_token) context_.leases->check(tx, connection, *lease_token);
        for (auto& job : tx.lease_jobs(connection, target.batch_size, now, options_.owner, now + options_.lease_ms,
                                       pauses_.paused_routes())) {
            Prepared p;
            p.job = std::move(job);
            p.route = route_named(p.job.route);
            if (p.route == nullptr) {
                // The route was removed from the configuration: keep the job for when it returns.
                p.job.state = store::JobState::pending;
                p.job.attempts -= 1;
                p.job.next_attempt_at_ms = now + kReferenceRecheckMs;
                p.job.last_error = "route '" + p.job.route + "' is not configured";
                tx.update_leased_job(p.job, p.job.lease_token);
                continue;
            }
            p.disposition = Prepared::Disposition::settled;
            if (!settled_as_echo(tx, p, now)) {
                if (!p.job.payload_json.empty()) {
                    prepare_write(tx, *p.route, connection, p, now);
                } else if (const auto event = tx.event(p.job.event_id)) {
                    // A mapping failure being retried: map again from the record as received.
                    p.needs_mapping = true;
                    p.source_text = event->record_json;
                    remap = true;
                } else {
                    p.fail(sdk::Outcome::data("the source record of this job is gone"), store::FailureStage::map);
                }
            }
            batch.push_back(std::move(p));
        }
    });
    for (const auto& p : batch) {
        // The same counter as an echo the ingest recognised: one change, recognised later.
        if (p.echo) context_.metrics.add(kEchoesMetric, {{"connection", p.job.source.connection}}, 1, kEchoesMetricHelp);
    }
    if (!remap) return batch;
    // Mappers are plugins: they run between two transactions, so a slow one holds up nobody.
    map_again(batch);
    std::vector<Prepared> prepared;
    context_.store.write([&](store::StoreTransaction& tx) {
        prepared = batch;  // the body may run twice: start from the leased copies each time
        for (auto& p : prepared) {
            if (p.needs_mapping) apply_mapping(tx, connection, p, now);
        }
    });
    return prepared;
}

void Delivery::map_again(std::vector<Prepared>& batch) const {
    for (auto& p : batch) {
        if (!p.needs_mapping) continue;
        try {
            sdk::RecordIdentity identity;
            if (p.route->chain.empty()) identity = sdk::Record::from_json(sdk::parse_json_exact(p.source_text)).identity;
            p.mapped = p.route->map(p.source_text, identity);
        } catch (const sdk::Error& e) {
            p.mapping_failure = e.outcome();
        } catch (const std::exception& e) {
            p.mapping_failure = sdk::Outcome::data(std::string("the source record of this job cannot be read: ") + e.what());
        }
    }
}

void Delivery::apply_mapping(store::StoreTransaction& tx, const std::string& connection, Prepared& p, std::int64_t now) {
    store::Job& job = p.job;
    p.needs_mapping = false;
    if (p.mapping_failure) {
        p.fail(*p.mapping_failure, store::FailureStage::map);
        return;
    }
    if (p.mapped.empty()) {
        settle_without_write(tx, job, now);
        tx.add_timeline({job.source, now, "filtered", job.route, job.id, "the mapper chain produced no record"});
        return;
    }
    const RouteConfig& config = p.route->config;
    job.payload_json = p.mapped[0].text;
    job.object_key = job_object_key(config, p.mapped[0].identity);
    job.content_digest = content_digest(p.mapped);
    for (std::size_t i = 1; i < p.mapped.size(); ++i) {
        store::Job extra = job;
        extra.id = 0;
        extra.idempotency_key = idempotency_key(job.route, job.source, job.source_version, i);
        extra.object_key = job_object_key(config, p.mapped[i].identity);
        extra.payload_json = p.mapped[i].text;
        extra.state = store::JobState::pending;
        extra.attempts = 0;
        extra.next_attempt_at_ms = now;
        tx.add_job(extra);
    }
    prepare_write(tx, *p.route, connection, p, now);
}

void Delivery::prepare_write(store::StoreTransaction& tx, const RouteRuntime& route, const std::string& connection,
                             Prepared& p, std::int64_t now) {
    store::Job& job = p.job;
    p.disposition = Prepared::Disposition::settled;

    sdk::Record record;
    try {
        p.record = sdk::parse_json_exact(job.payload_json);
        record = sdk::Record::from_json(p.record);
    } catch (const std::exception& e) {
        p.fail(sdk::Outcome::fatal(std::string("unreadable job payload: ") + e.what()), store::FailureStage::write);
        return;
    }
    if (!route.chain.empty()) {
        // What a mapper made is checked like what a connector reads: a record that is not valid
        // never reaches write(). The retry maps it again (after the mapper is fixed).
        if (const auto reason = invalid_record_reason(p.record)) {
            p.fail(sdk::Outcome::data("route '" + route.config.name + "': the mapper chain turned " + job.source.str() +
                                          " into " + record.identity.type + " " + record.identity.id + ", which " + *reason,
                                      "fix the mapper's configuration (or report it to the mapper's maintainers), "
                                      "then retry the failure: the record is mapped again"),
                   store::FailureStage::map);
            p.failure_payload = job.payload_json;
            job.payload_json.clear();
            return;
        }
    }

    // The target object, if this object was written there before.
    const ObjectKey self = key_of(record.identity);
    std::string target_id;
    std::string target_version;
    if (self.connection != connection) {
        if (const auto existing = counterpart(tx, self, connection, job.target_type)) {
            target_id = existing->object.id;
            target_version = existing->last_written_version;
        }
    }
    drop_references(record, route.config.drop_references);
    // References: each must have a counterpart in the target connection first. A reference is
    // in the source's own system unless the route says whose ids it carries (references_in), and
    // resolves in the target connection unless the route says which connection's objects the
    // target writes it against (references_to).
    for (auto& link : record.links) {
        const auto in = route.config.references_in.find(link.rel);
        const ObjectKey reference{in != route.config.references_in.end() ? in->second : record.identity.connection,
                                  link.type, link.id};
        const auto to = route.config.references_to.find(link.rel);
        const std::string resolve_in = to != route.config.references_to.end() ? to->second : connection;
        const auto resolved = counterpart(tx, reference, resolve_in, link.type);
        if (resolved) {
            link.target_id = resolved->object.id;
            if (link.rel == "subject" && target_id.empty()) target_id = resolved->object.id;
            continue;
        }
        const std::int64_t waited = now - job.created_at_ms;
        if (waited >= route.config.retry.max_reference_wait_ms) {
            p.fail(sdk::Outcome::data("the " + link.rel + " " + reference.str() + " has no counterpart in " + resolve_in +
                                          " after waiting " + describe_duration(waited),
                                      "sync the " + link.rel + " first: check that a route carries " +
                                          reference.connection + "." + link.type + " to " + resolve_in +
                                          " and that its failures are resolved, then retry"),
                   store::FailureStage::write);
            return;
        }
        job.state = store::JobState::waiting;
        job.waiting_for = reference.str();
        job.attempts -= 1;  // waiting is not an attempt
        job.next_attempt_at_ms = now + std::min(kReferenceRecheckMs, route.config.retry.max_reference_wait_ms);
        job.last_error = "waiting for " + reference.str() + " to be synced to " + resolve_in;
        tx.update_leased_job(job, job.lease_token);
        tx.add_timeline({job.source, now, "waiting", job.route, job.id, job.last_error});
        return;
    }

    if (!target_id.empty() && job.operation != "delete" && awaits_read_back(tx, route.config, connection, job, now)) return;

    std::string operation;
    if (job.operation == "delete") {
        if (target_id.empty()) {
            settle_without_write(tx, job, now);
            tx.add_timeline({job.source, now, "skipped", job.route, job.id, "deleted before it was ever synced"});
            return;
        }
        operation = "delete";
    } else if (job.operation == "create" && !target_id.empty()) {
        p.disposition = Prepared::Disposition::complete;
        p.outcome = sdk::Outcome::ok(target_id, target_version, "exists");
        return;
    } else {
        operation = target_id.empty() ? "create" : "update";
    }

    p.item.idempotency_key = job.idempotency_key;
    p.item.operation = operation;
    p.item.record = std::move(record);
    p.item.target_id = target_id;
    p.item.target_version = target_version;
    p.item.attempt = job.attempts;
    p.disposition = Prepared::Disposition::write;
}

bool Delivery::awaits_read_back(store::StoreTransaction& tx, const RouteConfig& route, const std::string& connection,
                                store::Job& job, std::int64_t now) {
    if (!has_route_back(context_.routes, route, job.source.connection)) return false;
    const auto read_at = tx.cursor_read_at(connection, job.target_type);
    // A stream never read has no edits to cross; one read since the job was made has shown them.
    if (!read_at || *read_at >= job.created_at_ms || now - job.created_at_ms >= kMaxReadBackWaitMs) return false;
    job.state = store::JobState::waiting;
    job.waiting_for = read_back_key(connection, job.target_type);
    job.attempts -= 1;  // waiting is not an attempt
    job.next_attempt_at_ms = job.created_at_ms + kMaxReadBackWaitMs;
    job.last_error = "waiting for the next read of " + connection + "." + job.target_type +
                     ", so that an edit made there meanwhile is seen as a conflict rather than overwritten";
    tx.update_leased_job(job, job.lease_token);
    tx.add_timeline({job.source, now, "waiting", job.route, job.id, job.last_error});
    return true;
}

bool Delivery::settled_as_echo(store::StoreTransaction& tx, Prepared& p, std::int64_t now) {
    store::Job& job = p.job;
    if (job.source.type == kSyncOutcomeType) return false;
    if (written_types_.count({job.source.connection, job.source.type}) == 0) return false;  // nothing writes there
    // Our write to the source's own system may have been read back before its outcome and link
    // were committed; the ingest could not tell it from a change of its own. Until the writes
    // that started before this change was read have settled, this job cannot tell either. A lease
    // lasts exactly lease_ms and is never extended, so one taken before the change was read
    // (job.created_at_ms) expires no later than created_at_ms + lease_ms. A write whose lease
    // ended without an outcome (a kill, a stop, an expiry) stays in doubt until its retry
    // settles it; only an older job's write can have been read before this one was made.
    if (tx.has_write_in_flight(job.source.connection, job.source.type, job.created_at_ms + options_.lease_ms, now) ||
        tx.has_write_in_doubt(job.source.connection, job.source.type, job.id)) {
        job.state = store::JobState::pending;
        job.attempts -= 1;  // not an attempt: nothing was tried
        job.next_attempt_at_ms = now + kInFlightRecheckMs;
        tx.update_leased_job(job, job.lease_token);
        return true;
    }
    const auto member = tx.link_member(job.source);
    if (!member) return false;
    nlohmann::json body = nlohmann::json::object();
    if (member->last_written_version != job.source_version && !member->last_written_fingerprint.empty()) {
        // Only a content comparison needs the source record.
        if (const auto event = tx.event(job.event_id)) body = sdk::parse_json_exact(event->record_json).value("body", body);
    }
    const auto echo = echo_of_our_write(*member, job.source_version, body);
    if (!echo) return false;
    settle_without_write(tx, job, now);
    p.echo = true;
    tx.add_timeline({job.source, now, "echo_suppressed", job.route, job.id,
                     "this change is our own write coming back (" + *echo + "), settled after it was read; not written"});
    return true;
}

void Delivery::complete(std::vector<Prepared>& batch, const std::vector<sdk::Outcome>& outcomes) {
    const std::int64_t now = context_.clock.now_ms();
    std::vector<Settlement> settlements;
    settlements.reserve(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) settlements.push_back(plan(batch[i], outcomes[i], now));
    CommitEffects effects;
    IngestSummary events;
    context_.store.write([&](store::StoreTransaction& tx) {
        effects.clear();
        events = IngestSummary{};
        for (std::size_t i = 0; i < batch.size(); ++i) {
            // The body may run twice (store contention): start from the leased copy each time.
            Prepared attempt = batch[i];
            settle(tx, attempt, settlements[i], now, effects, events);
        }
    });
    effects.run();
    // Outcome events may have created jobs (routes that carry them back).
    if (events.jobs > 0) context_.jobs_created();
}

Delivery::Settlement Delivery::plan(const Prepared& p, const sdk::Outcome& outcome, std::int64_t now) {
    const store::Job& job = p.job;
    Settlement s;
    s.outcome = outcome;
    if (p.disposition == Prepared::Disposition::fail) {
        s.action = Settlement::Action::fail;
    } else {
        switch (outcome.kind) {
            case sdk::OutcomeClass::ok: s.action = Settlement::Action::done; break;
            case sdk::OutcomeClass::transient:
            case sdk::OutcomeClass::rate_limited: {
                const std::int64_t first = job.first_attempt_at_ms == 0 ? now : job.first_attempt_at_ms;
                std::optional<std::int64_t> next;
                {
                    std::lock_guard lock(random_mutex_);
                    next = schedule_.next_attempt(p.route->config.retry, job.attempts, first, now, outcome.retry_after.count());
                }
                if (next) {
                    s.action = Settlement::Action::retry;
                    s.next_attempt_at_ms = *next;
                } else {
                    s.action = Settlement::Action::fail;
                    s.outcome.reason = "gave up after retrying for " + describe_duration(now - first) + " (" +
                                       std::to_string(job.attempts) + " attempt" + (job.attempts == 1 ? "" : "s") +
                                       "); last error: " + outcome.reason;
                }
                break;
            }
            case sdk::OutcomeClass::auth:
            case sdk::OutcomeClass::fatal: s.action = Settlement::Action::pause; break;
            case sdk::OutcomeClass::data: s.action = Settlement::Action::fail; break;
        }
    }
    // Outcome events exist to be carried back; without a route taking them there is nothing to do.
    const bool final = s.action == Settlement::Action::done || s.action == Settlement::Action::fail;
    if (final && job.source.type != kSyncOutcomeType && ingestor_.emits_outcomes_for(job.source.connection)) {
        std::vector<sdk::Record> event;
        event.push_back(make_outcome_event(job, s.outcome, s.outcome.target_id, now));
        s.event = ingestor_.prepare(job.source.connection, "ledgersync", std::move(event), {}, true);
    }
    if (s.action == Settlement::Action::done && job.source.type != kSyncOutcomeType && !s.outcome.target_id.empty()) {
        s.back = route_back(context_.routes, p.route->config, job.source.connection);
        if (s.back != nullptr && ingestor_.emits_outcomes_for(job.target_connection)) {
            // Prepared here, outside the transaction (routing it may run mappers); stored only if
            // settle_counterpart finds it is needed.
            store::Job counterpart;
            counterpart.id = job.id;
            counterpart.attempts = job.attempts;
            counterpart.route = s.back->config.name;
            counterpart.source = {job.target_connection, job.target_type, s.outcome.target_id};
            counterpart.source_version = s.outcome.target_version;
            counterpart.target_connection = job.source.connection;
            counterpart.target_type = job.source.type;
            std::vector<sdk::Record> event;
            event.push_back(make_outcome_event(counterpart, sdk::Outcome::ok(job.source.id, "", ""), job.source.id, now));
            s.counterpart_event = ingestor_.prepare(job.target_connection, "ledgersync", std::move(event), {}, true);
        }
    }
    return s;
}

void Delivery::settle_counterpart(store::StoreTransaction& tx, const store::Job& job, const Settlement& s, std::int64_t now,
                                  CommitEffects& effects, IngestSummary& events) {
    const store::ObjectKey target{job.target_connection, job.target_type, s.outcome.target_id};
    for (const auto& status : tx.sync_statuses(target)) {
        if (status.target_connection != job.source.connection || status.state != store::SyncState::failed) continue;
        // Only a failure an operator settled for this side (a conflict's other side, dismissed):
        // any other failure of the target object still stands.
        const auto failed = tx.job(status.job_id);
        if (!failed || failed->state != store::JobState::dismissed) continue;
        tx.put_sync_status({target, status.route, job.source.connection, store::SyncState::synced, job.source.id, "", job.id, now});
        tx.add_timeline({target, now, "in_sync", status.route, job.id,
                         "in sync with " + job.source.str() + ", whose version was written onto it (its own version was "
                         "dismissed in favour of that one)"});
        if (s.counterpart_event) ingestor_.store_within(tx, *s.counterpart_event, events, effects);
        return;
    }
}

void Delivery::settle(store::StoreTransaction& tx, Prepared& p, const Settlement& s, std::int64_t now,
                      CommitEffects& effects, IngestSummary& events) {
    store::Job& job = p.job;
    const std::int64_t token = job.lease_token;
    const RouteConfig& config = p.route->config;
    const sdk::Outcome& outcome = s.outcome;
    switch (s.action) {
        case Settlement::Action::done: {
            job.state = store::JobState::done;
            job.last_error.clear();
            if (!tx.update_leased_job(job, token)) return;  // another lease took over: its result counts
            tx.count_settled(config.name, job.id, store::Settled::synced, now);
            record_link(tx, p, outcome, now);
            tx.resolve_failure_of_job(job.id, now);
            if (!job.content_digest.empty()) {
                tx.put_carried_content({config.name, job.source, job.content_digest, job.source_version, now});
            }
            if (job.source.type != kSyncOutcomeType) {
                tx.put_sync_status({job.source, config.name, job.target_connection, store::SyncState::synced,
                                    outcome.target_id, "", job.id, now});
            }
            tx.add_timeline({job.source, now, "written", config.name, job.id,
                             (outcome.action.empty() ? std::string("written") : outcome.action) + " as " +
                                 job.target_connection + "/" + job.target_type + "/" + outcome.target_id +
                                 (outcome.target_version.empty() ? "" : " version " + outcome.target_version)});
            if (s.back != nullptr) settle_counterpart(tx, job, s, now, effects, events);
            effects.add([this, route = config.name, target = job.target_connection, latency = now - job.created_at_ms] {
                context_.metrics.add("ledgersync_records_written_total", {{"route", route}, {"connection", target}}, 1,
                                     "Jobs written (settled done), by route and target connection");
                context_.metrics.observe_ms("ledgersync_job_latency_seconds", {{"route", route}}, latency,
                                            "Time from a job's creation to its write, by route");
            });
            break;
        }
        case Settlement::Action::retry: {
            job.state = store::JobState::pending;
            job.next_attempt_at_ms = s.next_attempt_at_ms;
            job.last_error = outcome.reason;
            if (!tx.update_leased_job(job, token)) return;
            tx.add_timeline({job.source, now, "retry_scheduled", config.name, job.id,
                             std::string(sdk::to_string(outcome.kind)) + ": " + outcome.reason + "; attempt " +
                                 std::to_string(job.attempts + 1) + " in " + describe_duration(s.next_attempt_at_ms - now)});
            effects.add([this, route = config.name, target = job.target_connection] {
                context_.metrics.add("ledgersync_retries_total", {{"route", route}, {"connection", target}}, 1,
                                     "Job attempts that will be tried again, by route and target connection");
            });
            return;  // not final: no outcome event
        }
        case Settlement::Action::pause: {
            const bool auth = outcome.kind == sdk::OutcomeClass::auth;
            job.state = store::JobState::pending;
            job.attempts -= 1;  // the job is not at fault: it waits for the operator
            job.next_attempt_at_ms = now;
            job.last_error = outcome.reason;
            if (!tx.update_leased_job(job, token)) return;
            const std::string name = auth ? job.target_connection : config.name;
            const std::string reason = outcome.reason + (outcome.fix_hint.empty() ? "" : " (" + outcome.fix_hint + ")");
            const store::Pause pause{auth ? "connection" : "route", name, reason, now};
            tx.set_pause(pause);
            tx.add_timeline({job.source, now, auth ? "connection_paused" : "route_paused", config.name, job.id, reason});
            effects.add([this, pause, auth] {
                pauses_.remember(pause);
                context_.logger.error("bus", std::string(auth ? "connection '" : "route '") + pause.name + "' paused: " +
                                                 pause.reason + "; resume it with `ledgersync " +
                                                 (auth ? "connections" : "routes") + " resume " + pause.name + "` once fixed");
            });
            return;  // not final: no outcome event
        }
        case Settlement::Action::fail:
            if (!record_failure(tx, p, outcome, now, effects)) return;
            // The target may hold the object all the same (written, but not as the source says):
            // linked, a retry updates it instead of creating a second one.
            if (!outcome.target_id.empty() && !p.record.is_null()) record_link(tx, p, outcome, now);
            break;
    }
    if (s.event) ingestor_.store_within(tx, *s.event, events, effects);
}

void Delivery::settle_without_write(store::StoreTransaction& tx, store::Job& job, std::int64_t now) {
    job.state = store::JobState::done;
    if (tx.update_leased_job(job, job.lease_token)) tx.count_settled(job.route, job.id, store::Settled::skipped, now);
}

void Delivery::record_link(store::StoreTransaction& tx, const Prepared& p, const sdk::Outcome& outcome, std::int64_t now) {
    const store::Job& job = p.job;
    const auto identity = p.record.at("identity");
    const ObjectKey self{identity.value("connection", ""), identity.value("type", ""), identity.value("id", "")};
    auto member = tx.link_member(self);
    if (!member) {
        member = store::LinkMember{Poco::UUIDGenerator::defaultGenerator().createRandom().toString(), self, "", "", now};
        tx.put_link_member(*member);
    }
    if (self.connection != job.target_connection) {
        store::LinkMember written{member->entity_id, {job.target_connection, job.target_type, outcome.target_id},
                                  outcome.target_version, fingerprint(p.record.value("body", nlohmann::json::object())), now};
        if (const auto previous = tx.link_member(written.object)) {
            written.earlier_written_versions = earlier_versions_after_write(*previous, written.last_written_version);
            written.created_by_write = previous->created_by_write;
        } else {
            written.created_by_write = p.item.operation == "create";
        }
        tx.put_link_member(written);
    }
    tx.release_waiting(self.str(), now);
}

bool Delivery::record_failure(store::StoreTransaction& tx, Prepared& p, const sdk::Outcome& outcome, std::int64_t now,
                              CommitEffects& effects) {
    store::Job& job = p.job;
    const RouteConfig& config = p.route->config;
    const std::int64_t token = job.lease_token;
    job.state = store::JobState::failed;
    job.last_error = outcome.reason;
    if (!tx.update_leased_job(job, token)) return false;
    tx.count_settled(config.name, job.id, store::Settled::failed, now);
    std::string payload = !p.failure_payload.empty() ? p.failure_payload : job.payload_json;
    if (payload.empty()) {
        if (const auto event = tx.event(job.event_id)) payload = event->record_json;
    }
    const std::string kind(sdk::to_string(outcome.kind));
    tx.put_failure(job_failure(job, p.stage, outcome, std::move(payload), now));
    if (job.source.type != kSyncOutcomeType) {
        tx.put_sync_status({job.source, config.name, job.target_connection, store::SyncState::failed, outcome.target_id,
                            outcome.reason, job.id, now});
    }
    tx.add_timeline({job.source, now, "failed", config.name, job.id, kind + ": " + outcome.reason});
    effects.add([this, route = config.name, source = job.source.str(), kind, reason = outcome.reason] {
        context_.logger.warning("bus", "route '" + route + "': " + source + " failed (" + kind + "): " + reason);
        context_.metrics.add("ledgersync_failures_total", {{"route", route}, {"class", kind}}, 1, "Jobs that became failures");
    });
    effects.add([this, route = config.name, target = job.target_connection] {
        context_.metrics.add("ledgersync_records_failed_total", {{"route", route}, {"connection", target}}, 1,
                             "Jobs that became failures, by route and target connection");
    });
    return true;
}

}  // namespace ledgersync::bus
