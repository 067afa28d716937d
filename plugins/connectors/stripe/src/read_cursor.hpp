#pragma once
/// Where a stream's reads stand, stored by the host as the stream's cursor (JSON text):
///   backfill: listing objects newest first (limit 100, starting_after `after`, created[gte]
///             `created_gte`); `anchor` is the newest event when the backfill began, from which
///             the catch-up starts, so that nothing created meanwhile is missed;
///   events:   catching up through /v1/events newer than `anchor` (ending_before);
///   gap:      the anchor fell out of Stripe's 30-day events window: listing the balance
///             transactions created since `gap_since` (starting_after `after`) and reading again
///             the objects they moved money for; then a backfill of what was created since
///             `gap_since`, after which `anchor` (taken when the gap was found) is followed.
/// A cursor without "gap_since" (written before the gap phase existed) reads as before.

#include <cstdint>
#include <optional>
#include <string>

namespace ledgersync::connectors::stripe {

struct ReadCursor {
    enum class Phase { backfill, events, gap };
    Phase phase = Phase::backfill;
    /// Backfill: the id of the last object returned; gap: of the last balance transaction
    /// listed; empty at the start.
    std::string after;
    /// Backfill: the oldest creation time listed (unix seconds); nullopt: everything.
    std::optional<std::int64_t> created_gte;
    /// The newest event already accounted for; empty when there was none.
    std::string anchor;
    /// When the backfill began (unix seconds): with no anchor, events from then on are read.
    std::int64_t started_at = 0;
    /// Whether `anchor` (and started_at) were taken.
    bool anchored = false;
    /// Gap: the oldest creation time (unix seconds) of the balance transactions listed, a little
    /// before the lost anchor.
    std::int64_t gap_since = 0;

    std::string to_text() const;
    /// Throws sdk::Error (fatal) for a text this connector did not write.
    static ReadCursor parse(const std::string& text);
};

}  // namespace ledgersync::connectors::stripe
