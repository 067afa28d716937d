#include "stripe/idempotency_store.hpp"

#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

void IdempotencyStore::prune(std::int64_t now_ms) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (!it->second.in_flight && now_ms - it->second.created_ms >= kRetentionMs) {
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
}

IdempotencyStore::Claim IdempotencyStore::claim(const std::string& scope, const std::string& key,
                                                const std::string& path,
                                                const std::string& fingerprint,
                                                std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    prune(now_ms);
    const auto id = std::make_pair(scope, key);
    const auto it = entries_.find(id);
    if (it == entries_.end()) {
        Entry entry;
        entry.path = path;
        entry.fingerprint = fingerprint;
        entry.created_ms = now_ms;
        entries_.emplace(id, std::move(entry));
        return {};
    }
    const Entry& entry = it->second;
    if (entry.path != path)
        throw errors::idempotency_endpoint_mismatch(key, entry.path, path);
    if (entry.fingerprint != fingerprint)
        throw errors::idempotency_mismatch(key);
    if (entry.in_flight)
        throw errors::idempotency_in_use(key);
    Claim claim;
    claim.kind = Claim::Kind::replay;
    claim.stored = entry.response;
    return claim;
}

void IdempotencyStore::complete(const std::string& scope, const std::string& key,
                                const HttpResponse& response) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find({scope, key});
    if (it == entries_.end())
        return;
    it->second.in_flight = false;
    it->second.response = response;
}

void IdempotencyStore::release(const std::string& scope, const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find({scope, key});
    if (it != entries_.end() && it->second.in_flight)
        entries_.erase(it);
}

void IdempotencyStore::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

std::size_t IdempotencyStore::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace ledgersync::sandbox::stripe
