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
                                                {"plugins", "--help"}, {"config", "--help"},
                                                {"connections", "check", "--help"}}) {
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
    EXPECT_THAT(r.out, ::testing::ContainsRegex("ID +KIND +VERSION +ABI +STATUS +PATH"));
    // The test plugins are built against this SDK: its ABI.
    const std::string abi = std::to_string(LS_ABI_MAJOR) + "\\." + std::to_string(LS_ABI_MINOR);
    EXPECT_THAT(r.out, ::testing::ContainsRegex("echo +connector +1\\.0\\.0 +" + abi + " +ok +" + kPlugins + "/echo\\.so"));
    EXPECT_THAT(r.out, ::testing::ContainsRegex("uppercase +mapper +1\\.0\\.0 +" + abi + " +ok +"));
    EXPECT_THAT(r.out, ::testing::ContainsRegex("abi_1_0_connector +connector +0\\.3\\.0 +1\\.0 +ok +"));
    EXPECT_THAT(r.out, ::testing::ContainsRegex("unloaded +mapper +3\\.2\\.1 +1\\.1 +ok +" + dir.path().string()));
    EXPECT_THAT(r.out, HasSubstr("searched, in order:\n  " + kPlugins + "\n  " + dir.path().string() + "\n"));

    const auto json = run_command(kBinary, {"plugins", "list", "--json", "--plugin-dir", kPlugins});
    const auto parsed = nlohmann::json::parse(json.out);
    EXPECT_GE(parsed["plugins"].size(), 3u);
}

TEST(CliTest, plugins_list_marks_what_the_host_cannot_load_with_the_reason) {
    testing::TempDir dir;
    dir.write("dotted.manifest.json", R"({"id":"dotted","kind":"mapper","version":"1.0.0","abi":"1.2.0"})");
    dir.write("dotted.so", "never loaded");
    const auto r = run_command(kBinary, {"plugins", "list", "--plugin-dir", kRefused, "--plugin-dir",
                                         dir.path().string(), "--plugin-dir", (dir / "absent").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, ::testing::ContainsRegex("abi_major_two +connector +1\\.0\\.0 +2\\.0 +refused +"));
    EXPECT_THAT(r.out, ::testing::ContainsRegex("abi_minor_newer +connector +1\\.0\\.0 +1\\.9 +refused +"));
    EXPECT_THAT(r.out, ::testing::ContainsRegex("dotted +- +- +- +refused +" + dir.path().string()));
    EXPECT_THAT(r.out, HasSubstr("refused, the host cannot load these:"));
    EXPECT_THAT(r.out, HasSubstr("abi_major_two: plugin was built for ABI 2.0 but this host speaks ABI"));
    EXPECT_THAT(r.out, HasSubstr("abi_minor_newer: plugin was built for ABI 1.9, newer than this host's ABI"));
    EXPECT_THAT(r.out, HasSubstr("dotted: invalid manifest: /abi: \"1.2.0\" is not an ABI version; write it as MAJOR.MINOR"));
    EXPECT_THAT(r.out, HasSubstr((dir / "absent").string() + "  (does not exist)"));

    const auto json = nlohmann::json::parse(
        run_command(kBinary, {"plugins", "list", "--json", "--plugin-dir", kRefused}).out);
    bool refused_seen = false;
    for (const auto& p : json["plugins"]) {
        if (p["id"] == "abi_major_two") {
            refused_seen = true;
            EXPECT_FALSE(p["usable"].get<bool>());
            EXPECT_THAT(p["refusal"].get<std::string>(), HasSubstr("ABI 2.0"));
        }
    }
    EXPECT_TRUE(refused_seen);
    EXPECT_EQ(json["searched"][0]["path"], kRefused);
}

TEST(CliTest, subcommand_help_shows_no_internal_options) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"plugins", "--help"},
                                                {"config", "--help"}, {"failures", "--help"}, {"map", "--help"}}) {
        const auto r = run_command(kBinary, args);
        EXPECT_EQ(r.exit_code, 0) << args[0];
        EXPECT_THAT(r.out, Not(HasSubstr("--action"))) << args[0];
        EXPECT_THAT(r.out, Not(HasSubstr("--name arg"))) << args[0];
        EXPECT_THAT(r.out, Not(HasSubstr("--file arg"))) << args[0];
    }
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

    const auto mapper = run_command(kBinary, {"plugins", "inspect", "uppercase", "--plugin-dir", kPlugins});
    EXPECT_EQ(mapper.exit_code, 0) << mapper.err;
    EXPECT_THAT(mapper.out, HasSubstr("functions:    map"));
    EXPECT_THAT(mapper.out, Not(HasSubstr("capabilities")));  // streams and batch sizes are a connector's

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
    EXPECT_THAT(r.err, HasSubstr("/connections/a/plugin: no connector plugin 'ecoh' was found in the plugin directories; did you mean 'echo'?"));
    EXPECT_THAT(r.err, HasSubstr("/connections/b/config/records: value -1 is out of range"));
    EXPECT_THAT(r.err, HasSubstr("/connections/b/config/colour: unknown key"));
    EXPECT_THAT(r.err, HasSubstr("/connections/c/plugin: plugin 'uppercase' is a mapper"));

    const auto unknown = dir.write("unknown.json", R"({"conections": {}})");
    const auto u = run_command(kBinary, {"config", "check", unknown.string()});
    EXPECT_EQ(u.exit_code, 3);
    EXPECT_THAT(u.err, HasSubstr("/conections: unknown key; did you mean \"connections\"?"));
}

TEST(CliTest, config_check_constructs_every_route_mapper_and_reports_each_problem_at_its_path) {
    testing::TempDir dir;
    const auto file = dir.write("routes.json", R"({
        "plugins": {"paths": [")" + kPlugins + R"(", ")" + kRefused + R"("]},
        "connections": {"src": {"plugin": "echo"}, "dst": {"plugin": "echo"}},
        "routes": [
            {"name": "good", "from": "src.invoice", "to": "dst.invoice",
             "via": [{"mapper": "uppercase", "config": {"fields": ["memo"]}}]},
            {"name": "bad", "from": "src.invoice", "to": "dst.invoice",
             "via": [{"mapper": "uppercase", "config": {}},
                     {"mapper": "uppercase", "config": {"fields": ["memo"], "colour": "red"}},
                     {"mapper": "upercase"},
                     {"mapper": "echo"},
                     {"mapper": "manifest_mismatch"}]}
        ]
    })");
    const auto r = run_command(kBinary, {"config", "check", file.string()});
    EXPECT_EQ(r.exit_code, 3) << r.out;
    EXPECT_THAT(r.err, HasSubstr("5 problems"));
    EXPECT_THAT(r.err, HasSubstr("/routes/1/via/0/config/fields: required key is missing"));
    EXPECT_THAT(r.err, HasSubstr("/routes/1/via/1/config/colour: unknown key"));
    EXPECT_THAT(r.err, HasSubstr("/routes/1/via/2/mapper: no mapper plugin 'upercase' was found in the plugin directories; did you mean 'uppercase'?"));
    EXPECT_THAT(r.err, HasSubstr("/routes/1/via/3/mapper: plugin 'echo' is a connector; a route step (via) needs a mapper plugin"));
    EXPECT_THAT(r.err, HasSubstr("/routes/1/via/4/mapper: " + kRefused + "/manifest_mismatch.so: the library says version"));
    EXPECT_THAT(r.err, Not(HasSubstr("/routes/0/")));

    const auto good = dir.write("good.json", R"({
        "plugins": {"paths": [")" + kPlugins + R"("]},
        "connections": {"src": {"plugin": "echo"}, "dst": {"plugin": "echo"}},
        "routes": [{"name": "good", "from": "src.invoice", "to": "dst.invoice",
                    "via": [{"mapper": "uppercase", "config": {"fields": ["memo"]}}]}]
    })");
    const auto ok = run_command(kBinary, {"config", "check", good.string()});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_THAT(ok.out, HasSubstr("ok (2 connection(s), 1 route(s)"));
}

TEST(CliTest, config_check_names_an_invalid_manifest_instead_of_saying_no_plugin_found) {
    testing::TempDir dir;
    dir.write("dotted.manifest.json", R"({"id":"dotted","kind":"connector","version":"1.0.0","abi":"1.2.0"})");
    const auto file = dir.write("c.json", R"({
        "plugins": {"paths": [")" + dir.path().string() + R"("]},
        "connections": {"a": {"plugin": "dotted"}}
    })");
    const auto r = run_command(kBinary, {"config", "check", file.string()});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr("/connections/a/plugin: plugin 'dotted' cannot be used: "));
    EXPECT_THAT(r.err, HasSubstr("/abi: \"1.2.0\" is not an ABI version; write it as MAJOR.MINOR"));
}

TEST(CliTest, map_runs_a_mapper_offline_and_reports_each_failed_record) {
    testing::TempDir dir;
    const std::string invoice = R"({"identity":{"system":"src","connection":"src","type":"invoice","id":"ID"},"operation":"upsert","version":"1","schema":{"id":"ledgersync.invoice","version":1},"body":{"number":"n-1",CUSTOMER"currency":"USD","issue_date":"2026-01-05","source_system":"src","updated_at":"2026-01-05T08:00:00Z","lines":[{"kind":"item","description":"Widget","quantity":"3","unit_price":"0.10","amount":"0.30"}],"memo":"thanks","totals":{"subtotal":"0.30","discount":"0.00","tax":"0.00","total":"0.30","amount_paid":"0.00","balance_due":"0.30"}},"links":[]})";
    auto line = [&](const std::string& id, const std::string& customer) {
        std::string text = invoice;
        text.replace(text.find("ID"), 2, id);
        text.replace(text.find("CUSTOMER"), 8, customer);
        return text + "\n";
    };
    // Line 3's customer is an object (line 1 is a draft without one), which the mapper refuses to
    // upper-case: a data failure.
    const std::string draft = R"("status":"draft",)";
    const std::string open = R"("status":"open","customer":{"type":"customer","id":"c-7"},)";
    const auto input = dir.write("in.jsonl", line("1", draft) + "\n" + line("2", open) +
                                                 "not json\n");
    const auto config = dir.write("mapper.json", R"({"fields": ["memo", "customer"]})");
    const auto r = run_command(kBinary, {"map", "--plugin", "uppercase", "--plugin-dir", kPlugins, "--config",
                                         config.string(), "--input", input.string()});
    EXPECT_EQ(r.exit_code, 6) << r.err;
    const auto first = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
    EXPECT_EQ(first["body"]["memo"], "THANKS");
    EXPECT_EQ(first["body"]["lines"][0]["unit_price"], "0.10");  // amounts exactly as received
    EXPECT_THAT(r.err, HasSubstr(input.string() + ":3: src/invoice/2: data: mapper uppercase (step 1): src/invoice/2: field 'customer' is object"));
    EXPECT_THAT(r.err, HasSubstr("  fix: remove 'customer' from the mapper's fields"));
    EXPECT_THAT(r.err, HasSubstr(input.string() + ":4: not JSON"));
    EXPECT_THAT(r.err, HasSubstr("map: 3 records read, 1 written, 2 failed"));

    // A route's chain, taken from a host config.
    const auto host = dir.write("host.json", R"({
        "plugins": {"paths": [")" + kPlugins + R"("]},
        "connections": {"src": {"plugin": "echo"}, "dst": {"plugin": "echo"}},
        "routes": [{"name": "loud", "from": "src.invoice", "to": "dst.invoice",
                    "via": [{"mapper": "uppercase", "config": {"fields": ["memo"]}},
                            {"mapper": "uppercase", "config": {"fields": ["number"]}}]}]
    })");
    const auto good = dir.write("good.jsonl", line("1", draft));
    const auto routed = run_command(kBinary, {"map", "--route", "loud", "--config", host.string(), "--input", good.string()});
    EXPECT_EQ(routed.exit_code, 0) << routed.err;
    const auto mapped = nlohmann::json::parse(routed.out);
    EXPECT_EQ(mapped["body"]["memo"], "THANKS");
    EXPECT_EQ(mapped["body"]["number"], "N-1");

    const auto unknown = run_command(kBinary, {"map", "--route", "quiet", "--config", host.string(), "--input", good.string()});
    EXPECT_EQ(unknown.exit_code, 5);
    EXPECT_THAT(unknown.err, HasSubstr("has no route 'quiet'; its routes: loud"));
    const auto bad_config = dir.write("bad.json", R"({"feilds": ["memo"]})");
    const auto refused = run_command(kBinary, {"map", "--plugin", "uppercase", "--plugin-dir", kPlugins, "--config",
                                               bad_config.string(), "--input", good.string()});
    EXPECT_EQ(refused.exit_code, 3);
    EXPECT_THAT(refused.err, HasSubstr("/feilds: unknown key; did you mean \"fields\"?"));
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
