#pragma once
/// The connection's secrets (the API key and the webhook signing secrets, current and rotated)
/// handed to the host's secret state once per instance, before the first call that could quote
/// them: the host then keeps them encrypted at rest and masks them in every log line, failure
/// reason and HTTP body, as it does for QuickBooks' OAuth tokens.

#include <mutex>
#include <string>

#include <ledgersync/sdk/host_services.hpp>

#include "config.hpp"

namespace ledgersync::connectors::stripe {

class Credentials {
public:
    Credentials(sdk::HostServices host, const StripeConfig& config);

    /// Stores the secrets as one secret state document unless this instance already did.
    /// Throws sdk::Error when the host's state service fails.
    void ensure_masked();

    /// The state key of the document.
    static constexpr const char* kStateKey = "stripe/credentials";

private:
    sdk::HostServices host_;
    const StripeConfig& config_;
    std::once_flag stored_;
};

}  // namespace ledgersync::connectors::stripe
