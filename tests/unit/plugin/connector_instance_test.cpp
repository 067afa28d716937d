// The connector threading contract and secret masking, at the host side of the ABI: a plugin
// written here in C terms watches how the host calls it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>

#include <ledgersync/abi.h>
#include <ledgersync/sdk/bytes.hpp>
#include <ledgersync/sdk/outcome.hpp>

#include "plugin/connector_instance.hpp"
#include "probe_connector.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"

namespace ledgersync::plugin {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

/// What the probe plugin saw: how many calls were inside it at once.
struct Probe {
    std::mutex mutex;
    std::condition_variable changed;
    int inbound = 0;  ///< read() and webhook() calls inside the plugin now
    int most_inbound = 0;
    int writes = 0;  ///< write() calls inside the plugin now
    int most_writes = 0;
    std::string failure;  ///< when set, webhook() and write() report it

    void enter(int& now, int& most) {
        std::lock_guard lock(mutex);
        most = std::max(most, ++now);
        changed.notify_all();
    }
    void leave(int& now) {
        std::lock_guard lock(mutex);
        --now;
        changed.notify_all();
    }
    /// Waits (bounded) for `condition`: long enough for an overlapping call to arrive.
    template <class Condition>
    void wait_for(std::chrono::milliseconds limit, Condition condition) {
        std::unique_lock lock(mutex);
        changed.wait_for(lock, limit, condition);
    }
};
Probe probe;

ls_status probe_create(const ls_host_services*, ls_host_context*, ls_bytes, ls_instance** instance, ls_output*) {
    static int token = 0;
    *instance = reinterpret_cast<ls_instance*>(&token);
    return LS_STATUS_OK;
}
void probe_destroy(ls_instance*) {}

// read() stays inside until a webhook() joins it, or for 500 ms: a host that lets them overlap
// is caught, one that serialises them makes the webhook wait.
ls_status probe_read(ls_instance*, ls_bytes, ls_output* out) {
    probe.enter(probe.inbound, probe.most_inbound);
    probe.wait_for(500ms, [] { return probe.inbound > 1; });
    probe.leave(probe.inbound);
    sdk::OutputWriter(out).append(R"({"records": [], "cursor": null, "has_more": false})");
    return LS_STATUS_OK;
}

ls_status probe_webhook(ls_instance*, const ls_http_request*, ls_output* out) {
    probe.enter(probe.inbound, probe.most_inbound);
    probe.leave(probe.inbound);
    if (!probe.failure.empty()) {
        sdk::OutputWriter(out).fail(LS_STATUS_DATA, probe.failure);
        return LS_STATUS_DATA;
    }
    sdk::OutputWriter(out).append(R"({"records": []})");
    return LS_STATUS_OK;
}

// write() stays inside until a second write() joins it (bounded).
ls_status probe_write(ls_instance*, ls_bytes, ls_output* out) {
    probe.enter(probe.writes, probe.most_writes);
    probe.wait_for(10s, [] { return probe.writes > 1 || !probe.failure.empty(); });
    probe.leave(probe.writes);
    const std::string reason = probe.failure.empty() ? "" : probe.failure;
    if (reason.empty()) {
        sdk::OutputWriter(out).append(R"({"outcomes": [{"status": "ok", "target_id": "T1"}]})");
    } else {
        sdk::OutputWriter(out).append(R"({"outcomes": [{"status": "data", "reason": ")" + reason +
                                      R"(", "fix_hint": "rotate )" + reason + R"("}]})");
    }
    return LS_STATUS_OK;
}

class ConnectorInstanceTest : public ::testing::Test {
protected:
    ConnectorInstanceTest() : logger_(log_), clock_(1'700'000'000'000) {
        services_.logger = &logger_;
        services_.metrics = &metrics_;
        services_.clock = &clock_;
        vtable_.create = &probe_create;
        vtable_.destroy = &probe_destroy;
        vtable_.read = &probe_read;
        vtable_.webhook = &probe_webhook;
        vtable_.write = &probe_write;
        const auto loaded = testing::probe_connector(descriptor_, vtable_);
        connector_ = ConnectorInstance::create(loaded, "probe", nlohmann::json::object(), "/connections/probe/config", services_);
        std::lock_guard lock(probe.mutex);
        probe.inbound = probe.most_inbound = probe.writes = probe.most_writes = 0;
        probe.failure.clear();
    }

    static sdk::WriteItem item(const std::string& id) {
        sdk::WriteItem write;
        write.idempotency_key = "key-" + id;
        write.operation = "create";
        write.record.identity = {"probe", "probe", "invoice", id};
        return write;
    }

    std::ostringstream log_;
    services::Logger logger_;
    services::MetricsRegistry metrics_;
    services::ManualClock clock_;
    PluginServices services_;
    ls_connector_vtable vtable_{};
    ls_plugin_descriptor descriptor_{};
    std::unique_ptr<ConnectorInstance> connector_;
};

TEST_F(ConnectorInstanceTest, read_and_webhook_of_one_instance_never_run_at_the_same_time) {
    std::thread reader([&] { connector_->read({"invoice", std::nullopt}); });
    probe.wait_for(10s, [] { return probe.inbound == 1; });  // read() is inside the plugin
    std::thread hook([&] { connector_->webhook(sdk::HttpRequest{"POST", "/webhooks/probe", {}, "{}", {}, {}, 1}); });
    reader.join();
    hook.join();
    EXPECT_EQ(probe.most_inbound, 1) << "webhook() entered the plugin while read() was still inside it";
}

TEST_F(ConnectorInstanceTest, writes_of_one_instance_may_run_at_the_same_time) {
    // The contract lets delivery workers write batches of different objects in parallel: a
    // connector must not be given a lock it did not ask for, which would serialise QBO's batches.
    std::thread first([&] { connector_->write({item("A")}); });
    std::thread second([&] { connector_->write({item("B")}); });
    first.join();
    second.join();
    EXPECT_EQ(probe.most_writes, 2);
}

TEST_F(ConnectorInstanceTest, reasons_a_plugin_returns_are_masked_before_the_host_keeps_them) {
    logger_.replace_secrets("state probe/token", {R"({"access_token": "tok-0123456789abcdef"})"});
    probe.failure = "the API refused tok-0123456789abcdef";

    const auto outcomes = connector_->write({item("A")});
    ASSERT_EQ(outcomes.size(), 1u);
    EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::data);
    EXPECT_THAT(outcomes[0].reason, Not(HasSubstr("tok-0123456789abcdef")));
    EXPECT_THAT(outcomes[0].reason, HasSubstr("the API refused ***"));
    EXPECT_THAT(outcomes[0].fix_hint, Not(HasSubstr("0123456789abcdef")));

    try {
        connector_->webhook(sdk::HttpRequest{"POST", "/webhooks/probe", {}, "{}", {}, {}, 1});
        ADD_FAILURE() << "the webhook failure was not reported";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::data);
        EXPECT_THAT(e.outcome().reason, Not(HasSubstr("tok-0123456789abcdef")));
        EXPECT_THAT(std::string(e.what()), Not(HasSubstr("tok-0123456789abcdef")));
    }
}

}  // namespace
}  // namespace ledgersync::plugin
