#pragma once
/// What `ledgersync invoices show` prints about one invoice, read from the host's store (the
/// mirror, the links, the sync statuses, the timeline), never from the systems: its canonical
/// copy, its copies in the other connections, and the payments and refunds booked against it
/// with where each is synced.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/linked_copies.hpp"
#include "config/host_config.hpp"
#include "store/store.hpp"

namespace ledgersync::cli {

/// A payment or refund of the invoice, with its copies in other connections.
struct MoneyMovement {
    store::ObjectKey key;
    /// The canonical body as last received.
    nlohmann::json body;
    /// Deleted at its source or in ledgersync (`payments delete`): kept, and shown as such.
    bool deleted = false;
    /// The same object in other connections (a Stripe payment's QuickBooks payment).
    std::vector<store::ObjectKey> copies;
    std::vector<store::SyncStatus> statuses;
    /// For a payment: its refunds.
    std::vector<MoneyMovement> refunds;
};

struct InvoiceView {
    store::ObjectKey key;
    nlohmann::json body;
    bool deleted = false;
    /// The invoice in the other connections (its link group), e.g. qbo/invoice/130.
    std::vector<store::ObjectKey> copies;
    std::vector<store::SyncStatus> statuses;
    std::vector<MoneyMovement> payments;
    std::vector<store::TimelineEntry> timeline;
};

using app::copies_of;

/// The connection whose ids the `rel` references of `connection`'s records of `type` carry: a
/// route's references_in (docs/bus.md, "Routes"), else `connection` itself.
std::string reference_connection(const config::HostConfig& config, const std::string& connection,
                                 const std::string& type, const std::string& rel);

/// The invoice `key` as the store knows it; nullopt when the mirror has no copy of it. Payments
/// are found by scanning the mirror's payments and refunds (every connection).
std::optional<InvoiceView> read_invoice_view(store::StoreTransaction& tx, const config::HostConfig& config,
                                             const store::ObjectKey& key);

/// Where a person opens `copy`, a QuickBooks payment or invoice, in QuickBooks' web app
/// (app.qbo.intuit.com, app.sandbox.qbo.intuit.com, or an emulator's base URL); empty for
/// other connections and types.
std::string qbo_app_link(const config::HostConfig& config, const store::ObjectKey& copy);

/// The view as `invoices show --format json` prints it.
nlohmann::json invoice_view_json(const config::HostConfig& config, const InvoiceView& view);

}  // namespace ledgersync::cli
