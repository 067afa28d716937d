#include "bus/route_backfill.hpp"

#include <vector>

namespace ledgersync::bus {

namespace {

/// Objects read and mapped per transaction: mapping runs outside it, between pages.
constexpr std::int64_t kBackfillPage = 200;

}  // namespace

RouteBackfill::RouteBackfill(BusContext& context, Ingestor& ingestor) : context_(context), ingestor_(ingestor) {}

std::string RouteBackfill::marker_key(const std::string& route) { return "route_backfill:" + route; }

std::int64_t RouteBackfill::run() {
    std::int64_t jobs = 0;
    for (const auto& route : context_.routes) {
        if (!route.config.enabled || route.config.since.empty()) continue;
        for (const auto& from : route.config.from) {
            std::optional<store::StateValue> done;
            context_.store.read([&](store::StoreTransaction& tx) { done = tx.state_value(from.connection, marker_key(route.config.name)); });
            if (done && done->value == route.config.since) continue;
            jobs += backfill(route, from.connection, from.type);
        }
    }
    return jobs;
}

std::int64_t RouteBackfill::backfill(const RouteRuntime& route, const std::string& connection, const std::string& type) {
    const std::string& name = route.config.name;
    context_.logger.info("bus", "route '" + name + "': routing the " + type + " objects of " + connection +
                                    " already read, from " + route.config.since + " (since)");
    IngestSummary total;
    std::string after;
    context_.store.write([&](store::StoreTransaction& tx) {
        tx.begin_backfill(name, connection, type, store::BackfillRecord::kRouteEnabledLate, context_.clock.now_ms(), true);
    });
    while (true) {
        std::vector<store::MirrorEntry> entries;
        context_.store.read([&](store::StoreTransaction& tx) { entries = tx.mirror_entries(connection, type, after, kBackfillPage); });
        if (entries.empty()) break;
        after = entries.back().object.id;
        std::vector<PreparedRecord> records;
        records.reserve(entries.size());
        for (const auto& entry : entries) records.push_back(ingestor_.prepare_mirrored(route, entry));
        IngestSummary summary;
        CommitEffects effects;
        context_.store.write([&](store::StoreTransaction& tx) {
            summary = IngestSummary{};
            effects.clear();
            ingestor_.replay_within(tx, records, summary, effects);
            tx.advance_backfills(name, connection, type, store::BackfillRecord::kRouteEnabledLate,
                                 static_cast<std::int64_t>(records.size()), false, context_.clock.now_ms());
        });
        effects.run();
        ingestor_.report(connection, summary);
        total.received += summary.received;
        total.jobs += summary.jobs;
    }
    const std::int64_t now = context_.clock.now_ms();
    context_.store.write([&](store::StoreTransaction& tx) {
        tx.put_state_value(connection, marker_key(name), store::StateValue{route.config.since, false, now});
        tx.advance_backfills(name, connection, type, store::BackfillRecord::kRouteEnabledLate, 0, true, now);
    });
    context_.logger.info("bus", "route '" + name + "': " + std::to_string(total.received) + " " + type + " object(s) of " +
                                    connection + " routed again, " + std::to_string(total.jobs) + " job(s) created");
    return total.jobs;
}

}  // namespace ledgersync::bus
