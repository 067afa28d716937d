#pragma once
// What the mapper cannot make representable in QuickBooks Online is a data failure of this one
// invoice, with the reason and the fix (docs/mappings.md lists every message).

#include <string>

#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::mappers::qbo_invoice_rules {

/// Throws sdk::Error(data) "<label>: <reason>" with `fix` as the fix hint.
[[noreturn]] inline void refuse(const std::string& label, const std::string& reason, const std::string& fix) {
    throw sdk::Error(sdk::Outcome::data(label + ": " + reason, fix));
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
