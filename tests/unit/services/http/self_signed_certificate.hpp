#pragma once
/// A self-signed certificate and its key, made with the `openssl` CLI into a directory, for TLS
/// tests. Header-only because the unit-test glob compiles only *_test.cpp files.

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace ledgersync::testing {

struct SelfSignedCertificate {
    std::filesystem::path certificate;  ///< PEM
    std::filesystem::path key;          ///< PEM, unencrypted

    /// An EC P-256 certificate for `subject_alt_names` ("DNS:localhost,IP:127.0.0.1"), valid
    /// for two days, written to `directory`/<stem>.{crt,key}.
    static SelfSignedCertificate create(const std::filesystem::path& directory,
                                        const std::string& stem,
                                        const std::string& subject_alt_names) {
        SelfSignedCertificate made{directory / (stem + ".crt"), directory / (stem + ".key")};
        const std::string command =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
            " -subj /CN=ledgersync-test -addext subjectAltName=" +
            subject_alt_names + " -keyout '" + made.key.string() + "' -out '" +
            made.certificate.string() + "' > /dev/null 2>&1";
        if (std::system(command.c_str()) != 0 || !std::filesystem::exists(made.certificate)) {
            throw std::runtime_error("cannot create a test certificate with the openssl CLI: " +
                                     command);
        }
        return made;
    }
};

}  // namespace ledgersync::testing
