#include "stripe/webhook_signature.hpp"

#include <cstdlib>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>

namespace ledgersync::sandbox::stripe {

namespace {

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
    return sdk::hex_encode(sdk::hmac_sha256(secret, std::to_string(timestamp) + "." + std::string(payload)));
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
            if (sdk::constant_time_equal(signature, expected)) {
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
