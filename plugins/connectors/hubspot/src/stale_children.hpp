#pragma once
/// Removing from HubSpot invoices what the connector wrote earlier and the source no longer has
/// (docs/connectors/hubspot.md, "Writing"): line items, discounts, fees and taxes associated
/// with an invoice whose ledgersync_source_id is the invoice's own followed by "#" and that are
/// not among the ones just written lose their association and are archived, so HubSpot's totals
/// are the source's. Objects without such a source id (added in HubSpot by hand) are left alone,
/// except on an invoice that came from HubSpot (WrittenInvoice::replaces_all).
///
/// Cost per batch of up to 1,000 updated invoices: one v4 association batch read per child
/// type; then, only where an invoice has more children than were written, a batch read of their
/// source ids, and per type one association archive and one object archive call.

#include <set>
#include <string>
#include <vector>

#include "client.hpp"

namespace ledgersync::connectors::hubspot {

/// An invoice just written, and the HubSpot ids of the children written with it.
struct WrittenInvoice {
    std::string invoice_id;
    std::string source_id;
    std::set<std::string> child_ids;
    /// An invoice that came from HubSpot, written from the source the host links it to: the
    /// source holds all its lines, so every child not just written is stale (HubSpot's own line
    /// items, which the source's copies replace).
    bool replaces_all = false;
};

class StaleChildren {
public:
    explicit StaleChildren(HubSpotClient& client);

    /// Removes the stale children of `invoices`; the number removed. Throws sdk::Error when a
    /// call fails (every step can be repeated: the next write finds what is left).
    std::size_t remove(const std::vector<WrittenInvoice>& invoices);

private:
    HubSpotClient& client_;
};

}  // namespace ledgersync::connectors::hubspot
