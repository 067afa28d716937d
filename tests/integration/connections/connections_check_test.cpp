// Checking connections against the HubSpot and QuickBooks sandboxes: `ledgersync connections
// check` (the real binary, its exit codes and output) and the check `ledgersync run` makes of
// each connection at start, shown in /healthz.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <map>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "http_request.hpp"
#include "hubspot_sandbox.hpp"
#include "qbo_sandbox.hpp"
#include "temp_dir.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;
using testing::CommandResult;

// Well-formed but unknown to the sandboxes: what a revoked or mistyped credential looks like.
constexpr const char* kBadHubSpotToken = "pat-na1-0badc0de-0000-4000-8000-000000000001";
constexpr const char* kBadRefreshToken = "AB11700000000bogusRefreshTokenNeverIssued0001";

/// A host configuration with a HubSpot connection ("hubspot", a private app) and a QuickBooks
/// one ("qbo"), their credentials given as ${env:...} references as an operator would.
class Connections {
public:
    Connections() {
        const auto keys = testing::run_command(LEDGERSYNC_BINARY, {"keys", "generate", (dir_ / "secret.key").string()});
        EXPECT_EQ(keys.exit_code, 0) << keys.err;
        json hubspot = hubspot_.private_app_config();
        env_["HUBSPOT_TOKEN"] = hubspot["private_app_token"];
        hubspot["private_app_token"] = "${env:HUBSPOT_TOKEN}";
        json qbo = qbo_.connector_config();
        env_["QBO_REFRESH_TOKEN"] = qbo["refresh_token"];
        qbo["refresh_token"] = "${env:QBO_REFRESH_TOKEN}";
        config_ = {
            {"data_dir", (dir_ / "data").string()},
            {"server", {{"listen", "127.0.0.1:0"}}},
            {"plugins", {{"paths", {LEDGERSYNC_BUILD_PLUGIN_DIR}}}},
            {"secrets", {{"key_file", (dir_ / "secret.key").string()}}},
            {"connections",
             {{"hubspot", {{"plugin", "hubspot"}, {"poll_interval_seconds", 3600}, {"config", hubspot}}},
              {"qbo", {{"plugin", "quickbooks"}, {"poll_interval_seconds", 3600}, {"config", qbo}}}}},
        };
    }
    ~Connections() {
        if (host_ && host_->running()) {
            host_->signal(SIGTERM);
            host_->wait(std::chrono::seconds(20));
        }
    }

    void bad_hubspot_token() { env_["HUBSPOT_TOKEN"] = kBadHubSpotToken; }
    void bad_qbo_refresh_token() { env_["QBO_REFRESH_TOKEN"] = kBadRefreshToken; }
    json& config() { return config_; }

    /// `ledgersync connections check ARGS... --config FILE`.
    CommandResult check(std::vector<std::string> args = {}) const {
        args.insert(args.begin(), {"connections", "check"});
        args.insert(args.end(), {"--config", config_file().string()});
        return testing::run_command(LEDGERSYNC_BINARY, args, env_);
    }

    /// Starts `ledgersync run` on the configuration; its URL.
    std::string run_host() {
        const auto ready = dir_ / "ready";
        host_ = std::make_unique<testing::ChildProcess>(
            LEDGERSYNC_BINARY, std::vector<std::string>{"run", "--config", config_file().string(), "--ready-file", ready.string()},
            dir_ / "host.log", env_);
        if (!testing::wait_for_file(ready, std::chrono::seconds(30))) return "";
        return json::parse(testing::read_file(ready)).at("url");
    }
    std::string host_log() const { return host_ ? host_->log() : std::string(); }

private:
    std::filesystem::path config_file() const { return dir_.write("ledgersync.json", config_.dump(2)); }

    testing::HubSpotSandbox hubspot_;
    testing::QboSandbox qbo_;
    testing::TempDir dir_;
    json config_;
    std::map<std::string, std::string> env_;
    std::unique_ptr<testing::ChildProcess> host_;
};

TEST(ConnectionsCheck, passes_for_good_hubspot_and_quickbooks_credentials) {
    Connections connections;
    const CommandResult r = connections.check();
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    // One block per connection, in the configuration's order, each with what its check verified.
    EXPECT_THAT(r.out, HasSubstr("hubspot (plugin hubspot): ok\n  connected to HubSpot at "));
    EXPECT_THAT(r.out, HasSubstr("qbo (plugin quickbooks): ok\n  connected to QuickBooks company '"));
    EXPECT_THAT(r.out, Not(HasSubstr("FAILED")));
}

TEST(ConnectionsCheck, fails_with_readable_details_and_without_the_secret_for_bad_tokens) {
    Connections connections;
    connections.bad_hubspot_token();
    connections.bad_qbo_refresh_token();
    const CommandResult r = connections.check();
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("hubspot (plugin hubspot): FAILED\n  HubSpot refused the access token"));
    EXPECT_THAT(r.out, HasSubstr("qbo (plugin quickbooks): FAILED\n  QuickBooks refused the refresh token (invalid_grant)"));
    EXPECT_THAT(r.err, HasSubstr("2 of 2 connection(s) failed the check"));
    for (const std::string secret : {kBadHubSpotToken, kBadRefreshToken}) {
        EXPECT_THAT(r.out, Not(HasSubstr(secret)));
        EXPECT_THAT(r.err, Not(HasSubstr(secret)));
    }
}

TEST(ConnectionsCheck, checks_only_the_connections_named) {
    Connections connections;
    connections.bad_hubspot_token();
    const CommandResult qbo = connections.check({"qbo"});
    EXPECT_EQ(qbo.exit_code, 0) << qbo.out << qbo.err;
    EXPECT_THAT(qbo.out, HasSubstr("qbo (plugin quickbooks): ok"));
    EXPECT_THAT(qbo.out, Not(HasSubstr("hubspot")));

    const CommandResult hubspot = connections.check({"hubspot", "qbo"});
    EXPECT_EQ(hubspot.exit_code, 1) << hubspot.out << hubspot.err;
    EXPECT_THAT(hubspot.out, HasSubstr("hubspot (plugin hubspot): FAILED"));
    EXPECT_THAT(hubspot.err, HasSubstr("1 of 2 connection(s) failed the check"));
}

TEST(ConnectionsCheck, an_unknown_name_a_missing_plugin_and_an_invalid_config_have_their_exit_codes) {
    Connections connections;
    connections.config()["connections"]["ghost"] = {{"plugin", "no_such_connector"}, {"config", json::object()}};

    const CommandResult unknown = connections.check({"qbo", "nope"});
    EXPECT_EQ(unknown.exit_code, 5) << unknown.out << unknown.err;
    EXPECT_THAT(unknown.err, HasSubstr("no connection named 'nope' is configured; configured connections: ghost, hubspot, qbo"));
    EXPECT_EQ(unknown.out, "");  // nothing is checked when a name is wrong

    const CommandResult ghost = connections.check({"ghost"});
    EXPECT_EQ(ghost.exit_code, 1) << ghost.out << ghost.err;
    EXPECT_THAT(ghost.out, HasSubstr("ghost (plugin no_such_connector): FAILED\n  /connections/ghost/plugin: "));

    connections.config()["connectionz"] = json::object();
    const CommandResult invalid = connections.check();
    EXPECT_EQ(invalid.exit_code, 3) << invalid.out << invalid.err;
    EXPECT_THAT(invalid.err, HasSubstr("invalid configuration"));
}

TEST(ConnectionsCheck, the_running_host_checks_each_connection_at_start_and_shows_it_in_healthz) {
    Connections connections;
    connections.bad_qbo_refresh_token();
    const std::string url = connections.run_host();
    ASSERT_FALSE(url.empty()) << connections.host_log();

    json health;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        const auto answer = testing::http_request("GET", url + "/healthz");
        ASSERT_EQ(answer.status, 200) << answer.body;
        health = json::parse(answer.body);
        json& c = health["connections"];
        if (!c["hubspot"]["check"]["ok"].is_null() && !c["qbo"]["check"]["ok"].is_null()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    json hubspot = health["connections"]["hubspot"];
    EXPECT_EQ(hubspot["check"]["ok"], true) << health.dump(2);
    EXPECT_THAT(hubspot["check"].value("details", ""), HasSubstr("connected to HubSpot at"));
    EXPECT_THAT(hubspot["check"].value("checked_at", ""), HasSubstr("T"));

    // A failed check leaves the connection running: its real calls decide whether it pauses.
    json qbo = health["connections"]["qbo"];
    EXPECT_EQ(qbo["state"], "running") << health.dump(2);
    EXPECT_EQ(qbo["check"]["ok"], false) << health.dump(2);
    EXPECT_THAT(qbo["check"].value("details", ""), HasSubstr("QuickBooks refused the refresh token (invalid_grant)"));
    EXPECT_THAT(health.dump(), Not(HasSubstr(kBadRefreshToken)));

    const std::string log = connections.host_log();
    EXPECT_THAT(log, HasSubstr("connection 'hubspot' passed its check: connected to HubSpot"));
    EXPECT_THAT(log, HasSubstr("connection 'qbo' failed its check"));
    EXPECT_THAT(log, Not(HasSubstr(kBadRefreshToken)));
}

}  // namespace
}  // namespace ledgersync
