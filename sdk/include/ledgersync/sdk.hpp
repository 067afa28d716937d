#pragma once
/// Everything a plugin author needs, in one include.

#include "ledgersync/abi.h"
#include "ledgersync/sdk/config_reader.hpp"
#include "ledgersync/sdk/connector.hpp"
#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/host_services.hpp"
#include "ledgersync/sdk/http.hpp"
#include "ledgersync/sdk/json.hpp"
#include "ledgersync/sdk/mapper.hpp"
#include "ledgersync/sdk/money.hpp"
#include "ledgersync/sdk/outcome.hpp"
#include "ledgersync/sdk/plugin.hpp"
#include "ledgersync/sdk/record.hpp"

// The canonical objects connectors translate to and mappers work on (docs/model.md).
#include "ledgersync/sdk/model/canonical_types.hpp"
#include "ledgersync/sdk/model/customer.hpp"
#include "ledgersync/sdk/model/expense.hpp"
#include "ledgersync/sdk/model/invoice.hpp"
#include "ledgersync/sdk/model/payment.hpp"
#include "ledgersync/sdk/model/product.hpp"
#include "ledgersync/sdk/model/record_validation.hpp"
#include "ledgersync/sdk/model/refund.hpp"
