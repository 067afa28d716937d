#pragma once
/// Where a stream's reads stand, stored by the host as the stream's cursor (JSON text):
///   backfill: listing objects newest first (limit 100, starting_after `after`, created[gte]
///             `created_gte`); `anchor` is the newest event when the backfill began, from which
///             the catch-up starts, so that nothing created meanwhile is missed;
///   events:   catching up through /v1/events newer than `anchor` (ending_before).

#include <cstdint>
#include <optional>
#include <string>

namespace ledgersync::connectors::stripe {

struct ReadCursor {
    enum class Phase { backfill, events };
    Phase phase = Phase::backfill;
    /// Backfill: the id of the last object returned; empty at the start.
    std::string after;
    /// Backfill: the oldest creation time listed (unix seconds); nullopt: everything.
    std::optional<std::int64_t> created_gte;
    /// The newest event already accounted for; empty when there was none.
    std::string anchor;
    /// When the backfill began (unix seconds): with no anchor, events from then on are read.
    std::int64_t started_at = 0;
    /// Whether `anchor` (and started_at) were taken.
    bool anchored = false;

    std::string to_text() const;
    /// Throws sdk::Error (fatal) for a text this connector did not write.
    static ReadCursor parse(const std::string& text);
};

}  // namespace ledgersync::connectors::stripe
