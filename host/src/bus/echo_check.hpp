#pragma once
/// Recognises a change that is our own write coming back from the system we wrote it to.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store_types.hpp"

namespace ledgersync::bus {

/// The counter of echoes recognised, by the connection they were read from (at ingest, or by
/// delivery when read before our write's outcome was committed).
inline constexpr const char* kEchoesMetric = "ledgersync_records_echo_suppressed_total";
inline constexpr const char* kEchoesMetricHelp = "Changes recognised as the echo of our own write, not routed back";

/// How many of the versions written before the last a link keeps: enough for the writes a slow
/// change feed can still report after the next one (a payment updated as its refunds arrive).
inline constexpr std::size_t kEarlierWrittenVersionsKept = 8;

/// Why a change of a linked object is the echo of our write to it ("same version", "same
/// content", or "a version we wrote before the last": read late, after we wrote it again), or
/// nothing when it is a change of its own. `member` is the object's link membership, which holds
/// the version and fingerprint of what we last wrote there and the versions we wrote before.
std::optional<std::string> echo_of_our_write(const store::LinkMember& member, const std::string& version,
                                             const nlohmann::json& body);

/// The earlier written versions of `previous` (the membership before a write of `next_version`),
/// with the version it last wrote first, newest first and at most kEarlierWrittenVersionsKept.
std::vector<std::string> earlier_versions_after_write(const store::LinkMember& previous, const std::string& next_version);

}  // namespace ledgersync::bus
