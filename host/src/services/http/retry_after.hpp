#pragma once
/// Reading the Retry-After response header (RFC 9110 §10.2.3), which servers send with 429 and
/// 503 (and HubSpot with its 477 "migration in progress").

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ledgersync::services::http {

/// Longest wait the host takes from a Retry-After header. HubSpot documents values of up to a
/// day; anything longer is more likely a server bug than a plan, and would park a connection
/// for weeks.
inline constexpr std::chrono::milliseconds kMaxRetryAfter = std::chrono::hours(24);

/// How long `value` asks the client to wait, counted from `now_ms` (milliseconds since the Unix
/// epoch, from services::Clock, so tests control "now").
///
/// Accepts delta-seconds ("120") and the three HTTP-date forms (IMF-fixdate
/// "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850, asctime). A date in the past gives zero; values
/// above kMaxRetryAfter are clamped to it. nullopt when `value` is neither form.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::int64_t now_ms);

}  // namespace ledgersync::services::http
