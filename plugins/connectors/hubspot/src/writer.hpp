#pragma once
/// Writing canonical invoices (from QuickBooks) as HubSpot invoices (docs/connectors/hubspot.md,
/// "Writing"). A batch of up to 100 items costs a handful of calls whatever its size:
///
/// 1. batch upsert of the invoices on ledgersync_source_id (<system>/<connection>/<id> of the
///    source invoice), created as drafts; never associated with a deal. An invoice the host
///    links to a HubSpot invoice (WriteItem::target_id: one that came from HubSpot, or was
///    written before) is updated by that id instead, its identity properties left as they are;
/// 2. batch upserts of their line items, discounts, fees and taxes on ledgersync_source_id
///    (<invoice's>#line<n>, #discount<n>, #fee<n>, #tax<n>, #discount), as adjustments.hpp
///    makes them;
/// 3. v4 batch associations invoice -> line items (409), discounts (411), fees (413), taxes
///    (415) and contact (177); with customer_from "company", the customer is a company: the
///    invoice is associated with it (179) and with its first contact (177, the lowest id, read
///    in one v4 batch read before anything is written), since HubSpot opens an invoice only with
///    a contact;
/// 4. for invoices that existed before, what the connector wrote earlier and the source no
///    longer has is unassociated and archived (stale_children.hpp); for an invoice that came
///    from HubSpot (no ledgersync_source_id: one batch read of the linked invoices tells), every
///    child not just written (the source holds all of its lines);
/// 5. a batch read of the invoices' status, then a batch update finalizing drafts (open) and
///    voiding what the source voided;
/// 6. the deal rule for the invoices that existed before (deal_latest_invoice.hpp): their deals
///    show the most recently updated source invoice; each decision is in the outcome's details
///    ({"deals": [{"deal", "written", "reason"?}]}).
///
/// Every step is idempotent, so a batch replayed after a lost response (or a crash) finds what
/// the first attempt created: no duplicate invoice, no duplicate line item. HubSpot's errors,
/// per input (207) or for the whole call, become each item's outcome with HubSpot's reason.

#include <string>
#include <vector>

#include <ledgersync/sdk/connector.hpp>

#include "client.hpp"
#include "config.hpp"
#include "custom_properties.hpp"
#include "deal_latest_invoice.hpp"

namespace ledgersync::connectors::hubspot {

class Writer {
public:
    /// `config` (customer_from: what the invoice's customer link names; the invoice custom
    /// properties) outlives the writer.
    Writer(HubSpotClient& client, CustomProperties& properties, const HubSpotConfig& config);

    /// One outcome per item, in order. May run on several threads at once.
    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items);

private:
    HubSpotClient& client_;
    CustomProperties& properties_;
    const HubSpotConfig& config_;
    DealLatestInvoice deals_;
};

}  // namespace ledgersync::connectors::hubspot
