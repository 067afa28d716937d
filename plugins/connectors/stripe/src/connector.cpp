#include "connector.hpp"

namespace ledgersync::connectors::stripe {

using nlohmann::json;

StripeConnector::StripeConnector(sdk::HostServices host, const json& config)
    : host_(host),
      config_(StripeConfig::parse(config)),
      client_(host, config_),
      reader_(client_, config_),
      webhooks_(host, config_, reader_),
      writer_(client_) {}

sdk::CheckResult StripeConnector::check() {
    try {
        const json balance = client_.get("/v1/balance", {}, CallContext{"reading", "the account balance"});
        std::string currencies;
        for (const auto& entry : balance.value("available", json::array())) {
            const std::string currency = entry.is_object() ? entry.value("currency", std::string()) : std::string();
            if (!currency.empty() && currencies.find(currency) == std::string::npos) currencies += (currencies.empty() ? "" : ", ") + currency;
        }
        const bool live = balance.value("livemode", false);
        return {true, "connected to Stripe (" + std::string(live ? "live" : "test") + " mode, " + config_.api_base_url + ", Stripe-Version " +
                          config_.stripe_version + "); balance in " + (currencies.empty() ? std::string("no currency yet") : currencies) +
                          (config_.webhook_secrets.empty() ? "; no webhook_secret: webhooks are refused" : "")};
    } catch (const sdk::Error& e) {
        const sdk::Outcome& o = e.outcome();
        return {false, o.reason + (o.fix_hint.empty() ? std::string() : "; to fix: " + o.fix_hint)};
    }
}

sdk::ReadResult StripeConnector::read(const sdk::ReadRequest& request) { return reader_.read(request); }

sdk::WebhookResult StripeConnector::webhook(const sdk::HttpRequest& request) { return webhooks_.receive(request); }

std::vector<sdk::Outcome> StripeConnector::write(const std::vector<sdk::WriteItem>& items) { return writer_.write(items); }

}  // namespace ledgersync::connectors::stripe
