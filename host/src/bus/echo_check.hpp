#pragma once
/// Recognises a change that is our own write coming back from the system we wrote it to.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "store/store_types.hpp"

namespace ledgersync::bus {

/// The counter of echoes recognised, by the connection they were read from (at ingest, or by
/// delivery when read before our write's outcome was committed).
inline constexpr const char* kEchoesMetric = "ledgersync_records_echo_suppressed_total";
inline constexpr const char* kEchoesMetricHelp = "Changes recognised as the echo of our own write, not routed back";

/// Why a change of a linked object is the echo of our last write to it ("same version" or
/// "same content"), or nothing when it is a change of its own. `member` is the object's link
/// membership, which holds the version and fingerprint of what we last wrote there.
std::optional<std::string> echo_of_our_write(const store::LinkMember& member, const std::string& version,
                                             const nlohmann::json& body);

}  // namespace ledgersync::bus
