#pragma once
/// A configured route with the mapper instances of its chain, ready to carry records.

#include <string>
#include <vector>

#include "bus/mapper_chain.hpp"
#include "bus/route_config.hpp"

namespace ledgersync::bus {

struct RouteRuntime {
    RouteConfig config;
    MapperChain chain;

    /// The records the route writes for one source record (its JSON text and identity): the
    /// record itself without mappers, else what the chain makes of it. Runs plugins, so the bus
    /// calls it outside any store transaction. Throws sdk::Error as MapperChain::map does.
    std::vector<MapperChain::Output> map(const std::string& record_text, const sdk::RecordIdentity& identity) const {
        if (chain.empty()) return {{identity, record_text}};
        return chain.map(record_text);
    }
};

}  // namespace ledgersync::bus
