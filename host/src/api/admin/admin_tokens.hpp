#pragma once
/// The admin API's bearer tokens: the configuration keeps only their SHA-256 (admin_api.tokens),
/// a request's token is hashed and compared with each in constant time.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/host_config.hpp"

namespace ledgersync::api::admin {

class AdminTokens {
public:
    explicit AdminTokens(std::vector<config::AdminApiConfig::Token> tokens);

    /// The configured token whose hash is the SHA-256 of `token`, if any. Every configured hash
    /// is compared, each in constant time, so the time taken tells nothing of which matched.
    std::optional<config::AdminApiConfig::Token> find(std::string_view token) const;
    bool empty() const noexcept { return tokens_.empty(); }

    /// A new random token ("lsk_" and 43 URL-safe base64 characters: 256 bits).
    static std::string generate();
    /// The SHA-256 of `token` in lower-case hex, as admin_api.tokens[].sha256 holds it.
    static std::string hash(std::string_view token);

private:
    std::vector<config::AdminApiConfig::Token> tokens_;
};

}  // namespace ledgersync::api::admin
