#pragma once
/// Base class of mapper plugins: pure functions from one canonical record to zero or more.
/// A mapper is deterministic, does no I/O and may be called from several threads at once.
/// Export the class with LEDGERSYNC_MAPPER (plugin.hpp).

#include <vector>

#include "ledgersync/sdk/outcome.hpp"
#include "ledgersync/sdk/record.hpp"

namespace ledgersync::sdk {

class Mapper {
public:
    virtual ~Mapper() = default;

    /// Maps `record`, which is yours to change and return (it is passed by value so that a mapper
    /// that edits a field moves the record through instead of copying it). Return it (changed or
    /// not) to pass it on, an empty vector to filter it out, several records to fan out. Throw
    /// sdk::Error(Outcome::data(reason, fix)) for a record that cannot be mapped: it becomes a
    /// failure with that reason, and nothing is dropped.
    virtual std::vector<Record> map(Record record) const = 0;
};

}  // namespace ledgersync::sdk
