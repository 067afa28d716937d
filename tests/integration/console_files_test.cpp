// The web console's files as the host serves them (api/console_files.hpp): content types, the
// self-only Content-Security-Policy and nosniff, nothing outside the console's directory, and a
// clear answer when the directory is missing. The console itself runs in a browser in
// tests/browser/.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bus_scenario.hpp"
#include "http_request.hpp"
#include "temp_dir.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testing::BusScenario;
using testing::write_file;

class ConsoleFilesTest : public ::testing::Test {
protected:
    void start(const std::filesystem::path& console_dir) {
        s_.add_ledger("src");
        s_.config()["server"]["console_dir"] = console_dir.string();
        s_.start();
    }
    testing::HttpResult get(const std::string& path) { return testing::http_request("GET", s_.url() + path); }

    BusScenario s_;
};

TEST_F(ConsoleFilesTest, serves_its_files_with_their_types_a_self_only_policy_and_nothing_outside_its_directory) {
    const auto web = s_.path("web");
    write_file(web / "index.html", "<!doctype html><title>console</title>");
    write_file(web / "app.js", "export const answer = 42;");
    write_file(web / "app.css", "body { margin: 0; }");
    write_file(web / "notes.txt", "not a console file");
    write_file(s_.path("outside.js"), "secret");
    start(web);

    const auto index = get("/");
    ASSERT_EQ(index.status, 200) << index.body;
    EXPECT_EQ(index.body, "<!doctype html><title>console</title>");
    EXPECT_THAT(index.headers.at("Content-Type"), StartsWith("text/html"));
    EXPECT_THAT(index.headers.at("Content-Security-Policy"), HasSubstr("default-src 'self'"));
    EXPECT_THAT(index.headers.at("Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));
    EXPECT_EQ(index.headers.at("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(index.headers.count("Set-Cookie"), 0u);

    const auto script = get("/console/app.js");
    ASSERT_EQ(script.status, 200);
    EXPECT_THAT(script.headers.at("Content-Type"), StartsWith("text/javascript"));
    EXPECT_EQ(script.headers.at("X-Content-Type-Options"), "nosniff");
    EXPECT_THAT(get("/console/app.css?v=2").headers.at("Content-Type"), StartsWith("text/css"));

    for (const std::string path : {"/console/notes.txt", "/console/../outside.js", "/console/%2e%2e/outside.js",
                                   "/console/..%2foutside.js", "/console/", "/console/missing.js", "/console/APP.JS"}) {
        const auto refused = get(path);
        EXPECT_EQ(refused.status, 404) << path;
        EXPECT_THAT(refused.body, Not(HasSubstr("secret"))) << path;
    }
    // The API and health are still theirs.
    EXPECT_EQ(get("/healthz").status, 200);
    EXPECT_EQ(get("/api/v1/invoices").status, 401);
}

}  // namespace
}  // namespace ledgersync
