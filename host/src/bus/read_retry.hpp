#pragma once
/// Reads objects again, by id, when an operator retries their read failures (`ledgersync
/// failures retry`): the connector is asked for exactly those objects (ReadRequest::ids). What
/// now makes a valid record is ingested as usual and its failure resolved; what still does not
/// is a failure again, with one more attempt; what the connector no longer returns (deleted
/// meanwhile) leaves nothing to sync and is resolved. When the connector cannot read by id,
/// the failures go back to open and their timeline says why.

#include <cstdint>
#include <string>
#include <vector>

#include "bus/bus_context.hpp"
#include "bus/ingestor.hpp"
#include "plugin/connector_instance.hpp"

namespace ledgersync::bus {

class ReadRetry {
public:
    ReadRetry(BusContext& context, Ingestor& ingestor, std::string connection, plugin::ConnectorInstance& connector);

    /// Serves the connection's retried read failures, one read per stream; returns how many
    /// it settled. Throws sdk::Error when the connector could not be reached: the failures stay
    /// retried and are served at the next call.
    std::int64_t run_once();

private:
    std::int64_t retry_stream(const std::string& stream, const std::vector<store::Failure>& failures);

    BusContext& context_;
    Ingestor& ingestor_;
    std::string connection_;
    plugin::ConnectorInstance& connector_;
};

}  // namespace ledgersync::bus
