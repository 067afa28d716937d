// The plugin's one exported symbol: the HubSpot connector, built only through the SDK.

#include <ledgersync/sdk.hpp>

#include "connector.hpp"

LEDGERSYNC_CONNECTOR(ledgersync::connectors::hubspot::HubSpotConnector, "hubspot", "1.0.0")
