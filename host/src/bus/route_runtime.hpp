#pragma once
/// A configured route with the mapper instances of its chain, ready to carry records.

#include <string>

#include "bus/mapper_chain.hpp"
#include "bus/route_config.hpp"

namespace ledgersync::bus {

struct RouteRuntime {
    RouteConfig config;
    MapperChain chain;
};

}  // namespace ledgersync::bus
