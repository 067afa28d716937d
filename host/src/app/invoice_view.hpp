#pragma once
/// What the host knows of one invoice, read from its store (the mirror, the links, the sync
/// statuses, the timeline), never from the systems: its canonical copy, its copies in the other
/// connections, and the payments and refunds booked against it with where each is synced.
/// `ledgersync invoices show` prints it; the admin API's invoice detail serves it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/linked_copies.hpp"
#include "config/host_config.hpp"
#include "store/store.hpp"

namespace ledgersync::app {

/// An object as the store knows it: its canonical body, its copies in the other connections
/// (its link group) and where the routes synced it.
struct MirroredObject {
    store::ObjectKey key;
    /// The canonical body as last received.
    nlohmann::json body;
    /// Deleted at its source or in ledgersync (`payments delete`): kept, and shown as such.
    bool deleted = false;
    /// The same object in other connections: a Stripe payment's QuickBooks payment, an
    /// invoice's qbo/invoice/130.
    std::vector<store::ObjectKey> copies;
    std::vector<store::SyncStatus> statuses;
};

/// A payment or refund of the invoice.
struct MoneyMovement : MirroredObject {
    /// For a payment: its refunds.
    std::vector<MoneyMovement> refunds;
};

/// The invoice with the payments booked against it and its timeline.
struct InvoiceView : MirroredObject {
    /// The mirror's entry: system, version, updated_at and the record as received.
    store::MirrorEntry mirrored;
    std::vector<MoneyMovement> payments;
    std::vector<store::TimelineEntry> timeline;
};

/// The connection whose ids the `rel` references of `connection`'s records of `type` carry: a
/// route's references_in (docs/bus.md, "Routes"), else `connection` itself.
std::string reference_connection(const config::HostConfig& config, const std::string& connection,
                                 const std::string& type, const std::string& rel);

/// The invoice `key` as the store knows it, with at most `timeline_limit` timeline entries;
/// nullopt when the mirror has no copy of it. Its payments and their refunds (of every
/// connection) are found in the store's reference index (StoreTransaction::mirror_referring):
/// a few lookups, whatever the number of payments the store holds.
std::optional<InvoiceView> read_invoice_view(store::StoreTransaction& tx, const config::HostConfig& config,
                                             const store::ObjectKey& key, std::int64_t timeline_limit);

/// Where a person opens `copy`, a QuickBooks payment or invoice, in QuickBooks' web app
/// (app.qbo.intuit.com, app.sandbox.qbo.intuit.com, or an emulator's base URL); empty for
/// other connections and types.
std::string qbo_app_link(const config::HostConfig& config, const store::ObjectKey& copy);

/// The view as `invoices show --format json` prints it.
nlohmann::json invoice_view_json(const config::HostConfig& config, const InvoiceView& view);

/// One payment or refund as invoice_view_json shows it (a payment with its refunds): object,
/// source, date, amount, currency, status, deleted, copies, links (QuickBooks app links of the
/// copies), sync_status.
nlohmann::json movement_json(const config::HostConfig& config, const MoneyMovement& movement);

}  // namespace ledgersync::app
