#pragma once
/// Writing canonical payments (from QuickBooks) as HubSpot commerce payments associated with the
/// invoice they pay (docs/connectors/hubspot_payments.md, "Writing"). A batch of up to 100 payments
/// costs four calls whatever its size:
///
/// 1. a batch read of the invoices paid (currency, balance due, status), resolved through each
///    record's invoice link;
/// 2. a batch read of the payments already written, by ledgersync_source_id
///    (<system>/<connection>/<id> of the source payment), so that a replay is not counted twice
///    against the balance;
/// 3. a batch upsert of the payments on ledgersync_source_id (idempotent: a replay after a lost
///    answer finds the payment the first attempt created);
/// 4. a v4 batch association payment -> invoice (type 542, HubSpot's default).
///
/// A payment of more than the invoice's balance due (an overpayment), of another currency, of a
/// voided invoice, of no invoice or of several is a data failure that says so; nothing is
/// written for it.

#include <mutex>
#include <string>
#include <vector>

#include <ledgersync/sdk/connector.hpp>

#include "client.hpp"
#include "property_definitions.hpp"

namespace ledgersync::connectors::hubspot {

class PaymentWriter {
public:
    /// `qbo_payment_link`: the link of a payment written from QuickBooks (config.hpp).
    PaymentWriter(HubSpotClient& client, std::string qbo_payment_link);

    /// One outcome per item (canonical payments), in order. May run on several threads at once.
    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items);

private:
    /// Defines ledgersync_source_id and ledgersync_qbo_link on commerce payments (and their
    /// group) before the first payment is written; once per instance, whatever the number of
    /// writing threads.
    void ensure_properties();

    HubSpotClient& client_;
    const std::string qbo_payment_link_;
    PropertyDefinitions definitions_;
    std::mutex mutex_;
    bool properties_done_ = false;
};

}  // namespace ledgersync::connectors::hubspot
