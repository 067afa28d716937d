// The plugin's one exported symbol: the hubspot_payments connector, built only through the SDK.

#include <ledgersync/sdk.hpp>

#include "connector.hpp"

LEDGERSYNC_CONNECTOR(ledgersync::connectors::hubspot::HubSpotPaymentsConnector, "hubspot_payments", "1.0.0")
