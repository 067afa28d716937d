#pragma once
/// Everything a plugin author needs, in one include.

#include "ledgersync/abi.h"
#include "ledgersync/sdk/config_reader.hpp"
#include "ledgersync/sdk/connector.hpp"
#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/host_services.hpp"
#include "ledgersync/sdk/http.hpp"
#include "ledgersync/sdk/json.hpp"
#include "ledgersync/sdk/json_writer.hpp"
#include "ledgersync/sdk/mapper.hpp"
#include "ledgersync/sdk/money.hpp"
#include "ledgersync/sdk/outcome.hpp"
#include "ledgersync/sdk/plugin.hpp"
#include "ledgersync/sdk/record.hpp"

// Crypto, encodings, time and text for what APIs need (docs/sdk.md, "Crypto, encoding and time").
#include "ledgersync/sdk/calendar_date.hpp"
#include "ledgersync/sdk/crypto.hpp"
#include "ledgersync/sdk/encoding.hpp"
#include "ledgersync/sdk/timestamp.hpp"
#include "ledgersync/sdk/utf8_text.hpp"

// The canonical objects connectors translate to and mappers work on (docs/model.md).
#include "ledgersync/sdk/model/balance_transaction.hpp"
#include "ledgersync/sdk/model/canonical_types.hpp"
#include "ledgersync/sdk/model/customer.hpp"
#include "ledgersync/sdk/model/dispute.hpp"
#include "ledgersync/sdk/model/expense.hpp"
#include "ledgersync/sdk/model/invoice.hpp"
#include "ledgersync/sdk/model/payment.hpp"
#include "ledgersync/sdk/model/payment_allocation.hpp"
#include "ledgersync/sdk/model/payout.hpp"
#include "ledgersync/sdk/model/product.hpp"
#include "ledgersync/sdk/model/record_validation.hpp"
#include "ledgersync/sdk/model/refund.hpp"
