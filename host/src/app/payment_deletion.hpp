#pragma once
/// Deleting a payment in ledgersync only (MISSION.md point 13), as `ledgersync payments delete`
/// and DELETE /api/v1/payments/{connection}/{id} do it: the payment is marked deleted in the
/// store (its history stays), its writes still waiting are dismissed, and a timeline entry says
/// so. QuickBooks is never changed: a payment already booked there stays until someone voids or
/// deletes it in QuickBooks. A later change of the payment at its source brings it back.

#include <cstdint>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "store/store.hpp"

namespace ledgersync::app {

struct PaymentDeletion {
    /// The bus has received the payment (nothing else is set otherwise).
    bool known = false;
    /// The payment deleted: the one named, or, when it was named by a copy the store never read
    /// back (its QuickBooks payment), the source that copy was written for.
    store::ObjectKey payment;
    /// It was deleted before: nothing changed.
    bool already_deleted = false;
    /// Waiting writes of the payment dismissed (those being written complete as they are).
    std::int64_t dismissed = 0;
    /// The payment's copies in other connections (its QuickBooks payment), left as they are.
    std::vector<store::ObjectKey> untouched_copies;
};

/// Deletes payment `key` in ledgersync; `requested_by` ("`ledgersync payments delete`") is named
/// in its timeline entry.
PaymentDeletion delete_payment(store::Store& store, const config::HostConfig& config, const store::ObjectKey& key,
                               std::int64_t now_ms, const std::string& requested_by);

}  // namespace ledgersync::app
