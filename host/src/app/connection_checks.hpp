#pragma once
/// Runs each running connection's check() once when the host starts (credentials, connectivity,
/// scopes: what each connector verifies is in docs/operations.md), logs the result and keeps it
/// for /healthz.
///
/// Each check runs on a thread of its own: an unreachable API or a rate budget to wait for holds
/// up neither the bus, which starts at once, nor the other connections' checks. A failed check
/// changes nothing else: the connection keeps running, and the errors of its real calls pause it
/// as they always did (a check runs once, so a network blip at start must not stop a connection
/// for good).

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/connector.hpp>

#include "plugin/connector_instance.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"

namespace ledgersync::app {

class ConnectionChecks {
public:
    ConnectionChecks(const services::Clock& clock, services::Logger& logger);
    ~ConnectionChecks();
    ConnectionChecks(const ConnectionChecks&) = delete;
    ConnectionChecks& operator=(const ConnectionChecks&) = delete;

    /// Starts checking every connection of `running`; the instances must outlive stop().
    void start(const std::map<std::string, std::unique_ptr<plugin::ConnectorInstance>>& running);
    /// Checks `connector` again on a thread of its own (the admin API's reconnect); the instance
    /// must outlive stop(). False when its check is still running.
    bool recheck(plugin::ConnectorInstance& connector);
    /// Waits for the checks still under way (shutting the HTTP client down first makes those
    /// waiting for rate budget end at once); idempotent.
    void stop();

    /// What /healthz shows of `connection`'s check: {"ok": true|false, "details",
    /// "checked_at"} once it ran, {"ok": null, "details": "checking"} while it runs.
    nlohmann::json status(const std::string& connection) const;

    /// `connector`'s check(), where a check that throws is a failed check with its message.
    static sdk::CheckResult run(plugin::ConnectorInstance& connector);

private:
    struct Result {
        sdk::CheckResult check;
        std::int64_t checked_at_ms = 0;
    };

    void check(plugin::ConnectorInstance& connector);

    const services::Clock& clock_;
    services::Logger& logger_;
    mutable std::mutex mutex_;
    /// The connections checked or being checked; nullopt while a check runs.
    std::map<std::string, std::optional<Result>> results_;
    std::vector<std::thread> threads_;
};

}  // namespace ledgersync::app
