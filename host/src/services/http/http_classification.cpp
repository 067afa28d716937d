#include "services/http/http_classification.hpp"

#include <algorithm>
#include <cctype>

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

namespace ledgersync::services::http {

namespace {

bool contains_ignoring_case(std::string_view text, std::string_view needle) {
    const auto it =
        std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
        });
    return it != text.end();
}

// QBO's throttle fault ("message=ThrottleExceeded; errorCode=003001"), which older QBO
// deployments sent with status 403 (shared/reference/qbo.md §1.8).
bool says_throttled(std::string_view body) {
    return contains_ignoring_case(body, "ThrottleExceeded") ||
           contains_ignoring_case(body, "errorCode=003001");
}

sdk::Error transient(const RequestDescription& request, const std::string& what) {
    return sdk::Error(sdk::Outcome::transient(request.describe() + " failed: " + what));
}

sdk::Error fatal(std::string reason, std::string fix) {
    sdk::Outcome outcome = sdk::Outcome::fatal(std::move(reason), std::move(fix));
    return sdk::Error(std::move(outcome));
}

}  // namespace

sdk::OutcomeClass classify_response(int status, std::string_view body, bool has_retry_after) {
    if ((status >= 200 && status < 300) || status == 304)
        return sdk::OutcomeClass::ok;
    if (status == 429)
        return sdk::OutcomeClass::rate_limited;
    if (status == 403 && says_throttled(body))
        return sdk::OutcomeClass::rate_limited;
    if (status == 401)
        return sdk::OutcomeClass::auth;
    if (status == 408 || status == 423 || status == 425 || (status >= 500 && status < 600)) {
        return sdk::OutcomeClass::transient;
    }
    if (has_retry_after && status >= 400)
        return sdk::OutcomeClass::transient;
    return sdk::OutcomeClass::data;
}

std::string RequestDescription::origin() const {
    return scheme + "://" + host + ":" + std::to_string(port);
}

std::string RequestDescription::describe() const {
    return method + " " + origin() + path + " for connection '" + connection + "'";
}

sdk::Error classify_transport_failure(const Poco::Exception& failure,
                                      const RequestDescription& request,
                                      std::string_view certificate_rejection,
                                      std::chrono::milliseconds timeout) {
    const std::string endpoint = request.host + ":" + std::to_string(request.port);
    const std::string detail = failure.displayText();

    // The verify callback saw the chain or the name fail: whatever exception Poco made of it, the
    // server is not who the URL says, and retrying will not change that.
    const bool certificate_failed =
        !certificate_rejection.empty() ||
        dynamic_cast<const Poco::Net::CertificateValidationException*>(&failure) != nullptr ||
        dynamic_cast<const Poco::Net::InvalidCertificateException*>(&failure) != nullptr;
    if (certificate_failed) {
        const std::string why =
            certificate_rejection.empty() ? detail : std::string(certificate_rejection);
        return fatal("TLS certificate of " + endpoint + " was not trusted, so " +
                         request.describe() + " was not sent: " + why +
                         ". The host never accepts an untrusted certificate.",
                     "If " + request.host +
                         " uses a certificate from a private CA, add that CA (PEM) to the "
                         "connection's TLS CA file; otherwise check the URL and the network, "
                         "something may be "
                         "intercepting the connection.");
    }
    if (dynamic_cast<const Poco::Net::SSLConnectionUnexpectedlyClosedException*>(&failure) !=
        nullptr) {
        return transient(request,
                         endpoint + " closed the TLS connection unexpectedly (" + detail + ")");
    }
    if (dynamic_cast<const Poco::Net::SSLException*>(&failure) != nullptr) {
        return fatal(
            "TLS handshake with " + endpoint + " failed for " + request.describe() + ": " + detail,
            "Check that the URL's scheme and port are right and that the server speaks TLS 1.2 or "
            "newer.");
    }
    if (dynamic_cast<const Poco::TimeoutException*>(&failure) != nullptr) {
        return transient(request, "timed out: no complete response from " + endpoint + " within " +
                                      std::to_string(timeout.count()) + " ms");
    }
    if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&failure) != nullptr) {
        return transient(
            request,
            endpoint + " refused the connection (is the service up, and is the port right?)");
    }
    if (dynamic_cast<const Poco::Net::DNSException*>(&failure) != nullptr) {
        return transient(request, "cannot resolve the host name '" + request.host + "' (" + detail +
                                      "); check the URL and this machine's DNS");
    }
    if (dynamic_cast<const Poco::Net::ConnectionResetException*>(&failure) != nullptr ||
        dynamic_cast<const Poco::Net::ConnectionAbortedException*>(&failure) != nullptr ||
        dynamic_cast<const Poco::Net::NoMessageException*>(&failure) != nullptr) {
        return transient(request, endpoint + " closed the connection before a complete response (" +
                                      detail + ")");
    }
    if (dynamic_cast<const Poco::Net::MessageException*>(&failure) != nullptr) {
        return transient(request, endpoint + " sent a malformed HTTP response (" + detail + ")");
    }
    if (dynamic_cast<const Poco::IOException*>(&failure) != nullptr) {
        return transient(request, "network error talking to " + endpoint + " (" + detail + ")");
    }
    return fatal(
        request.describe() + " failed unexpectedly: " + detail,
        "This is likely a bug in the host or an invalid request from the plugin (method, header "
        "names); report it with this message.");
}

}  // namespace ledgersync::services::http
