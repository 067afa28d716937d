#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "config/secret_resolver.hpp"
#include "temp_dir.hpp"

namespace ledgersync::config {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

std::string problems_of(const json& document, const std::filesystem::path& file = "/etc/ledgersync/ledgersync.json") {
    try {
        parse_host_config(document, file);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(HostConfigTest, reads_a_complete_configuration) {
    testing::TempDir dir;
    const auto config = parse_host_config(json::parse(R"({
        "$comment": "annotations are allowed",
        "data_dir": "state",
        "plugins": {"paths": ["plugins", "/opt/partner/plugins"]},
        "log": {"level": "debug"},
        "server": {"listen": "[::1]:9090"},
        "connections": {
            "qbo-main": {"plugin": "quickbooks", "poll_interval_seconds": 30, "config": {"realm_id": "123"},
                         "rate_limits": {"default": {"requests": 250, "per_seconds": 60, "concurrency": 5}}},
            "spare": {"plugin": "echo", "enabled": false}
        }
    })"), dir / "ledgersync.json");
    EXPECT_EQ(config.data_dir, dir / "state");
    ASSERT_EQ(config.plugin_paths.size(), 2u);
    EXPECT_EQ(config.plugin_paths[0], dir / "plugins");
    EXPECT_EQ(config.plugin_paths[1], "/opt/partner/plugins");
    EXPECT_EQ(config.log_level, services::LogLevel::debug);
    EXPECT_EQ(config.server.host, "::1");
    EXPECT_EQ(config.server.port, 9090);
    ASSERT_EQ(config.connections.size(), 2u);
    const auto& qbo = config.connections.at("qbo-main");
    EXPECT_EQ(qbo.plugin, "quickbooks");
    EXPECT_EQ(qbo.poll_interval_seconds, 30);
    EXPECT_EQ(qbo.config["realm_id"], "123");
    EXPECT_EQ(qbo.config_path, "/connections/qbo-main/config");
    ASSERT_EQ(qbo.rate_limits.size(), 1u);
    EXPECT_EQ(qbo.rate_limits[0].name, "default");
    EXPECT_EQ(qbo.rate_limits[0].requests, 250);
    EXPECT_EQ(qbo.rate_limits[0].concurrency, 5);
    EXPECT_FALSE(config.connections.at("spare").enabled);
}

TEST(HostConfigTest, the_store_is_sqlite_by_default_or_postgresql_with_a_dsn_kept_secret) {
    EXPECT_EQ(parse_host_config(json::object(), "/tmp/x.json").store.engine, StoreConfig::Engine::sqlite);
    ::setenv("LEDGERSYNC_TEST_PG_DSN", "host=db dbname=ls password=s3cret", 1);
    const auto config = parse_host_config(json::parse(R"({"store": {"postgresql": {"dsn": "${env:LEDGERSYNC_TEST_PG_DSN}"}}})"),
                                          "/tmp/x.json");
    EXPECT_EQ(config.store.engine, StoreConfig::Engine::postgresql);
    EXPECT_EQ(config.store.postgresql_dsn, "host=db dbname=ls password=s3cret");
    EXPECT_THAT(config.resolved_secrets, ::testing::Contains("host=db dbname=ls password=s3cret"));

    const std::string text = problems_of(json::parse(R"({"store": {"sqlite": {}, "postgresql": {"dns": "x"}}})"));
    EXPECT_THAT(text, HasSubstr("/store/postgresql/dns: unknown key; did you mean \"dsn\"?"));
    EXPECT_THAT(text, HasSubstr("/store/postgresql/dsn: required key is missing"));
    EXPECT_THAT(text, HasSubstr("/store: set store.sqlite or store.postgresql, not both"));
    EXPECT_THAT(problems_of(json::parse(R"({"store": {"postgresql": {"dsn": ""}}})")),
                HasSubstr("/store/postgresql/dsn: is empty"));
}

TEST(HostConfigTest, defaults_to_loopback) {
    const auto config = parse_host_config(json::object(), "/tmp/x.json");
    EXPECT_EQ(config.server.host, "127.0.0.1");
    EXPECT_EQ(config.server.port, 8787);
}

TEST(HostConfigTest, names_every_unknown_key_by_its_json_path_with_a_suggestion) {
    const std::string text = problems_of(json::parse(R"({
        "servr": {},
        "connections": {"qbo": {"plugin": "quickbooks", "confg": {}}}
    })"));
    EXPECT_THAT(text, HasSubstr("/etc/ledgersync/ledgersync.json: 2 problems"));
    EXPECT_THAT(text, HasSubstr("/servr: unknown key; did you mean \"server\"?"));
    EXPECT_THAT(text, HasSubstr("/connections/qbo/confg: unknown key; did you mean \"config\"?"));
}

TEST(HostConfigTest, explains_wrong_types_missing_keys_and_bad_values_all_at_once) {
    const std::string text = problems_of(json::parse(R"({
        "server": {"listen": "localhost"},
        "log": {"level": "loud"},
        "connections": {"Bad Name": {"enabled": "yes"}, "x": {"plugin": "echo", "poll_interval_seconds": 0}}
    })"));
    EXPECT_THAT(text, HasSubstr("/server/listen: \"localhost\" is not HOST:PORT"));
    EXPECT_THAT(text, HasSubstr("/log/level: \"loud\" is not allowed; use one of debug, info, warning, error"));
    EXPECT_THAT(text, HasSubstr("/connections/Bad Name: connection name \"Bad Name\" is not allowed"));
    EXPECT_THAT(text, HasSubstr("/connections/Bad Name/plugin: required key is missing"));
    EXPECT_THAT(text, HasSubstr("/connections/Bad Name/enabled: expected true or false, got string \"yes\""));
    EXPECT_THAT(text, HasSubstr("/connections/x/poll_interval_seconds: value 0 is out of range"));
}

TEST(HostConfigTest, reports_malformed_json_with_its_position) {
    testing::TempDir dir;
    const auto file = dir.write("bad.json", "{\n  \"server\": {,}\n}\n");
    try {
        load_host_config(file);
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_THAT(e.what(), HasSubstr(file.string()));
        EXPECT_THAT(e.what(), HasSubstr("not valid JSON"));
        EXPECT_THAT(e.what(), HasSubstr("line 2"));
    }
}

TEST(SecretResolverTest, resolves_env_and_file_references_and_returns_them_for_masking) {
    testing::TempDir dir;
    std::filesystem::permissions(dir.write("secrets/qbo_secret", "s3cr3t-from-file\n"), std::filesystem::perms::owner_read);
    json document = json::parse(R"({"a": "${env:LS_TEST_TOKEN}", "b": ["${file:secrets/qbo_secret}"], "c": "plain"})");
    sdk::ConfigProblems problems;
    const auto secrets = SecretResolver(dir.path(), [](const char* name) -> const char* {
        return std::string(name) == "LS_TEST_TOKEN" ? "tok-123" : nullptr;
    }).resolve(document, problems);
    EXPECT_TRUE(problems.empty()) << problems.to_string();
    EXPECT_EQ(document["a"], "tok-123");
    EXPECT_EQ(document["b"][0], "s3cr3t-from-file");
    EXPECT_EQ(document["c"], "plain");
    EXPECT_THAT(secrets, ::testing::UnorderedElementsAre("tok-123", "s3cr3t-from-file"));
}

TEST(SecretResolverTest, names_the_key_of_each_reference_it_cannot_resolve) {
    testing::TempDir dir;
    json document = json::parse(R"({"conn": {"secret": "${env:LS_NOT_SET_ANYWHERE}", "key": "${file:nope}",
                                             "half": "Bearer ${env:X}"}})");
    sdk::ConfigProblems problems;
    SecretResolver(dir.path(), [](const char*) -> const char* { return nullptr; }).resolve(document, problems);
    const std::string text = problems.to_string();
    EXPECT_THAT(text, HasSubstr("/conn/secret: environment variable LS_NOT_SET_ANYWHERE is not set; export"));
    EXPECT_THAT(text, HasSubstr("/conn/key: secret file " + (dir / "nope").string() + " does not exist; create it"));
    EXPECT_THAT(text, HasSubstr("/conn/half: \"Bearer ${env:X}\" looks like a secret reference but is not one"));
}

TEST(SecretResolverTest, a_secret_file_others_can_read_or_too_large_to_be_a_secret_is_refused) {
    testing::TempDir dir;
    const auto readable = dir.write("readable", "client-secret\n");
    std::filesystem::permissions(readable, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                               std::filesystem::perms::others_read);
    const auto huge = dir.write("huge", std::string(64 * 1024 + 1, 'x'));
    std::filesystem::permissions(huge, std::filesystem::perms::owner_read);
    json document = json::parse(R"({"open": "${file:readable}", "huge": "${file:huge}", "dir": "${file:.}"})");
    sdk::ConfigProblems problems;
    const auto secrets = SecretResolver(dir.path()).resolve(document, problems);
    const std::string text = problems.to_string();
    EXPECT_THAT(text, HasSubstr("/open: secret file " + readable.string() + " is accessible to other users (mode 0604); "
                                "restrict it with `chmod 600 " + readable.string() + "`"));
    EXPECT_THAT(text, HasSubstr("/huge: secret file " + huge.string() + " is larger than 65536 bytes"));
    EXPECT_THAT(text, HasSubstr("/dir: secret file"));
    EXPECT_THAT(text, HasSubstr("is not a regular file"));
    EXPECT_THAT(text, ::testing::Not(HasSubstr("client-secret")));
    EXPECT_TRUE(secrets.empty());
}

TEST(HostConfigTest, the_console_directory_is_taken_from_the_config_file_and_must_hold_the_console) {
    testing::TempDir dir;
    dir.write("web/index.html", "<!doctype html>");
    const auto config = parse_host_config(json::parse(R"({"server": {"console_dir": "web"}})"), dir / "ledgersync.json");
    EXPECT_EQ(config.server.console_dir, dir / "web");
    EXPECT_TRUE(parse_host_config(json::object(), dir / "ledgersync.json").server.console_dir.empty());

    const std::string text = problems_of(json::parse(R"({"server": {"console_dir": "/nowhere/web"}})"));
    EXPECT_THAT(text, HasSubstr("/server/console_dir: \"/nowhere/web\" holds no index.html"));
    EXPECT_THAT(text, HasSubstr("host/web in a checkout"));
}

TEST(HostConfigTest, reads_the_server_limits_and_a_connections_unsigned_webhooks) {
    const auto config = parse_host_config(json::parse(R"({
        "server": {"threads": 8, "max_queued": 32, "header_timeout_seconds": 5, "body_timeout_seconds": 7,
                   "keep_alive_seconds": 0, "webhook_inbox_limit": 100},
        "connections": {"shop": {"plugin": "ledger", "webhooks": {"allow_unsigned": true}},
                        "qbo": {"plugin": "quickbooks"}}
    })"), "/etc/ledgersync/ledgersync.json");
    EXPECT_EQ(config.server.threads, 8);
    EXPECT_EQ(config.server.max_queued, 32);
    EXPECT_EQ(config.server.header_timeout_seconds, 5);
    EXPECT_EQ(config.server.body_timeout_seconds, 7);
    EXPECT_EQ(config.server.keep_alive_seconds, 0);
    EXPECT_EQ(config.server.webhook_inbox_limit, 100);
    EXPECT_TRUE(config.connections.at("shop").webhooks_allow_unsigned);
    EXPECT_FALSE(config.connections.at("qbo").webhooks_allow_unsigned);

    const std::string problems = problems_of(json::parse(R"({
        "server": {"threads": 1, "header_timeout_seconds": 0},
        "connections": {"shop": {"plugin": "ledger", "webhooks": {"allow_unsigend": true}}}
    })"));
    EXPECT_THAT(problems, HasSubstr("/server/threads"));
    EXPECT_THAT(problems, HasSubstr("/server/header_timeout_seconds"));
    EXPECT_THAT(problems, HasSubstr("/connections/shop/webhooks/allow_unsigend"));
    EXPECT_THAT(problems, HasSubstr("allow_unsigned"));  // the closest known key is suggested
}

}  // namespace
}  // namespace ledgersync::config
