// The plugin's one exported symbol: the Stripe connector, built only through the SDK.

#include <ledgersync/sdk.hpp>

#include "connector.hpp"

LEDGERSYNC_CONNECTOR(ledgersync::connectors::stripe::StripeConnector, "stripe", "1.0.0")
