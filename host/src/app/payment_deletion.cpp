#include "app/payment_deletion.hpp"

#include "app/linked_copies.hpp"

namespace ledgersync::app {

namespace {

/// Unsettled jobs of one route and object looked at per deletion: far more than one payment has.
constexpr std::int64_t kJobsPerRoute = 1000;

}  // namespace

PaymentDeletion delete_payment(store::Store& store, const config::HostConfig& config, const store::ObjectKey& key,
                               std::int64_t now_ms, const std::string& requested_by) {
    PaymentDeletion result;
    store.write([&](store::StoreTransaction& tx) {
        result = {};
        const auto held = mirrored_member(tx, config, key);
        if (!held) return;
        const auto entry = tx.mirror(*held);
        result.known = true;
        result.payment = *held;
        result.untouched_copies = copies_of(tx, config, *held);
        if (entry->deleted) {
            result.already_deleted = true;
            return;
        }
        store::MirrorEntry deleted = *entry;
        deleted.deleted = true;
        deleted.seen_at_ms = now_ms;
        tx.put_mirror(deleted);
        for (const auto& route : config.routes) {
            if (!route.takes(held->connection, held->type)) continue;
            for (const auto& job : tx.unsettled_jobs(route.name, *held, kJobsPerRoute)) {
                if (job.state == store::JobState::leased) continue;  // being written: it completes as it is
                tx.set_job_state(job.id, store::JobState::dismissed, now_ms);
                ++result.dismissed;
            }
        }
        std::string untouched;
        for (const auto& c : result.untouched_copies) untouched += (untouched.empty() ? "" : ", ") + c.str();
        tx.add_timeline({*held, now_ms, "deleted", "", 0,
                         "deleted in ledgersync by " + requested_by + ": no longer listed with its invoice, " +
                             std::to_string(result.dismissed) + " waiting write(s) dismissed; QuickBooks is not changed" +
                             (untouched.empty() ? "" : " (" + untouched + " stays)")});
    });
    return result;
}

}  // namespace ledgersync::app
