// The host's server over TLS with a self-signed certificate the test makes (openssl CLI), and
// the configuration's refusal of plain HTTP off loopback.

#include <cstdlib>
#include <sstream>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/admin/admin_tokens.hpp"
#include "bus_scenario.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"

namespace ledgersync {
namespace {

using json = nlohmann::json;
using testing::BusScenario;
using ::testing::HasSubstr;
using ::testing::StartsWith;

/// Writes a self-signed certificate for 127.0.0.1 and its key into `dir`.
void make_certificate(const std::filesystem::path& dir) {
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                                "-addext subjectAltName=IP:127.0.0.1 -keyout '" + (dir / "key.pem").string() +
                                "' -out '" + (dir / "cert.pem").string() + "' 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

/// GET `path` over HTTPS, trusting only `ca_file`; returns status and body.
std::pair<int, std::string> https_get(const std::string& url, const std::string& path, const std::string& ca_file,
                                      const std::string& token = {}) {
    const Poco::URI uri(url);
    Poco::Net::Context::Params params;
    params.caLocation = ca_file;
    params.loadDefaultCAs = false;
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort(), context);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) request.set("Authorization", "Bearer " + token);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::ostringstream body;
    Poco::StreamCopier::copyStream(in, body);
    return {static_cast<int>(response.getStatus()), body.str()};
}

TEST(AdminApiTls, serves_https_with_the_configured_certificate_and_refuses_plain_http) {
    BusScenario s;
    make_certificate(s.path(""));
    const std::string token = api::admin::AdminTokens::generate();
    s.config()["server"]["tls"] = {{"certificate_file", s.path("cert.pem").string()}, {"key_file", s.path("key.pem").string()}};
    s.config()["admin_api"] = {{"tokens", {{{"name", "viewer"}, {"sha256", api::admin::AdminTokens::hash(token)}}}}};
    s.start();
    ASSERT_THAT(s.url(), StartsWith("https://127.0.0.1:"));

    const auto ready = https_get(s.url(), "/readyz", s.path("cert.pem").string());
    EXPECT_EQ(ready.first, 200) << ready.second;
    const auto invoices = https_get(s.url(), "/api/v1/invoices", s.path("cert.pem").string(), token);
    EXPECT_EQ(invoices.first, 200) << invoices.second;
    EXPECT_EQ(json::parse(invoices.second).at("total"), 0);
    const auto refused = https_get(s.url(), "/api/v1/invoices", s.path("cert.pem").string());
    EXPECT_EQ(refused.first, 401);

    // A client that does not trust the certificate gets no answer.
    std::filesystem::create_directories(s.path("other"));
    make_certificate(s.path("other"));
    EXPECT_ANY_THROW(https_get(s.url(), "/readyz", s.path("other/cert.pem").string()));
    // Plain HTTP on the TLS port gets no HTTP answer.
    EXPECT_ANY_THROW({
        const Poco::URI uri(s.url());
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        session.setTimeout(Poco::Timespan(5, 0));
        Poco::Net::HTTPRequest request("GET", "/readyz", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        session.receiveResponse(response);
    });
}

TEST(AdminApiTls, a_certificate_that_cannot_be_read_stops_the_start_with_a_clear_error) {
    BusScenario s;
    s.config()["server"]["tls"] = {{"certificate_file", s.path("missing.pem").string()}, {"key_file", s.path("key.pem").string()}};
    try {
        s.start();
        FAIL() << "the host started without its certificate";
    } catch (const std::exception& e) {
        EXPECT_THAT(e.what(), HasSubstr("server.tls"));
        EXPECT_THAT(e.what(), HasSubstr("missing.pem"));
    }
}

json config_listening_on(const std::string& listen) {
    return {{"data_dir", "data"}, {"server", {{"listen", listen}}}};
}

TEST(AdminApiTls, plain_http_off_loopback_is_refused_unless_allowed_or_tls_is_configured) {
    try {
        config::parse_host_config(config_listening_on("0.0.0.0:8787"), "ledgersync.json");
        FAIL() << "plain HTTP on 0.0.0.0 was accepted";
    } catch (const config::ConfigError& e) {
        EXPECT_THAT(e.what(), HasSubstr("/server/listen"));
        EXPECT_THAT(e.what(), HasSubstr("server.tls"));
        EXPECT_THAT(e.what(), HasSubstr("allow_plain_http"));
    }
    json allowed = config_listening_on("0.0.0.0:8787");
    allowed["server"]["allow_plain_http"] = true;
    EXPECT_NO_THROW(config::parse_host_config(allowed, "ledgersync.json"));
    json tls = config_listening_on("10.1.2.3:8443");
    tls["server"]["tls"] = {{"certificate_file", "cert.pem"}, {"key_file", "key.pem"}};
    EXPECT_EQ(config::parse_host_config(tls, "/etc/ledgersync/ledgersync.json").server.tls_certificate_file,
              "/etc/ledgersync/cert.pem");
    EXPECT_NO_THROW(config::parse_host_config(config_listening_on("[::1]:8787"), "ledgersync.json"));
}

TEST(AdminApiTls, admin_tokens_keep_only_well_formed_hashes_with_a_known_scope) {
    json config = config_listening_on("127.0.0.1:0");
    config["admin_api"] = {{"tokens", {{{"name", "ops"}, {"sha256", "lsk_the-token-itself"}, {"scope", "root"}}}}};
    try {
        config::parse_host_config(config, "ledgersync.json");
        FAIL() << "a token in clear was accepted";
    } catch (const config::ConfigError& e) {
        EXPECT_THAT(e.what(), HasSubstr("/admin_api/tokens/0/sha256"));
        EXPECT_THAT(e.what(), HasSubstr("never the token itself"));
        EXPECT_THAT(e.what(), HasSubstr("/admin_api/tokens/0/scope"));
    }
    config["admin_api"] = {{"tokens", {{{"name", "ops"}, {"sha256", api::admin::AdminTokens::hash("x")}, {"scope", "admin"}}}}};
    const auto parsed = config::parse_host_config(config, "ledgersync.json");
    ASSERT_EQ(parsed.admin_api.tokens.size(), 1u);
    EXPECT_EQ(parsed.admin_api.tokens[0].scope, config::AdminApiConfig::Scope::admin);
}

}  // namespace
}  // namespace ledgersync
