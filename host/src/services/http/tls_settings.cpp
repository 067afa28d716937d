#include "services/http/tls_settings.hpp"
#include "services/openssl_error.hpp"

#include <stdexcept>
#include <system_error>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <Poco/Net/IPAddress.h>

namespace ledgersync::services::http {

namespace {

thread_local std::string t_certificate_rejection;

std::string subject_of(X509* certificate) {
    if (certificate == nullptr)
        return "unknown";
    BIO* out = BIO_new(BIO_s_mem());
    if (out == nullptr)
        return "unknown";
    X509_NAME_print_ex(out, X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long size = BIO_get_mem_data(out, &data);
    std::string subject(data, static_cast<std::size_t>(size > 0 ? size : 0));
    BIO_free(out);
    return subject.empty() ? "empty" : subject;
}

// Reports OpenSSL's verdict unchanged, remembering the first reason for a rejection. Unlike
// Poco's callback it consults no process-wide handler that could overturn the verdict.
int report_verification(int preverified, X509_STORE_CTX* store) {
    if (preverified == 0 && t_certificate_rejection.empty()) {
        const int error = X509_STORE_CTX_get_error(store);
        t_certificate_rejection = std::string(X509_verify_cert_error_string(error)) +
                                  " (certificate subject " +
                                  subject_of(X509_STORE_CTX_get_current_cert(store)) + ", depth " +
                                  std::to_string(X509_STORE_CTX_get_error_depth(store)) + ")";
    }
    return preverified;
}


void require_readable_file(const std::filesystem::path& file, const char* what) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) {
        throw std::runtime_error(
            std::string(what) + " " + file.string() + " does not exist or is not a file; " +
            (file == kSystemCaBundle ? "install the ca-certificates package"
                                     : "fix the path in the connection's TLS settings"));
    }
}

bool is_ip_literal(const std::string& host) {
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address);
}

}  // namespace

Poco::Net::Context::Ptr make_tls_client_context(const TlsSettings& settings,
                                                const std::string& host) {
    require_readable_file(settings.ca_file, "TLS CA bundle");
    if (!settings.extra_ca_file.empty())
        require_readable_file(settings.extra_ca_file, "TLS CA file");

    Poco::Net::Context::Params params;
    params.caLocation = settings.ca_file.string();
    params.loadDefaultCAs = false;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    // OpenSSL checks the name during the handshake (below); Poco's later check would skip
    // loopback hosts and defer to the global SSLManager handler.
    context->enableExtendedCertificateVerification(false);

    SSL_CTX* ssl = context->sslContext();
    if (!settings.extra_ca_file.empty() &&
        SSL_CTX_load_verify_locations(ssl, settings.extra_ca_file.c_str(), nullptr) != 1) {
        throw std::runtime_error("cannot read TLS CA file " + settings.extra_ca_file.string() +
                                 ": " + openssl_error() + "; it must hold PEM certificates");
    }
    SSL_CTX_set_verify(ssl, SSL_VERIFY_PEER, &report_verification);

    X509_VERIFY_PARAM* verify = SSL_CTX_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(verify, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int named = is_ip_literal(host)
                          ? X509_VERIFY_PARAM_set1_ip_asc(verify, host.c_str())
                          : X509_VERIFY_PARAM_set1_host(verify, host.c_str(), host.size());
    if (named != 1) {
        throw std::runtime_error("cannot set up TLS host-name verification for '" + host +
                                 "': " + openssl_error());
    }
    return context;
}

std::string certificate_rejection_on_this_thread() {
    return t_certificate_rejection;
}

void clear_certificate_rejection_on_this_thread() {
    t_certificate_rejection.clear();
}

}  // namespace ledgersync::services::http
