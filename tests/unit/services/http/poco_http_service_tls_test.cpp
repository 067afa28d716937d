#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include <Poco/Net/AcceptCertificateHandler.h>

#include "local_http_server.hpp"
#include "self_signed_certificate.hpp"
#include "services/http/poco_http_service.hpp"
#include "temp_dir.hpp"

namespace ledgersync::services::http {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::LocalHttpServer;
using testing::ObservedRequest;
using testing::Reply;
using testing::SelfSignedCertificate;

sdk::HttpRequest get(const std::string& url) {
    sdk::HttpRequest request;
    request.url = url;
    return request;
}

class PocoHttpServiceTlsTest : public ::testing::Test {
protected:
    PocoHttpServiceTlsTest()
        : certificate_(
              SelfSignedCertificate::create(directory_.path(), "localhost", "DNS:localhost")),
          server_(
              [](const ObservedRequest&) {
                  return Reply{200, "secure", {}, false};
              },
              certificate_.certificate, certificate_.key) {
        HttpServiceOptions options;
        options.default_timeout = 5s;
        service_ = std::make_unique<PocoHttpService>(options, clock_);
    }

    /// The sdk::Error `send` throws for `connection`; fails the test when it returns.
    sdk::Outcome failure_of(const std::string& connection, const std::string& url) {
        try {
            const auto response = service_->send(connection, get(url));
            ADD_FAILURE() << "expected sdk::Error, got status " << response.status;
        } catch (const sdk::Error& e) {
            return e.outcome();
        }
        return sdk::Outcome::ok("none");
    }

    ledgersync::testing::TempDir directory_;
    SelfSignedCertificate certificate_;
    LocalHttpServer server_;
    SystemClock clock_;
    std::unique_ptr<PocoHttpService> service_;
};

TEST_F(PocoHttpServiceTlsTest, refuses_a_self_signed_certificate_it_was_not_told_to_trust) {
    service_->configure_connection("stripe", {});
    const auto failure = failure_of("stripe", server_.url("/v1/charges", "localhost"));
    EXPECT_EQ(failure.kind, sdk::OutcomeClass::fatal);
    EXPECT_THAT(failure.reason,
                AllOf(HasSubstr("TLS certificate of localhost:" + std::to_string(server_.port()) +
                                " was not trusted"),
                      HasSubstr("self-signed certificate"), HasSubstr("connection 'stripe'")));
    EXPECT_TRUE(server_.requests().empty()) << "no request may reach an untrusted server";
}

TEST_F(PocoHttpServiceTlsTest,
       trusts_the_same_server_through_the_connections_ca_file_and_keeps_the_connection) {
    ConnectionHttpSettings settings;
    settings.extra_ca_file = certificate_.certificate;
    service_->configure_connection("stripe", settings);
    for (int i = 0; i < 3; ++i) {
        const auto response =
            service_->send("stripe", get(server_.url("/v1/charges", "localhost")));
        EXPECT_EQ(response.status, 200);
        EXPECT_EQ(response.body, "secure");
    }
    std::set<std::string> connections;
    for (const auto& seen : server_.requests())
        connections.insert(seen.client);
    EXPECT_EQ(connections.size(), 1u) << "TLS sessions are kept alive and reused too";
}

TEST_F(PocoHttpServiceTlsTest, the_extra_ca_file_trusts_only_its_own_connection) {
    ConnectionHttpSettings settings;
    settings.extra_ca_file = certificate_.certificate;
    service_->configure_connection("test", settings);
    service_->configure_connection("stripe", {});
    EXPECT_EQ(service_->send("test", get(server_.url("/", "localhost"))).status, 200);
    EXPECT_EQ(failure_of("stripe", server_.url("/", "localhost")).kind, sdk::OutcomeClass::fatal);
}

TEST_F(PocoHttpServiceTlsTest, refuses_a_trusted_certificate_issued_for_another_host_name) {
    // Poco itself skips the name check for loopback addresses; the service must not.
    ConnectionHttpSettings settings;
    settings.extra_ca_file = certificate_.certificate;
    service_->configure_connection("stripe", settings);
    const auto failure = failure_of("stripe", server_.url("/", "127.0.0.1"));
    EXPECT_EQ(failure.kind, sdk::OutcomeClass::fatal);
    EXPECT_THAT(failure.reason, AllOf(HasSubstr("was not trusted"), HasSubstr("mismatch")));
    EXPECT_TRUE(server_.requests().empty());
}

TEST_F(PocoHttpServiceTlsTest,
       an_accept_all_handler_installed_in_poco_does_not_weaken_verification) {
    // Subscribes to Poco's process-wide certificate-error event for as long as it lives.
    Poco::Net::AcceptCertificateHandler accept_everything(false);
    service_->configure_connection("stripe", {});
    EXPECT_EQ(failure_of("stripe", server_.url("/", "localhost")).kind, sdk::OutcomeClass::fatal);
    EXPECT_TRUE(server_.requests().empty());
}

TEST_F(PocoHttpServiceTlsTest, talking_tls_to_a_plain_http_server_fails_clearly) {
    LocalHttpServer plain([](const ObservedRequest&) { return Reply{200, "plain", {}, false}; });
    service_->configure_connection("stripe", {});
    const std::string url = "https://127.0.0.1:" + std::to_string(plain.port()) + "/";
    const auto failure = failure_of("stripe", url);
    EXPECT_NE(failure.kind, sdk::OutcomeClass::ok);
    EXPECT_THAT(failure.reason, HasSubstr("127.0.0.1:" + std::to_string(plain.port())));
}

}  // namespace
}  // namespace ledgersync::services::http
