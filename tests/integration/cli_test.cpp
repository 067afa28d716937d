// The `ledgersync` command as users run it: real processes, real exit codes, real HTTP.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include <ledgersync/abi.h>
#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "http_request.hpp"
#include "temp_dir.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::run_command;

const std::string kBinary = LEDGERSYNC_BINARY;
const std::string kPlugins = LEDGERSYNC_TEST_PLUGIN_DIR;
const std::string kRefused = LEDGERSYNC_REFUSED_PLUGIN_DIR;

TEST(CliTest, prints_version_and_abi) {
    const auto r = run_command(kBinary, {"--version"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_THAT(r.out, ::testing::MatchesRegex("ledgersync [0-9]+\\.[0-9]+\\.[0-9]+ \\(plugin ABI 1\\.[0-9]+\\)\n"));
}

TEST(CliTest, every_subcommand_has_help) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--help"}, {"run", "--help"},
                                                {"plugins", "--help"}, {"config", "--help"}}) {
        const auto r = run_command(kBinary, args);
        EXPECT_EQ(r.exit_code, 0) << args[0];
        EXPECT_THAT(r.out, HasSubstr("usage: ledgersync")) << args[0];
    }
}

TEST(CliTest, usage_errors_exit_2) {
    EXPECT_EQ(run_command(kBinary, {}).exit_code, 2);
    EXPECT_EQ(run_command(kBinary, {"sync-everything"}).exit_code, 2);
    const auto r = run_command(kBinary, {"run"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("--config"));
}

TEST(CliTest, plugins_list_prints_id_kind_version_abi_and_path_without_loading) {
    testing::TempDir dir;
    // A manifest beside a file that would crash anyone who loaded it: list must not care.
    dir.write("unloaded.manifest.json", R"({"id":"unloaded","kind":"mapper","version":"3.2.1","abi":"1.1"})");
    dir.write("unloaded.so", "garbage");
    const auto r = run_command(kBinary, {"plugins", "list", "--plugin-dir", kPlugins, "--plugin-dir", dir.path().string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, ::testing::ContainsRegex("ID +KIND +VERSION +ABI +PATH"));
    // The test plugins are built against this SDK: its ABI.
    const std::string abi = std::to_string(LS_ABI_MAJOR) + "\\." + std::to_string(LS_ABI_MINOR);
    EXPECT_THAT(r.out, ::testing::ContainsRegex("echo +connector +1\\.0\\.0 +" + abi + " +" + kPlugins + "/echo\\.so"));
    EXPECT_THAT(r.out, ::testing::ContainsRegex("uppercase +mapper +1\\.0\\.0 +" + abi + " +"));
    EXPECT_THAT(r.out, ::testing::ContainsRegex("abi_1_0_connector +connector +0\\.3\\.0 +1\\.0 +"));
    EXPECT_THAT(r.out, ::testing::ContainsRegex("unloaded +mapper +3\\.2\\.1 +1\\.1 +" + dir.path().string()));

    const auto json = run_command(kBinary, {"plugins", "list", "--json", "--plugin-dir", kPlugins});
    const auto parsed = nlohmann::json::parse(json.out);
    EXPECT_GE(parsed["plugins"].size(), 3u);
}

TEST(CliTest, plugins_inspect_loads_one_plugin_and_shows_what_it_offers) {
    const auto r = run_command(kBinary, {"plugins", "inspect", "echo", "--plugin-dir", kPlugins});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("functions:    check read webhook write fetch"));
    EXPECT_THAT(r.out, HasSubstr("config schema:"));

    const auto old = run_command(kBinary, {"plugins", "inspect", "abi_1_0_connector", "--plugin-dir", kPlugins});
    EXPECT_EQ(old.exit_code, 0) << old.err;
    EXPECT_THAT(old.out, HasSubstr("abi:          1.0"));
    EXPECT_THAT(old.out, HasSubstr("functions:    check read write \n"));

    const auto missing = run_command(kBinary, {"plugins", "inspect", "nope", "--plugin-dir", kPlugins});
    EXPECT_EQ(missing.exit_code, 5);

    const auto refused = run_command(kBinary, {"plugins", "inspect", "abi_major_two", "--plugin-dir", kRefused});
    EXPECT_EQ(refused.exit_code, 4);
    EXPECT_THAT(refused.err, HasSubstr(kRefused + "/abi_major_two.so: plugin was built for ABI 2.0"));
}

TEST(CliTest, config_check_lists_every_problem_and_exits_3) {
    testing::TempDir dir;
    const auto file = dir.write("bad.json", R"({
        "plugins": {"paths": [")" + kPlugins + R"("]},
        "connections": {
            "a": {"plugin": "ecoh"},
            "b": {"plugin": "echo", "config": {"records": -1, "colour": "red"}},
            "c": {"plugin": "uppercase"}
        }
    })");
    const auto r = run_command(kBinary, {"config", "check", file.string()});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr("/connections/a/plugin: no plugin 'ecoh' was found in the plugin directories; did you mean 'echo'?"));
    EXPECT_THAT(r.err, HasSubstr("/connections/b/config/records: value -1 is out of range"));
    EXPECT_THAT(r.err, HasSubstr("/connections/b/config/colour: unknown key"));
    EXPECT_THAT(r.err, HasSubstr("/connections/c/plugin: plugin 'uppercase' is a mapper"));

    const auto unknown = dir.write("unknown.json", R"({"conections": {}})");
    const auto u = run_command(kBinary, {"config", "check", unknown.string()});
    EXPECT_EQ(u.exit_code, 3);
    EXPECT_THAT(u.err, HasSubstr("/conections: unknown key; did you mean \"connections\"?"));
}

TEST(CliTest, config_check_accepts_a_good_file_and_never_prints_secrets) {
    testing::TempDir dir;
    const auto file = dir.write("good.json", R"({
        "plugins": {"paths": [")" + kPlugins + R"("]},
        "connections": {"src": {"plugin": "echo", "config": {"records": 3, "stream": "${env:LS_STREAM_SECRET}"}}}
    })");
    const auto ok = run_command(kBinary, {"config", "check", file.string()}, {{"LS_STREAM_SECRET", "invoice"}});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_THAT(ok.out, HasSubstr("ok (1 connection(s)"));

    const auto missing = run_command(kBinary, {"config", "check", file.string()});
    EXPECT_EQ(missing.exit_code, 3);
    EXPECT_THAT(missing.err, HasSubstr("/connections/src/config/stream: environment variable LS_STREAM_SECRET is not set"));
}

TEST(CliTest, run_serves_healthz_on_loopback_and_stops_cleanly_on_sigint_and_sigterm) {
    for (int signo : {SIGINT, SIGTERM}) {
        testing::TempDir dir;
        const auto file = dir.write("run.json", R"({
            "server": {"listen": "127.0.0.1:0"},
            "plugins": {"paths": [")" + kPlugins + R"(", ")" + kRefused + R"("]},
            "connections": {
                "src": {"plugin": "echo", "config": {"records": 3}},
                "broken": {"plugin": "abi_major_two"}
            }
        })");
        testing::ChildProcess host(kBinary, {"run", "--config", file.string(), "--ready-file", (dir / "ready").string()},
                                   dir / "host.log");
        ASSERT_TRUE(testing::wait_for_file(dir / "ready", std::chrono::seconds(20))) << host.log();
        const auto ready = nlohmann::json::parse(testing::read_file(dir / "ready"));
        const std::string url = ready["url"];
        EXPECT_THAT(url, HasSubstr("http://127.0.0.1:"));

        const auto health = testing::http_request("GET", url + "/healthz");
        EXPECT_EQ(health.status, 200);
        const auto body = nlohmann::json::parse(health.body);
        EXPECT_EQ(body["status"], "degraded");  // the refused plugin did not take the host down
        EXPECT_EQ(body["connections"]["src"]["state"], "running");
        EXPECT_EQ(body["connections"]["broken"]["state"], "refused");
        EXPECT_THAT(body["connections"]["broken"]["reason"].get<std::string>(), HasSubstr("abi_major_two.so"));
        EXPECT_EQ(testing::http_request("GET", url + "/nowhere").status, 404);
        EXPECT_EQ(testing::http_request("POST", url + "/healthz").status, 405);

        host.signal(signo);
        const auto code = host.wait(std::chrono::seconds(20));
        ASSERT_TRUE(code.has_value()) << "host did not stop";
        EXPECT_EQ(*code, 0) << host.log();
        EXPECT_THAT(host.log(), HasSubstr("stopped cleanly"));
    }
}

TEST(CliTest, run_with_an_invalid_config_exits_3_before_starting) {
    testing::TempDir dir;
    const auto file = dir.write("bad.json", R"({"server": {"listen": "127.0.0.1:99999"}})");
    const auto r = run_command(kBinary, {"run", "--config", file.string()});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr("/server/listen"));
}

}  // namespace
}  // namespace ledgersync
