#pragma once
/// The HubSpot account's company currency: the currency a product's `price` is in.
///
/// Read with GET /account-info/v3/details (`companyCurrency`; HubSpot's "Retrieve account
/// details", developers.hubspot.com/docs/api-reference/legacy/account/account-information/
/// get-account-details, the same answer as the date-versioned /account-info/2026-03/details)
/// once per connector instance, when the first product is translated, and kept: an account's
/// company currency is set once when multi-currency is turned on and is not expected to change
/// under a running connection. A failed read is not kept (the next product tries again) and is
/// never replaced by a guess: prices in an unknown currency are not translated.

#include <mutex>
#include <optional>
#include <string>

#include "client.hpp"

namespace ledgersync::connectors::hubspot {

class CompanyCurrency {
public:
    explicit CompanyCurrency(HubSpotClient& client);

    /// The account's company currency, an ISO 4217 code ("EUR"). Reads it on the first call;
    /// concurrent first calls wait for one read. Throws sdk::Error classified like any call
    /// (auth, rate limited, transient), or transient when the answer carries no currency code.
    std::string get();

private:
    HubSpotClient& client_;
    std::mutex mutex_;
    std::optional<std::string> currency_;
};

}  // namespace ledgersync::connectors::hubspot
