#pragma once
/// Deterministic digests the bus persists: idempotency keys and content fingerprints.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "store/store_types.hpp"

namespace ledgersync::bus {

/// The idempotency key of the `index`-th record a route produced from one version of a source
/// object: 32 lower-case hex digits (fits QBO's 36-character batch requestid, Stripe's
/// Idempotency-Key and HubSpot unique properties). The same inputs give the same key on every
/// host and after every restart; each source version is its own operation, so an update is
/// never mistaken for a replay of the previous one.
std::string idempotency_key(const std::string& route, const store::ObjectKey& source, const std::string& version,
                            std::size_t index);

/// SHA-256 of a canonical body (keys sorted, as nlohmann orders objects), hex.
std::string fingerprint(const nlohmann::json& body);

}  // namespace ledgersync::bus
