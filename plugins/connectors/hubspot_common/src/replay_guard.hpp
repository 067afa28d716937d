#pragma once
/// Refuses a webhook delivery seen before: the signatures of the deliveries accepted within the
/// signature window (5 minutes) are kept in the host's state service (so a restart does not
/// forget them), and a delivery with a signature among them is a replay. Older signatures are
/// dropped: the window refuses those deliveries anyway.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include <ledgersync/sdk/host_services.hpp>

namespace ledgersync::connectors::hubspot {

class ReplayGuard {
public:
    ReplayGuard(sdk::HostServices host, std::int64_t window_ms);

    /// True when a delivery with `signature` was accepted before.
    bool seen(const std::string& signature, std::int64_t received_at_ms);
    /// Remembers an accepted delivery's signature (after it was processed: a delivery the host
    /// retries after a failure is not a replay).
    void remember(const std::string& signature, std::int64_t received_at_ms);

private:
    void load();

    sdk::HostServices host_;
    std::int64_t window_ms_;
    std::mutex mutex_;
    bool loaded_ = false;
    /// SHA-256 (hex) of each signature -> when it was received.
    std::map<std::string, std::int64_t> seen_;
};

}  // namespace ledgersync::connectors::hubspot
