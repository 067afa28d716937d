#include "app/connection_checks.hpp"

#include <ledgersync/sdk/outcome.hpp>
#include <ledgersync/sdk/timestamp.hpp>

namespace ledgersync::app {

namespace {

/// The details on one log line: HubSpot's check, for one, lists a problem per line.
std::string one_line(std::string text) {
    for (auto at = text.find('\n'); at != std::string::npos; at = text.find('\n', at)) text.replace(at, 1, "; ");
    return text;
}

}  // namespace

ConnectionChecks::ConnectionChecks(const services::Clock& clock, services::Logger& logger)
    : clock_(clock), logger_(logger) {}

ConnectionChecks::~ConnectionChecks() { stop(); }

sdk::CheckResult ConnectionChecks::run(plugin::ConnectorInstance& connector) {
    try {
        return connector.check();
    } catch (const sdk::Error& e) {
        const sdk::Outcome& o = e.outcome();
        return {false, o.reason + (o.fix_hint.empty() ? std::string() : "; to fix: " + o.fix_hint)};
    } catch (const std::exception& e) {
        return {false, e.what()};
    } catch (...) {
        return {false, "the check of " + connector.plugin().id() + " failed with an exception that is no std::exception"};
    }
}

void ConnectionChecks::start(const std::map<std::string, std::unique_ptr<plugin::ConnectorInstance>>& running) {
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, instance] : running) results_[name] = std::nullopt;
    }
    for (const auto& [name, instance] : running) {
        plugin::ConnectorInstance* connector = instance.get();
        threads_.emplace_back([this, connector] { check(*connector); });
    }
}

bool ConnectionChecks::recheck(plugin::ConnectorInstance& connector) {
    std::lock_guard lock(mutex_);
    const auto it = results_.find(connector.connection());
    if (it != results_.end() && !it->second) return false;
    results_[connector.connection()] = std::nullopt;
    threads_.emplace_back([this, &connector] { check(connector); });
    return true;
}

void ConnectionChecks::stop() {
    for (auto& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
    threads_.clear();
}

void ConnectionChecks::check(plugin::ConnectorInstance& connector) {
    const std::string& name = connector.connection();
    Result result{run(connector), clock_.now_ms()};
    if (result.check.ok) {
        logger_.info("connections", "connection '" + name + "' passed its check: " + one_line(result.check.details));
    } else {
        logger_.warning("connections", "connection '" + name + "' failed its check (it keeps running; `ledgersync connections "
                                       "check " + name + "` checks it again): " + one_line(result.check.details));
    }
    std::lock_guard lock(mutex_);
    results_[name] = std::move(result);
}

nlohmann::json ConnectionChecks::status(const std::string& connection) const {
    std::lock_guard lock(mutex_);
    const auto it = results_.find(connection);
    if (it == results_.end() || !it->second) return {{"ok", nullptr}, {"details", "checking"}};
    const Result& result = *it->second;
    return {{"ok", result.check.ok},
            {"details", result.check.details},
            {"checked_at", sdk::Timestamp::from_epoch_milliseconds(result.checked_at_ms).to_rfc3339()}};
}

}  // namespace ledgersync::app
