#include "connector.hpp"

#include "access_check.hpp"

namespace ledgersync::connectors::stripe {

using nlohmann::json;

StripeConnector::StripeConnector(sdk::HostServices host, const json& config)
    : host_(host),
      config_(StripeConfig::parse(config)),
      client_(host, config_),
      reader_(client_, config_),
      webhooks_(host, config_, reader_),
      writer_(client_) {}

sdk::CheckResult StripeConnector::check() { return AccessCheck(client_, config_).run(); }

sdk::ReadResult StripeConnector::read(const sdk::ReadRequest& request) { return reader_.read(request); }

sdk::WebhookResult StripeConnector::webhook(const sdk::HttpRequest& request) { return webhooks_.receive(request); }

std::vector<sdk::Outcome> StripeConnector::write(const std::vector<sdk::WriteItem>& items) { return writer_.write(items); }

}  // namespace ledgersync::connectors::stripe
