#pragma once
/// Deterministic digests the bus persists: idempotency keys and content fingerprints.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bus/mapper_chain.hpp"
#include "store/store_types.hpp"

namespace ledgersync::bus {

/// The idempotency key of the `index`-th record a route produced from one version of a source
/// object: 32 lower-case hex digits (fits QBO's 36-character batch requestid, Stripe's
/// Idempotency-Key and HubSpot unique properties). The same inputs give the same key on every
/// host and after every restart; each source version is its own operation, so an update is
/// never mistaken for a replay of the previous one.
std::string idempotency_key(const std::string& route, const store::ObjectKey& source, const std::string& version,
                            std::size_t index);

/// The digest of what a route made of one source version: its mapped records (JSON texts), in
/// order, without what changes when the content does not (each envelope's version and
/// updated_at, its raw payload, the body's updated_at). Two versions with the same digest write
/// the same thing. Hex; a text that is not a JSON object is digested as it is.
std::string content_digest(const std::vector<std::string>& record_texts);
std::string content_digest(const std::vector<MapperChain::Output>& outputs);

/// The digest of one record (its JSON text) as content_digest() compares it, but without what
/// payments change on a canonical invoice: its totals' amount_paid and balance_due, its
/// payments and their links, and the difference between "paid" and "open". Two versions of an
/// invoice with the same edit digest differ at most by payments, which no invoice writer
/// carries (each system works them out from its own payments): the conflict check does not
/// take such a change for an edit (ConflictCheck). Records of other types are digested whole.
std::string edit_digest(const std::string& record_text);

/// SHA-256 of a canonical body (keys sorted, as nlohmann orders objects), hex.
std::string fingerprint(const nlohmann::json& body);

}  // namespace ledgersync::bus
