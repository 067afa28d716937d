// The check the host makes of each connection at start: on threads of its own (start() does not
// wait for the API), its result kept for /healthz and logged, a check that throws being a failed
// check with its message, masked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>

#include <ledgersync/abi.h>
#include <ledgersync/sdk/bytes.hpp>

#include "app/connection_checks.hpp"
#include "probe_connector.hpp"
#include "plugin/connector_instance.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"

namespace ledgersync::app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

constexpr const char* kToken = "tok-0123456789abcdef";

/// What the probe plugin's check() does: wait until released, then pass or fail.
struct CheckProbe {
    std::mutex mutex;
    std::condition_variable changed;
    bool released = true;
    bool fail = false;
    int calls = 0;
};
CheckProbe probe;

ls_status probe_create(const ls_host_services*, ls_host_context*, ls_bytes, ls_instance** instance,
                       ls_output*) {
    static int token = 0;
    *instance = reinterpret_cast<ls_instance*>(&token);
    return LS_STATUS_OK;
}
void probe_destroy(ls_instance*) {}

ls_status probe_check(ls_instance*, ls_output* out) {
    std::unique_lock lock(probe.mutex);
    ++probe.calls;
    probe.changed.notify_all();
    probe.changed.wait_for(lock, 10s, [] { return probe.released; });
    if (probe.fail) {
        const sdk::OutputWriter writer(out);
        writer.attribute("fix_hint", "put a new token in the configuration");
        writer.fail(LS_STATUS_AUTH, std::string("the API refused ") + kToken);
        return LS_STATUS_AUTH;
    }
    sdk::OutputWriter(out).append(R"({"ok": true, "details": "the probe answers"})");
    return LS_STATUS_OK;
}

class ConnectionChecksTest : public ::testing::Test {
protected:
    ConnectionChecksTest() : logger_(log_), clock_(1'700'000'000'000) {
        logger_.add_secret(kToken);
        services_.logger = &logger_;
        services_.metrics = &metrics_;
        services_.clock = &clock_;
        vtable_.create = &probe_create;
        vtable_.destroy = &probe_destroy;
        vtable_.check = &probe_check;
        const auto loaded = testing::probe_connector(descriptor_, vtable_);
        running_.emplace("crm",
                         plugin::ConnectorInstance::create(loaded, "crm", nlohmann::json::object(),
                                                           "/connections/crm/config", services_));
        std::lock_guard lock(probe.mutex);
        probe.released = true;
        probe.fail = false;
        probe.calls = 0;
    }

    std::ostringstream log_;
    services::Logger logger_;
    services::MetricsRegistry metrics_;
    services::ManualClock clock_;
    plugin::PluginServices services_;
    ls_connector_vtable vtable_{};
    ls_plugin_descriptor descriptor_{};
    std::map<std::string, std::unique_ptr<plugin::ConnectorInstance>> running_;
};

TEST_F(ConnectionChecksTest,
       start_does_not_wait_for_a_slow_check_and_health_shows_it_checking_then_its_result) {
    probe.released = false;
    ConnectionChecks checks(clock_, logger_);
    checks.start(running_);  // returns while the check is still inside the plugin
    {
        std::unique_lock lock(probe.mutex);
        ASSERT_TRUE(probe.changed.wait_for(lock, 10s, [] { return probe.calls == 1; }));
    }
    EXPECT_EQ(checks.status("crm"), (nlohmann::json{{"ok", nullptr}, {"details", "checking"}}));
    {
        std::lock_guard lock(probe.mutex);
        probe.released = true;
    }
    probe.changed.notify_all();
    checks.stop();
    EXPECT_EQ(checks.status("crm"), (nlohmann::json{{"ok", true},
                                                    {"details", "the probe answers"},
                                                    {"checked_at", "2023-11-14T22:13:20Z"}}));
    EXPECT_THAT(log_.str(), HasSubstr("connection 'crm' passed its check: the probe answers"));
    EXPECT_EQ(probe.calls, 1);
}

TEST_F(ConnectionChecksTest,
       a_check_that_throws_is_a_failed_check_with_its_masked_reason_and_fix_logged_as_a_warning) {
    probe.fail = true;
    const sdk::CheckResult direct = ConnectionChecks::run(*running_.at("crm"));
    EXPECT_FALSE(direct.ok);
    EXPECT_THAT(direct.details, HasSubstr("the API refused ***"));
    EXPECT_THAT(direct.details, HasSubstr("to fix: put a new token in the configuration"));

    ConnectionChecks checks(clock_, logger_);
    checks.start(running_);
    checks.stop();
    const nlohmann::json status = checks.status("crm");
    EXPECT_EQ(status["ok"], false);
    EXPECT_THAT(status["details"].get<std::string>(), HasSubstr("the API refused ***"));
    EXPECT_THAT(log_.str(), HasSubstr("warning"));
    EXPECT_THAT(log_.str(), HasSubstr("connection 'crm' failed its check"));
    EXPECT_THAT(log_.str() + status.dump(), Not(HasSubstr(kToken)));
}

}  // namespace
}  // namespace ledgersync::app
