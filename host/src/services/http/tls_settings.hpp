#pragma once
/// TLS for the host's outgoing requests: certificate verification always on, TLS 1.2 or newer,
/// SNI, one client context per (connection, host).
///
/// Why not Poco's defaults: Poco routes certificate failures through the process-wide
/// SSLManager, where any InvalidCertificateHandler someone installs (an accept-all one, or the
/// console one that prompts on stdin) decides for every session; and Poco skips the host-name
/// check for loopback addresses unless the context is VERIFY_STRICT. These contexts therefore
/// replace Poco's verify callback with one that only reports OpenSSL's verdict, and have OpenSSL
/// check the host name inside the handshake (X509_VERIFY_PARAM), so no global handler can
/// accept a certificate OpenSSL rejected.

#include <filesystem>
#include <string>

#include <Poco/Net/Context.h>

namespace ledgersync::services::http {

/// The CA bundle Debian's ca-certificates package maintains.
inline constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

/// Which certificate authorities a connection trusts.
struct TlsSettings {
    /// Trusted roots (PEM bundle).
    std::filesystem::path ca_file = kSystemCaBundle;
    /// More trusted certificates (PEM, one or several), in addition to `ca_file`: a private CA,
    /// or a test server's self-signed certificate. Empty: none.
    std::filesystem::path extra_ca_file;
};

/// A client context that verifies the server's chain against `settings` and its name against
/// `host` (a DNS name or an IP literal), and refuses protocols older than TLS 1.2.
/// Throws std::runtime_error naming the file when a CA file is missing or unreadable.
Poco::Net::Context::Ptr make_tls_client_context(const TlsSettings& settings,
                                                const std::string& host);

/// Why the last handshake on this thread rejected the server's certificate ("self-signed
/// certificate (subject CN=localhost, depth 0)"), or "" when none was rejected since the last
/// clear. Handshakes run on the calling thread, so this reads the one the caller just attempted.
std::string certificate_rejection_on_this_thread();

/// Forgets the recorded rejection; call before each request.
void clear_certificate_rejection_on_this_thread();

}  // namespace ledgersync::services::http
