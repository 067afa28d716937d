#include "replay_guard.hpp"

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

namespace ledgersync::connectors::hubspot {

namespace {

constexpr const char* kSeenKey = "webhooks/seen_signatures";

}  // namespace

ReplayGuard::ReplayGuard(sdk::HostServices host, std::int64_t window_ms) : host_(host), window_ms_(window_ms) {}

void ReplayGuard::load() {
    if (loaded_) return;
    loaded_ = true;
    const auto text = host_.state_get(kSeenKey);
    if (!text) return;
    try {
        const nlohmann::json stored = sdk::parse_json_exact(*text);
        for (auto it = stored.begin(); it != stored.end(); ++it) {
            if (it.value().is_number_integer()) seen_[it.key()] = it.value().get<std::int64_t>();
        }
    } catch (const std::exception&) {
        host_.log(sdk::LogLevel::warning, "the stored webhook signatures are unreadable; replays are refused from now on only");
    }
}

bool ReplayGuard::seen(const std::string& signature, std::int64_t received_at_ms) {
    std::lock_guard lock(mutex_);
    load();
    const auto it = seen_.find(sdk::hex_encode(sdk::sha256(signature)));
    return it != seen_.end() && received_at_ms - it->second <= 2 * window_ms_;
}

void ReplayGuard::remember(const std::string& signature, std::int64_t received_at_ms) {
    std::lock_guard lock(mutex_);
    load();
    // Twice the window: a delivery stamped up to 5 minutes ahead stays refused as long.
    for (auto it = seen_.begin(); it != seen_.end();) {
        it = received_at_ms - it->second > 2 * window_ms_ ? seen_.erase(it) : std::next(it);
    }
    seen_[sdk::hex_encode(sdk::sha256(signature))] = received_at_ms;
    nlohmann::json stored = nlohmann::json::object();
    for (const auto& [k, at] : seen_) stored[k] = at;
    host_.state_put(kSeenKey, stored.dump());
}

}  // namespace ledgersync::connectors::hubspot
