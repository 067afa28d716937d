#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include "services/http/http_classification.hpp"

namespace ledgersync::services::http {
namespace {

using sdk::OutcomeClass;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(HttpClassificationTest, classifies_statuses) {
    EXPECT_EQ(classify_response(200, "", false), OutcomeClass::ok);
    EXPECT_EQ(classify_response(204, "", false), OutcomeClass::ok);
    EXPECT_EQ(classify_response(304, "", false), OutcomeClass::ok);
    EXPECT_EQ(classify_response(429, "", false), OutcomeClass::rate_limited);
    EXPECT_EQ(classify_response(401, "", false), OutcomeClass::auth);
    EXPECT_EQ(classify_response(403, R"({"message":"missing scopes"})", false), OutcomeClass::data);
    EXPECT_EQ(classify_response(408, "", false), OutcomeClass::transient);
    EXPECT_EQ(classify_response(423, "", false), OutcomeClass::transient);
    EXPECT_EQ(classify_response(500, "", false), OutcomeClass::transient);
    EXPECT_EQ(classify_response(503, "", true), OutcomeClass::transient);
    EXPECT_EQ(classify_response(400, "", false), OutcomeClass::data);
    EXPECT_EQ(classify_response(404, "", false), OutcomeClass::data);
    EXPECT_EQ(classify_response(302, "", false), OutcomeClass::data);
}

TEST(HttpClassificationTest, qbo_throttle_fault_in_a_403_is_rate_limited) {
    const char* body =
        "<IntuitResponse><Fault type=\"SERVICE\"><Error "
        "code=\"3001\"><Message>message=ThrottleExceeded; "
        "errorCode=003001; statusCode=403</Message></Error></Fault></IntuitResponse>";
    EXPECT_EQ(classify_response(403, body, false), OutcomeClass::rate_limited);
}

TEST(HttpClassificationTest, a_4xx_with_retry_after_is_transient) {
    // HubSpot's 477 "Migration in Progress" says when to come back.
    EXPECT_EQ(classify_response(477, "", true), OutcomeClass::transient);
    EXPECT_EQ(classify_response(477, "", false), OutcomeClass::data);
}

RequestDescription qbo_request() {
    return RequestDescription{
        "qbo", "POST", "https", "quickbooks.api.intuit.com", 443, "/v3/company/1/invoice"};
}

TEST(HttpClassificationTest, network_failures_are_transient_and_say_what_happened) {
    const auto refused =
        classify_transport_failure(Poco::Net::ConnectionRefusedException("127.0.0.1:1"),
                                   qbo_request(), "", std::chrono::milliseconds(60'000));
    EXPECT_EQ(refused.outcome().kind, OutcomeClass::transient);
    EXPECT_THAT(refused.outcome().reason,
                AllOf(HasSubstr("POST https://quickbooks.api.intuit.com:443/v3/company/1/invoice"),
                      HasSubstr("connection 'qbo'"), HasSubstr("refused")));

    const auto timeout = classify_transport_failure(Poco::TimeoutException(), qbo_request(), "",
                                                    std::chrono::milliseconds(1500));
    EXPECT_EQ(timeout.outcome().kind, OutcomeClass::transient);
    EXPECT_THAT(timeout.outcome().reason, AllOf(HasSubstr("timed out"), HasSubstr("1500 ms")));

    EXPECT_EQ(classify_transport_failure(Poco::Net::HostNotFoundException("nope"), qbo_request(),
                                         "", std::chrono::milliseconds(1))
                  .outcome()
                  .kind,
              OutcomeClass::transient);
    EXPECT_EQ(classify_transport_failure(Poco::Net::SSLConnectionUnexpectedlyClosedException(),
                                         qbo_request(), "", std::chrono::milliseconds(1))
                  .outcome()
                  .kind,
              OutcomeClass::transient);
}

TEST(HttpClassificationTest, an_untrusted_certificate_is_fatal_and_names_host_and_reason) {
    const auto error = classify_transport_failure(
        Poco::Net::SSLException("certificate verify failed"), qbo_request(),
        "self-signed certificate (certificate subject CN=x, depth 0)",
        std::chrono::milliseconds(1));
    EXPECT_EQ(error.outcome().kind, OutcomeClass::fatal);
    EXPECT_THAT(error.outcome().reason,
                AllOf(HasSubstr("TLS certificate of quickbooks.api.intuit.com:443 was not trusted"),
                      HasSubstr("self-signed certificate")));
    EXPECT_THAT(error.outcome().fix_hint, HasSubstr("CA"));
}

TEST(HttpClassificationTest, other_tls_failures_are_fatal) {
    const auto error = classify_transport_failure(Poco::Net::SSLException("wrong version number"),
                                                  qbo_request(), "", std::chrono::milliseconds(1));
    EXPECT_EQ(error.outcome().kind, OutcomeClass::fatal);
    EXPECT_THAT(error.outcome().reason,
                AllOf(HasSubstr("TLS handshake"), HasSubstr("wrong version number"),
                      Not(HasSubstr("not trusted"))));
}

}  // namespace
}  // namespace ledgersync::services::http
