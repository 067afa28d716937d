#include "bus/duplicate_guard.hpp"

#include <algorithm>

#include <ledgersync/sdk/model/invoice.hpp>
#include <ledgersync/sdk/model/invoice_payment.hpp>

namespace ledgersync::bus {

namespace {

/// Where `invoice` stands towards the route's target, in words: "synced to qbo as invoice 130".
std::string whereabouts(store::StoreTransaction& tx, const store::ObjectKey& invoice, const RouteConfig& route) {
    const std::string target = route.to.connection;
    if (const auto member = tx.link_member(invoice)) {
        if (const auto copy = tx.linked_member(member->entity_id, target, route.to.type)) {
            return "synced to " + target + " as " + copy->object.type + " " + copy->object.id;
        }
    }
    for (const auto& status : tx.sync_statuses(invoice)) {
        if (status.target_connection != target) continue;
        return "not in " + target + " yet (its sync status there is " + std::string(store::to_string(status.state)) +
               (status.reason.empty() ? std::string() : ": " + status.reason) + ")";
    }
    if (tx.mirror(invoice)) return "not synced to " + target + " (no route has written it there)";
    return "not read by ledgersync yet";
}

}  // namespace

std::optional<PaymentMadeElsewhere> DuplicateGuard::payment_made_elsewhere(const PreparedRecord& record) {
    if (record.deleted || record.key.type != sdk::model::Invoice::kType) return std::nullopt;
    const auto body = record.record_json.find("body");
    if (body == record.record_json.end() || !body->is_object()) return std::nullopt;
    const auto payments = body->find("payments");
    if (payments == body->end() || !payments->is_array()) return std::nullopt;
    // The record passed the canonical checks: each entry reads without problems.
    sdk::model::ValidationProblems ignored;
    for (std::size_t i = 0; i < payments->size(); ++i) {
        const auto entry = sdk::model::InvoicePayment::read((*payments)[i], "/payments/" + std::to_string(i), ignored);
        if (!entry || entry->made_through != sdk::model::PaymentChannel::invoice || !entry->source_invoice) continue;
        if (*entry->source_invoice != record.key.id) return PaymentMadeElsewhere{entry->payment, *entry->source_invoice};
    }
    return std::nullopt;
}

std::optional<std::string> DuplicateGuard::refuse(store::StoreTransaction& tx, const RouteConfig& route, const PreparedRecord& record,
                            const PaymentMadeElsewhere& why, std::int64_t now) {
    const store::ObjectKey& source = record.key;
    const store::ObjectKey through{source.connection, source.type, why.source_invoice};
    const std::string reason =
        "not created in " + route.to.connection + ": payment " + why.payment + " of this invoice was made through invoice " +
        why.source_invoice + " (" + through.str() + ", " + whereabouts(tx, through, route) +
        "), which already bills it; this invoice bills the same payment again (one payment, two invoices: an automation "
        "that makes a paid invoice for every payment, such as a \"create paid invoice\" workflow, should skip payments "
        "whose source is an invoice). If it really is a separate sale, remove payment " +
        why.payment + " from this invoice in " + record.system +
        " (and record the sale's own payment): its next change is routed as usual";
    // Earlier versions still to be written would create the invoice all the same.
    for (const auto& job : tx.unsettled_jobs(route.name, source, store::kUnsettledJobsOfAnObject)) {
        if (job.state == store::JobState::leased) continue;  // being written: its outcome stands
        if (job.state == store::JobState::failed) tx.resolve_failure_of_job(job.id, now);
        tx.set_job_state(job.id, store::JobState::dismissed, now);
        tx.add_timeline({source, now, "superseded", route.name, job.id,
                         "version " + job.source_version + " is not written: version " + record.version +
                             " is refused as a duplicate"});
    }
    const auto statuses = tx.sync_statuses(source);
    const bool shown = std::any_of(statuses.begin(), statuses.end(), [&](const store::SyncStatus& status) {
        return status.target_connection == route.to.connection && status.state == store::SyncState::refused &&
               status.reason == reason;
    });
    tx.put_sync_status({source, route.name, route.to.connection, store::SyncState::refused, "", reason, 0, now});
    tx.add_timeline({source, now, "duplicate_refused", route.name, 0, "version " + record.version + " " + reason});
    if (shown) return std::nullopt;
    return reason;
}

}  // namespace ledgersync::bus
