#include "webhook_signature.hpp"

#include <charconv>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>

namespace ledgersync::connectors::stripe {

namespace {

struct ParsedHeader {
    bool has_timestamp = false;
    std::int64_t timestamp = 0;
    std::vector<std::string_view> v1;
};

ParsedHeader parse_header(std::string_view header) {
    ParsedHeader parsed;
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        const std::size_t equals = item.find('=');
        if (equals == std::string_view::npos) continue;
        const std::string_view key = item.substr(0, equals);
        const std::string_view value = item.substr(equals + 1);
        if (key == "t") {
            std::int64_t t = 0;
            const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), t);
            if (error == std::errc() && end == value.data() + value.size()) {
                parsed.has_timestamp = true;
                parsed.timestamp = t;
            }
        } else if (key == "v1") {
            parsed.v1.push_back(value);
        }
    }
    return parsed;
}

}  // namespace

std::string stripe_v1_signature(std::string_view secret, std::int64_t timestamp, std::string_view payload) {
    std::string signed_text = std::to_string(timestamp);
    signed_text += '.';
    signed_text.append(payload.data(), payload.size());
    return sdk::hex_encode(sdk::hmac_sha256(secret, signed_text));
}

SignatureCheck verify_stripe_signature(std::string_view payload, std::string_view header, const std::vector<std::string>& secrets,
                                       std::int64_t now_seconds, std::int64_t tolerance_seconds) {
    if (header.empty()) return {false, "it has no Stripe-Signature header"};
    const ParsedHeader parsed = parse_header(header);
    if (!parsed.has_timestamp) return {false, "its Stripe-Signature header has no timestamp (t=...)"};
    if (parsed.v1.empty()) return {false, "its Stripe-Signature header has no v1 signature"};
    bool matched = false;
    for (const auto& secret : secrets) {
        const std::string expected = stripe_v1_signature(secret, parsed.timestamp, payload);
        for (const auto& candidate : parsed.v1) matched = sdk::constant_time_equal(expected, candidate) || matched;
    }
    if (!matched) {
        return {false, "no v1 signature of its Stripe-Signature header matches the body with the configured signing secret" +
                           std::string(secrets.size() > 1 ? "s" : "") +
                           " (a wrong or expired secret, a sender that is not Stripe, or a body changed on the way)"};
    }
    if (now_seconds - parsed.timestamp > tolerance_seconds) {
        return {false, "its Stripe-Signature timestamp is " + std::to_string(now_seconds - parsed.timestamp) + " s old, more than the " +
                           std::to_string(tolerance_seconds) + " s tolerated (a replayed delivery, or a clock out of step)"};
    }
    return {true, {}};
}

}  // namespace ledgersync::connectors::stripe
