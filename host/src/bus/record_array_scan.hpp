#pragma once
/// Reads what a mapper returned (a JSON array of record envelopes) without building it: checks
/// that it is well-formed, counts the records and takes each one's identity. The bus keeps the
/// text as the job payload, so a mapped record is parsed in full only by the connector that
/// writes it.

#include <string_view>
#include <vector>

#include <ledgersync/sdk/record.hpp>

namespace ledgersync::bus {

/// The identities of the records in `text`, in order. Throws std::invalid_argument naming what
/// is wrong when `text` is not a JSON array of objects each with an identity of strings.
std::vector<sdk::RecordIdentity> scan_record_array(std::string_view text);

}  // namespace ledgersync::bus
