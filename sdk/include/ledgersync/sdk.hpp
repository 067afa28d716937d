#pragma once
/// Everything a plugin author needs, in one include.

#include "ledgersync/abi.h"
#include "ledgersync/sdk/config_reader.hpp"
#include "ledgersync/sdk/connector.hpp"
#include "ledgersync/sdk/host_services.hpp"
#include "ledgersync/sdk/http.hpp"
#include "ledgersync/sdk/json.hpp"
#include "ledgersync/sdk/mapper.hpp"
#include "ledgersync/sdk/outcome.hpp"
#include "ledgersync/sdk/plugin.hpp"
#include "ledgersync/sdk/record.hpp"
