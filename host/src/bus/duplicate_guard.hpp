#pragma once
/// One payment, two invoices: with two-way invoice sync, an automation that makes a paid
/// invoice for every payment (HubSpot's "create paid invoice" workflow action) also fires for
/// payments a buyer made through an invoice, and bills that payment a second time. The bus
/// never creates the counterpart of such an invoice: an invoice one of whose payments was made
/// through *another* invoice (canonical `payments[].made_through` "invoice" with a
/// `source_invoice` that is not the invoice itself) is refused, with its reason, on every route
/// that has not written it yet (docs/bus.md, "Duplicates"). Always on, for every route from an
/// invoice; an invoice already in the route's target is updated as usual.

#include <cstdint>
#include <optional>
#include <string>

#include "bus/ingest_batch.hpp"
#include "bus/route_config.hpp"
#include "store/store.hpp"

namespace ledgersync::bus {

/// Why an invoice is a duplicate: its payment, and the invoice that payment was made through.
struct PaymentMadeElsewhere {
    std::string payment;
    std::string source_invoice;
};

class DuplicateGuard {
public:
    /// The first payment of invoice record `record` (its JSON form) made through another invoice
    /// of the same system; nullopt for other types, deletions, and invoices whose payments were
    /// all made through themselves or elsewhere.
    static std::optional<PaymentMadeElsewhere> payment_made_elsewhere(const PreparedRecord& record);

    /// Inside `tx`, instead of the jobs `route` would make to create the counterpart of
    /// `record`, a duplicate because of `why` (the record is not yet in the route's target):
    /// records the refusal (timeline `duplicate_refused` saying which payment, through which
    /// invoice, where that invoice is synced and how to override; sync status `refused`) and
    /// settles the route's earlier versions of the object not yet written (they would create it
    /// all the same). Returns the reason when the object's sync status changes with it (its
    /// first refusal, or another reason); nullopt when it already showed this refusal, so that
    /// showing the status in the source (a new version of the object) refuses nothing new.
    static std::optional<std::string> refuse(store::StoreTransaction& tx, const RouteConfig& route, const PreparedRecord& record,
                       const PaymentMadeElsewhere& why, std::int64_t now);
};

}  // namespace ledgersync::bus
