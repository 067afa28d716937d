#pragma once
/// The successful answer of an OAuth 2.0 token endpoint (RFC 6749, section 5.1), as a connector
/// that refreshes its access token reads it:
///
///     const auto answer = sdk::OAuthTokenResponse::parse(response.body);
///     store(answer.access_token(), answer.refresh_token());
///     const std::int64_t lifetime = answer.seconds("expires_in", 3600);
///
/// Vendors add their own members (Intuit's x_refresh_token_expires_in); `seconds` reads those too.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/json.hpp"

namespace ledgersync::sdk {

/// A token endpoint's answer: the access token, the refresh token when one was issued, and
/// the lifetimes it states.
class OAuthTokenResponse {
public:
    /// Reads `body`; throws std::invalid_argument saying what is wrong when it is not a JSON
    /// object or holds no access_token.
    static OAuthTokenResponse parse(std::string_view body) {
        nlohmann::json document;
        try {
            document = parse_json_exact(body);
        } catch (const JsonParseError& e) {
            throw std::invalid_argument(std::string("the token endpoint's answer is not JSON: ") + e.what());
        }
        if (!document.is_object()) throw std::invalid_argument("the token endpoint's answer is not a JSON object");
        OAuthTokenResponse answer(std::move(document));
        if (answer.access_token().empty()) throw std::invalid_argument("the token endpoint's answer has no access_token");
        return answer;
    }

    /// The new access token (never empty).
    const std::string& access_token() const noexcept { return access_token_; }
    /// The refresh token to use next; empty when the server issued none (keep the old one).
    const std::string& refresh_token() const noexcept { return refresh_token_; }

    /// A lifetime member such as expires_in, in whole seconds: a JSON integer, or the digits in
    /// a string as some servers send it; `fallback` when absent or unreadable.
    std::int64_t seconds(std::string_view key, std::int64_t fallback) const {
        const auto it = document_.find(std::string(key));
        if (it == document_.end()) return fallback;
        if (it->is_number_integer()) return it->get<std::int64_t>();
        if (!it->is_string()) return fallback;
        const auto& text = it->get_ref<const std::string&>();
        if (text.empty() || text.size() > 18) return fallback;
        std::int64_t value = 0;
        for (const char c : text) {
            if (c < '0' || c > '9') return fallback;
            value = value * 10 + (c - '0');
        }
        return value;
    }

private:
    explicit OAuthTokenResponse(nlohmann::json document)
        : document_(std::move(document)),
          access_token_(string_member("access_token")),
          refresh_token_(string_member("refresh_token")) {}

    std::string string_member(std::string_view key) const {
        const auto it = document_.find(std::string(key));
        return it != document_.end() && it->is_string() ? it->get<std::string>() : std::string{};
    }

    nlohmann::json document_;
    std::string access_token_;
    std::string refresh_token_;
};

}  // namespace ledgersync::sdk
