#pragma once
/// The ids of the webhook events already ingested, kept in the host's durable state so that an
/// event Stripe delivers again (a retry, the duplicate delivery mode, a redelivery from the
/// Dashboard) is ingested once, across restarts too. Only webhook() touches it, and the host
/// never runs two webhook() calls at once.

#include <deque>
#include <optional>
#include <string>

#include <ledgersync/sdk/host_services.hpp>

namespace ledgersync::connectors::stripe {

class SeenEvents {
public:
    /// How many of the newest ids are remembered (Stripe retries for three days; far fewer
    /// events than this arrive between the first delivery and the last retry of one).
    static constexpr std::size_t kCapacity = 5000;
    static constexpr const char* kStateKey = "stripe/webhook_events_seen";

    explicit SeenEvents(sdk::HostServices host) : host_(host) {}

    bool contains(const std::string& event_id);
    /// Remembers `event_id` durably (the oldest id goes when full).
    void add(const std::string& event_id);

private:
    void load();

    sdk::HostServices host_;
    std::optional<std::deque<std::string>> ids_;
};

}  // namespace ledgersync::connectors::stripe
