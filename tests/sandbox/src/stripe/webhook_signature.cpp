#include "stripe/webhook_signature.hpp"

#include <cstdlib>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ledgersync::sandbox::stripe {

namespace {

std::string lower_hex(const unsigned char* bytes, std::size_t size) {
    // OpenSSL 3 writes upper-case pairs without separators; Stripe's signatures are lower case.
    std::string out(size * 2 + 1, '\0');
    std::size_t written = 0;
    if (OPENSSL_buf2hexstr_ex(out.data(), out.size(), &written, bytes, size, '\0') != 1)
        return {};
    out.resize(written > 0 ? written - 1 : 0);  // drop the terminating NUL it counts
    for (auto& c : out) {
        if (c >= 'A' && c <= 'F')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> header_pairs(std::string_view header) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t start = 0;
    while (start <= header.size()) {
        std::size_t end = header.find(',', start);
        if (end == std::string_view::npos)
            end = header.size();
        const std::string_view item = header.substr(start, end - start);
        const std::size_t eq = item.find('=');
        if (eq != std::string_view::npos) {
            std::string key(item.substr(0, eq));
            std::string value(item.substr(eq + 1));
            while (!key.empty() && key.front() == ' ')
                key.erase(0, 1);
            pairs.emplace_back(std::move(key), std::move(value));
        }
        start = end + 1;
    }
    return pairs;
}

}  // namespace

std::string compute_signature(std::string_view secret, std::int64_t timestamp,
                              std::string_view payload) {
    const std::string message = std::to_string(timestamp) + "." + std::string(payload);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest,
             &length) == nullptr)
        return {};
    return lower_hex(digest, length);
}

std::string signature_header(std::int64_t timestamp, const std::vector<std::string>& secrets,
                             std::string_view payload) {
    std::string header = "t=" + std::to_string(timestamp);
    for (const auto& secret : secrets)
        header += ",v1=" + compute_signature(secret, timestamp, payload);
    return header;
}

SignatureCheck verify_signature(std::string_view header, std::string_view payload,
                                const std::vector<std::string>& secrets, std::int64_t now,
                                std::int64_t tolerance_seconds) {
    SignatureCheck check;
    bool have_timestamp = false;
    std::vector<std::string> signatures;
    for (const auto& [key, value] : header_pairs(header)) {
        if (key == "t") {
            char* end = nullptr;
            check.timestamp = std::strtoll(value.c_str(), &end, 10);
            have_timestamp = end != value.c_str() && *end == '\0';
        } else if (key == "v1") {
            signatures.push_back(value);
        }
    }
    if (!have_timestamp || signatures.empty()) {
        check.reason = "Unable to extract timestamp and signatures from header";
        return check;
    }
    for (const auto& secret : secrets) {
        const std::string expected = compute_signature(secret, check.timestamp, payload);
        for (const auto& signature : signatures) {
            if (signature.size() == expected.size() &&
                CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0) {
                check.valid = true;
            }
        }
    }
    if (!check.valid) {
        check.reason = "No signatures found matching the expected signature for payload";
        return check;
    }
    if (tolerance_seconds > 0 && (now - check.timestamp > tolerance_seconds)) {
        check.valid = false;
        check.reason = "Timestamp outside the tolerance zone";
    }
    return check;
}

}  // namespace ledgersync::sandbox::stripe
