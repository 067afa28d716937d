#include "credentials.hpp"

#include <nlohmann/json.hpp>

namespace ledgersync::connectors::stripe {

Credentials::Credentials(sdk::HostServices host, const StripeConfig& config) : host_(host), config_(config) {}

void Credentials::ensure_masked() {
    std::call_once(stored_, [this] {
        // A JSON document: the host masks each string of 8 characters or more inside it.
        const nlohmann::json document{{"api_key", config_.api_key}, {"webhook_secrets", config_.webhook_secrets}};
        host_.state_put(kStateKey, document.dump(), sdk::Sensitivity::secret);
    });
}

}  // namespace ledgersync::connectors::stripe
