#include "stripe/restricted_keys.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "common/random_token.hpp"
#include "stripe/stripe_account.hpp"
#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

// The resource of each emulated endpoint family, named as in Stripe's permissions
// (`rak_<resource>_read`); the first matching prefix of the path template wins, so the
// charge-scoped refund and dispute paths come before /v1/charges.
constexpr std::pair<const char*, const char*> kResources[] = {
    {"/v1/charges/{charge}/refund", "refund"},
    {"/v1/charges/{charge}/dispute", "dispute"},
    {"/v1/charges", "charge"},
    {"/v1/refunds", "refund"},
    {"/v1/disputes", "dispute"},
    {"/v1/payment_intents", "payment_intent"},
    {"/v1/customers", "customer"},
    {"/v1/payouts", "payout"},
    {"/v1/events", "event"},
    {"/v1/balance_transactions", "balance_transaction_source"},
    {"/v1/balance/history", "balance_transaction_source"},
    {"/v1/balance", "balance"},
    {"/v1/webhook_endpoints", "webhook"},
};

const char* resource_of(const std::string& path_template) {
    for (const auto& [prefix, resource] : kResources) {
        if (path_template.rfind(prefix, 0) == 0)
            return resource;
    }
    return nullptr;
}

bool known_resource(const std::string& name) {
    for (const auto& entry : kResources) {
        if (name == entry.second)
            return true;
    }
    return false;
}

std::string known_resources() {
    std::vector<std::string> names;
    for (const auto& entry : kResources) {
        if (std::find(names.begin(), names.end(), entry.second) == names.end())
            names.emplace_back(entry.second);
    }
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

std::string mode_prefix(const std::string& key) {
    for (const char* prefix : {"rk_test_", "rk_live_"}) {
        if (key.rfind(prefix, 0) == 0 && key.size() > std::string(prefix).size())
            return prefix;
    }
    return {};
}

// Stripe shows a restricted key in a 403 as its prefix, stars, and its last six characters.
std::string masked(const std::string& key) {
    const std::string prefix = mode_prefix(key);
    const std::size_t rest = key.size() - prefix.size();
    if (rest <= 6)
        return prefix + std::string(rest, '*');
    return prefix + std::string(rest - 6, '*') + key.substr(key.size() - 6);
}

}  // namespace

nlohmann::json RestrictedKeys::create(const nlohmann::json& body) {
    if (!body.is_object())
        throw std::invalid_argument("the body must be an object {\"key\"?, \"permissions\": {\"charge\": \"read\", ...}}");
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != "key" && it.key() != "permissions")
            throw std::invalid_argument("unknown restricted key member \"" + it.key() + "\" (key, permissions)");
    }
    std::string key = "rk_test_" + random_alphanumeric(24);
    if (body.contains("key")) {
        if (!body.at("key").is_string() || mode_prefix(body.at("key").get<std::string>()).empty())
            throw std::invalid_argument("\"key\" must be a restricted key: rk_test_... or rk_live_...");
        key = body.at("key").get<std::string>();
    }
    const nlohmann::json given = body.value("permissions", nlohmann::json::object());
    if (!given.is_object())
        throw std::invalid_argument("\"permissions\" must be an object such as {\"charge\": \"read\", \"refund\": \"write\"}");
    std::map<std::string, Level> permissions;
    for (auto it = given.begin(); it != given.end(); ++it) {
        if (!known_resource(it.key()))
            throw std::invalid_argument("unknown resource \"" + it.key() + "\" in \"permissions\" (" + known_resources() + ")");
        const std::string level = it->is_string() ? it->get<std::string>() : std::string();
        if (level == "read") {
            permissions[it.key()] = Level::read;
        } else if (level == "write") {
            permissions[it.key()] = Level::write;
        } else if (level != "none") {
            throw std::invalid_argument("\"permissions." + it.key() + "\" must be \"none\", \"read\" or \"write\"");
        }
    }
    std::lock_guard lock(mutex_);
    keys_[key] = permissions;
    return key_json(key, permissions);
}

nlohmann::json RestrictedKeys::key_json(const std::string& key, const std::map<std::string, Level>& permissions) {
    nlohmann::json levels = nlohmann::json::object();
    for (const auto& [resource, level] : permissions)
        levels[resource] = level == Level::write ? "write" : "read";
    return {{"key", key}, {"livemode", key.rfind("rk_live_", 0) == 0}, {"permissions", levels}};
}

nlohmann::json RestrictedKeys::to_json() const {
    std::lock_guard lock(mutex_);
    nlohmann::json keys = nlohmann::json::array();
    for (const auto& [key, permissions] : keys_)
        keys.push_back(key_json(key, permissions));
    return {{"keys", keys}};
}

void RestrictedKeys::clear() {
    std::lock_guard lock(mutex_);
    keys_.clear();
}

bool RestrictedKeys::knows(const std::string& key) const {
    std::lock_guard lock(mutex_);
    return keys_.contains(key);
}

void RestrictedKeys::authorize(const std::string& key, const std::string& method, const std::string& path_template) const {
    const char* resource = resource_of(path_template);
    if (resource == nullptr)
        return;
    const Level needed = method == "GET" ? Level::read : Level::write;
    {
        std::lock_guard lock(mutex_);
        const auto found = keys_.find(key);
        if (found != keys_.end()) {
            const auto level = found->second.find(resource);
            if (level != found->second.end() && level->second >= needed)
                return;
        }
    }
    const std::string permission = std::string("rak_") + resource + (needed == Level::write ? "_write" : "_read");
    throw StripeError(403, "invalid_request_error", "",
                      "The provided key '" + masked(key) +
                          "' does not have the required permissions for this endpoint on account '" +
                          StripeAccount::kAccountId + "'. Having the '" + permission +
                          "' permission would allow this request to continue.");
}

}  // namespace ledgersync::sandbox::stripe
