// The plugin's one exported entry point (the SDK's C ABI), checked against manifest.json.
#include "fee_expense_mapper.hpp"

LEDGERSYNC_MAPPER(ledgersync::mappers::fee_expense::FeeExpenseMapper, "fee_expense", "1.0.0")
