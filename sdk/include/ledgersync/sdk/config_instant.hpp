#pragma once
/// Reads a point in time from a plugin's configuration, such as the `sync_from` from which a
/// connector's first backfill starts:
///
///     sdk::ConfigReader cfg(config_json, problems);
///     std::optional<sdk::Timestamp> from = sdk::read_config_instant(cfg, "sync_from");
///
/// A date (2026-01-01) means its midnight UTC; an RFC 3339 instant (2026-01-01T09:30:00+02:00)
/// means that instant. Any other text becomes a problem at the key's JSON path.

#include <optional>
#include <string>
#include <string_view>

#include "ledgersync/sdk/calendar_date.hpp"
#include "ledgersync/sdk/config_reader.hpp"
#include "ledgersync/sdk/timestamp.hpp"

namespace ledgersync::sdk {

/// The instant `key` names, or nothing when the key is absent or (reported to `cfg`) unreadable.
inline std::optional<Timestamp> read_config_instant(ConfigReader& cfg, std::string_view key) {
    const auto text = cfg.optional<std::string>(key, "a date (2026-01-01) or an RFC 3339 instant");
    if (!text) return std::nullopt;
    if (const auto date = CalendarDate::parse(*text)) return Timestamp::start_of(*date);
    if (const auto instant = Timestamp::parse(*text)) return instant;
    cfg.problems().add(cfg.path_of(key),
                       "\"" + *text + "\" is neither a date (2026-01-01) nor an RFC 3339 instant (2026-01-01T00:00:00Z).");
    return std::nullopt;
}

}  // namespace ledgersync::sdk
