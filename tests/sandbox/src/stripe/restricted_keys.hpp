#pragma once
/// Restricted API keys (rk_test_..., rk_live_...) as Stripe has them: a key exists once it was
/// created (here through the control plane: `POST /__sandbox/stripe/restricted_keys`), and it holds
/// a level per resource, None, Read or Write (Write includes Read). A request whose endpoint needs
/// a level the key lacks is refused 403 with Stripe's text, naming the permission
/// (`rak_<resource>_<read|write>`) that would let it through. Safe to call from any thread.

#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class RestrictedKeys {
public:
    /// Creates (or replaces) a key from {"key"?: "rk_test_...", "permissions": {"charge": "read",
    /// "refund": "write", ...}}; resources left out are None. Without "key" a new rk_test_ key is
    /// made. Throws std::invalid_argument naming what is wrong. Returns the key as to_json() shows it.
    nlohmann::json create(const nlohmann::json& body);
    /// {"keys": [{"key", "livemode", "permissions": {"charge": "read", ...}}, ...]}.
    nlohmann::json to_json() const;
    void clear();

    /// Whether a restricted key was created (an unknown one is not a key at all: 401).
    bool knows(const std::string& key) const;
    /// Throws the 403 StripeError when `key` (a restricted key) lacks what `method` on
    /// `path_template` ("/v1/charges/{charge}") needs. Endpoints of resources the sandbox does
    /// not map need nothing.
    void authorize(const std::string& key, const std::string& method, const std::string& path_template) const;

private:
    enum class Level { none = 0, read = 1, write = 2 };
    static nlohmann::json key_json(const std::string& key, const std::map<std::string, Level>& permissions);

    mutable std::mutex mutex_;
    std::map<std::string, std::map<std::string, Level>> keys_;
};

}  // namespace ledgersync::sandbox::stripe
