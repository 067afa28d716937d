// The plugin's one exported entry point (the SDK's C ABI), checked against manifest.json.
#include "qbo_invoice_rules_mapper.hpp"

LEDGERSYNC_MAPPER(ledgersync::mappers::qbo_invoice_rules::QboInvoiceRulesMapper, "qbo_invoice_rules", "1.0.0")
