#include "config.hpp"

#include <ledgersync/sdk/config_instant.hpp>
#include <ledgersync/sdk/config_reader.hpp>
#include <ledgersync/sdk/service_endpoints.hpp>

namespace ledgersync::connectors::stripe {

namespace {

constexpr const char* kLiveApi = "https://api.stripe.com";

/// "live" (api.stripe.com, the default) or {"base_url": "http://127.0.0.1:PORT"} for an emulator.
void read_environment(sdk::ConfigReader& cfg, StripeConfig& c) {
    const nlohmann::json* value = cfg.raw("environment");
    const std::string path = cfg.path_of("environment");
    const char* hint = "\"live\" (https://api.stripe.com) or {\"base_url\": \"http://127.0.0.1:PORT\"} for an emulator";
    if (value == nullptr || (value->is_string() && value->get<std::string>() == "live")) {
        c.environment = "live";
        c.api_base_url = kLiveApi;
        return;
    }
    if (!value->is_object()) {
        cfg.problems().add(path, std::string("expected ") + hint + ", got " + sdk::ConfigReader::describe(*value) + ".");
        return;
    }
    sdk::ConfigReader custom(*value, cfg.problems(), path);
    c.environment = "custom";
    c.api_base_url = sdk::without_trailing_slashes(custom.required<std::string>("base_url", "the URL the Stripe API is served at"));
    custom.finish();
    if (!c.api_base_url.empty() && !sdk::is_http_url(c.api_base_url)) {
        cfg.problems().add(custom.path_of("base_url"), "\"" + c.api_base_url + "\" is not an http(s) URL; write it as http://host:port.");
    }
}

bool looks_like_api_key(const std::string& key) {
    for (const char* prefix : {"sk_test_", "sk_live_", "rk_test_", "rk_live_"}) {
        if (key.rfind(prefix, 0) == 0 && key.size() > std::string(prefix).size()) return true;
    }
    return false;
}

std::optional<std::int64_t> read_sync_from(sdk::ConfigReader& cfg) {
    const auto instant = sdk::read_config_instant(cfg, "sync_from");
    if (!instant) return std::nullopt;
    return instant->epoch_seconds();
}

StripeLimits read_limits(sdk::ConfigReader& cfg) {
    StripeLimits limits;
    const nlohmann::json* value = cfg.raw("limits");
    if (value == nullptr) return limits;
    sdk::ConfigReader r(*value, cfg.problems(), cfg.path_of("limits"));
    limits.page_size = r.integer_in("page_size", limits.page_size, 1, 100, "a number of objects per list page");
    limits.request_timeout_seconds = r.integer_in("request_timeout_seconds", limits.request_timeout_seconds, 5, 300, "a number of seconds");
    limits.signature_tolerance_seconds =
        r.integer_in("signature_tolerance_seconds", limits.signature_tolerance_seconds, 1, 3600, "a number of seconds");
    r.finish();
    return limits;
}

}  // namespace

StripeConfig StripeConfig::parse(const nlohmann::json& config) {
    sdk::ConfigProblems problems;
    sdk::ConfigReader cfg(config, problems);
    StripeConfig c;
    c.api_key = cfg.required<std::string>("api_key", "a secret or restricted key (${env:STRIPE_SECRET_KEY})");
    if (config.is_object() && config.contains("api_key") && config["api_key"].is_string() && !looks_like_api_key(c.api_key)) {
        // Never quote the value: it may be a real key pasted into the wrong place.
        problems.add(cfg.path_of("api_key"),
                     "is not a Stripe secret or restricted key (sk_live_..., sk_test_..., rk_live_..., rk_test_...); copy "
                     "it from Developers > API keys in the Stripe Dashboard.");
    }
    read_environment(cfg, c);
    c.stripe_version = cfg.value_or<std::string>("stripe_version", c.stripe_version, "an API version such as \"2023-08-16\"");
    if (c.stripe_version.size() < 10) {
        problems.add(cfg.path_of("stripe_version"), "\"" + c.stripe_version + "\" is not a Stripe API version (YYYY-MM-DD[.name]).");
    }
    const auto current = cfg.optional<std::string>("webhook_secret", "the endpoint's signing secret (whsec_...)");
    const auto previous = cfg.optional<std::string>("previous_webhook_secret", "the signing secret being rotated out (whsec_...)");
    if (current && !current->empty()) c.webhook_secrets.push_back(*current);
    if (previous && !previous->empty()) {
        if (c.webhook_secrets.empty()) {
            problems.add(cfg.path_of("previous_webhook_secret"), "is set without webhook_secret; set webhook_secret to the current signing secret.");
        }
        c.webhook_secrets.push_back(*previous);
    }
    c.sync_from = read_sync_from(cfg);
    c.invoice_metadata_key = cfg.value_or<std::string>("invoice_metadata_key", c.invoice_metadata_key,
                                                      "the metadata key naming the HubSpot invoice (\"hubspot_invoice_id\")");
    if (c.invoice_metadata_key.empty()) problems.add(cfg.path_of("invoice_metadata_key"), "must not be empty.");
    c.limits = read_limits(cfg);
    cfg.finish();
    problems.throw_if_any();
    return c;
}

}  // namespace ledgersync::connectors::stripe
