// The plugin's one exported symbol: the QuickBooks Online connector, built only through the SDK.

#include <ledgersync/sdk.hpp>

#include "connector.hpp"

LEDGERSYNC_CONNECTOR(ledgersync::connectors::quickbooks::QuickBooksConnector, "quickbooks", "1.0.0")
